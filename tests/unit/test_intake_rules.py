"""Registration rules: credit and identity numbers, case numbers, places,
attachments, masking by role, public and staff timeline lines."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from pydantic import ValidationError

from common.auth import Principal
from common.errors import Unprocessable
from common.vocabulary import Role
from intake.config import Settings
from intake.domain.attachments import (
    DOCX,
    XLSX,
    AttachmentLimits,
    PayloadTooLarge,
    UnsupportedMediaType,
    check_upload,
    safe_filename,
    sniff,
)
from intake.domain.submission import (
    Street,
    area_of,
    case_number,
    normalise_address,
    normalise_phone,
    submitter_key,
    valid_identity_number,
    valid_uscc,
)
from intake.domain.timeline import public_entry, staff_entry
from intake.schemas import Submitter
from intake.service.staff_views import submitter_view

NAMES = {"urban-management": "城市管理局"}


@pytest.mark.parametrize("code", ["91350100M000100Y43", "91110000600037341L"])
def test_valid_credit_codes(code: str) -> None:
    assert valid_uscc(code)


@pytest.mark.parametrize(
    "code",
    [
        "91350100M000100Y44",  # wrong check character
        "91350100M000100Y4",  # too short
        "91350100M000100Y4I",  # I is not in the alphabet
        "91350100m000100Y43",  # lower case
        "",
    ],
)
def test_invalid_credit_codes(code: str) -> None:
    assert not valid_uscc(code)


@pytest.mark.parametrize("number", ["11010519491231002X", "430104198504121234"])
def test_valid_identity_numbers(number: str) -> None:
    assert valid_identity_number(number)


@pytest.mark.parametrize(
    "number",
    [
        "110105194912310021",  # wrong check character
        "430104198504121235",  # wrong check digit
        "430104198502301236",  # 30 February
        "43010418500412123X",  # born before 1900
        "43010419850412123",  # 17 characters
        "4301041985041212341",  # 19 characters
        "43010419850412123x",  # lower case x (the schema upper-cases first)
        "",
    ],
)
def test_invalid_identity_numbers(number: str) -> None:
    assert not valid_identity_number(number)


def test_submitter_schema_checks_identity_number_and_upper_cases_x() -> None:
    person = Submitter(name="张", phone="13800000001", identity_number="11010519491231002x")
    assert person.identity_number == "11010519491231002X"
    with pytest.raises(ValidationError):
        Submitter(name="张", phone="13800000001", identity_number="110105194912310021")
    with pytest.raises(ValidationError):
        Submitter(name="张")  # type: ignore[call-arg]  # a phone is required


def test_enterprise_needs_name_and_valid_credit_code_not_an_identity_number() -> None:
    ok = Submitter(
        kind="enterprise",  # type: ignore[arg-type]
        name="李经理",
        phone="13800000002",
        enterprise_name="某公司",
        uscc="91350100M000100Y43",
    )
    assert ok.uscc == "91350100M000100Y43"
    with pytest.raises(ValidationError):
        Submitter(kind="enterprise", name="李", phone="138000", uscc="91350100M000100Y43")  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        Submitter(
            kind="enterprise",  # type: ignore[arg-type]
            name="李",
            phone="13800000002",
            enterprise_name="某公司",
            uscc="91350100M000100Y43",
            identity_number="11010519491231002X",
        )


def test_case_number_reads_as_date_and_sequence() -> None:
    assert case_number(datetime(2022, 4, 12, tzinfo=UTC), 42) == "20220412000042"


def test_case_number_takes_its_date_from_asia_shanghai() -> None:
    # 02:33 on 30 November in the district is still 29 November in UTC
    registered = datetime(2026, 11, 29, 18, 33, tzinfo=UTC)
    assert case_number(registered, 7) == "20261130000007"
    assert case_number(datetime(2026, 11, 29, 15, 59, tzinfo=UTC), 8) == "20261129000008"


def test_submitter_key_and_normalised_forms() -> None:
    assert normalise_phone("+86 138-0000-0001") == "13800000001"
    assert submitter_key(phone="138 0000 0001", uscc=None) == "phone:13800000001"
    assert submitter_key(phone="13800000001", uscc="91350100M000100Y43") == (
        "uscc:91350100M000100Y43"
    )
    assert submitter_key(phone=None, uscc=None) is None
    assert normalise_address("湘江新区 望月湖路１２号。") == normalise_address(
        "湘江新区望月湖路12号"
    )
    assert normalise_address("某地") is None  # too short to say where


def test_area_is_the_street_the_address_names() -> None:
    streets = [Street("street-yuelu", "岳麓街道"), Street("street-wangyue", "望月湖街道")]
    assert area_of("湘江新区望月湖街道望月湖路12号", streets) == "street-wangyue"
    assert area_of("岳麓街道某小区", streets) == "street-yuelu"
    assert area_of("湘江新区望月湖路12号", streets) is None  # a road, not the street
    assert area_of(None, streets) is None


def _office(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "media_type"),
    [
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "image/webp"),
        (b"%PDF-1.7\n%\xe2\xe3", "application/pdf"),
        (_office("word/document.xml"), DOCX),
        (_office("xl/workbook.xml"), XLSX),
    ],
)
def test_allowed_types_are_recognised_by_their_bytes(content: bytes, media_type: str) -> None:
    assert sniff(content) == media_type


@pytest.mark.parametrize(
    "content",
    [
        b"MZ\x90\x00 an executable named photo.jpg",
        b"<html><script>alert(1)</script>",
        b"GIF89a",
        b"PK\x03\x04 not really a zip",
        _office("ppt/presentation.xml"),  # a ZIP, but not docx or xlsx
        b"RIFF\x24\x00\x00\x00WAVEfmt ",
    ],
)
def test_other_bytes_are_refused_whatever_the_name(content: bytes) -> None:
    assert sniff(content) is None
    with pytest.raises(UnsupportedMediaType) as refused:
        check_upload(
            content,
            already_attached=0,
            limits=Settings(
                database_url="postgresql://x@y/z", kafka_bootstrap_servers="k:9092"
            ).attachment_limits(),
        )
    assert refused.value.status == 415 and refused.value.code == "unsupported_media_type"


def test_attachment_limits() -> None:
    limits = AttachmentLimits(max_bytes=1000, max_per_case=2)
    photo = b"\xff\xd8\xff" + b"\x00" * 500
    assert check_upload(photo, already_attached=1, limits=limits) == "image/jpeg"
    with pytest.raises(PayloadTooLarge) as too_big:
        check_upload(photo * 2, already_attached=0, limits=limits)
    assert too_big.value.status == 413 and too_big.value.details["max_bytes"] == 1000
    with pytest.raises(Unprocessable) as too_many:
        check_upload(photo, already_attached=2, limits=limits)
    assert too_many.value.code == "too_many_attachments"
    with pytest.raises(Unprocessable) as empty:
        check_upload(b"", already_attached=0, limits=limits)
    assert empty.value.code == "empty_attachment"


def test_download_names_carry_no_path_and_the_true_extension() -> None:
    assert safe_filename("../../etc/passwd", "application/pdf") == "passwd.pdf"
    assert safe_filename("C:\\photos\\路灯.PNG", "image/jpeg") == "路灯.jpg"
    assert safe_filename(None, "image/png") == "attachment.png"
    assert safe_filename('a"b;c.jpg', "image/jpeg") == "abc.jpg"


CASE = SimpleNamespace(
    submitter_kind="person",
    submitter_name="张先生",
    submitter_phone="13800000001",
    submitter_identity="430104198504121234",
    enterprise_name=None,
    enterprise_uscc=None,
)


@pytest.mark.parametrize("role", list(Role))
def test_contact_details_masked_except_for_clerk_and_callback_agent(role: Role) -> None:
    shown = submitter_view(CASE, Principal("u", role, department="urban-management"))
    if role in (Role.CLERK, Role.CALLBACK_AGENT):
        assert shown["phone"] == "13800000001"
        assert shown["identity_number"] == "430104198504121234"
        assert not shown["contact_details_masked"]
    else:
        assert shown["phone"] == "138****0001"
        assert shown["identity_number"] == "4301**********1234"
        assert shown["contact_details_masked"]
    assert shown["name"] == "张先生"


def test_public_lines_name_departments_and_hide_internal_events() -> None:
    assigned = public_entry("CaseAssigned", {"lead_department": "urban-management"}, NAMES)
    assert assigned is not None and assigned.status == "assigned"
    assert "城市管理局" in assigned.text
    resolved = public_entry(
        "CaseResolved",
        {"department": "urban-management", "result": "solved", "summary": "42盏路灯全部亮起"},
        NAMES,
    )
    assert resolved is not None and "已解决" in resolved.text and "42盏" in resolved.text
    for internal in (
        "DeadlineExceeded",
        "SupervisionSignalRecorded",
        "ExtensionRequested",
        "ExtensionDenied",
        "CoHandlerOpinionFiled",
    ):
        assert public_entry(internal, {}, NAMES) is None


@pytest.mark.parametrize(
    ("event_type", "payload", "status", "words"),
    [
        ("CaseRejected", {"reason": "不属于本区职责"}, "rejected", "不予受理：不属于本区职责"),
        (
            "CaseResolvedOnTheSpot",
            {"outcome": "resolve_on_the_spot", "answer": "当场补办"},
            "resolved_on_the_spot",
            "窗口当场办结：当场补办",
        ),
        (
            "CaseResolvedOnTheSpot",
            {"outcome": "answer_consultation", "answer": "需携带身份证"},
            "resolved_on_the_spot",
            "已解释答疑：需携带身份证",
        ),
        ("CaseMerged", {"original_case_id": "20260412000001"}, "merged", "20260412000001"),
        ("CaseReturned", {"department": "urban-management"}, "awaiting_dispatch", "重新分派"),
        ("ReturnArbitrated", {"decision": "reroute"}, "awaiting_dispatch", "改由其他单位"),
        (
            "ReturnArbitrated",
            {"decision": "send_back", "returning_department": "urban-management"},
            "assigned",
            "仍由城市管理局办理",
        ),
        ("CaseSuspended", {"reason": "请补充照片"}, "suspended", "请补充照片"),
        ("CaseResumed", {"department": "urban-management"}, "in_progress", "城市管理局已恢复办理"),
        ("ExtensionGranted", {"working_days": 5}, "in_progress", "延长5个工作日"),
        ("CaseReopened", {}, "reopened", "重新办理"),
        ("CaseClosed", {}, "closed", "已办结归档"),
        ("CaseReferredToSupervision", {}, "supervised", "督办"),
    ],
)
def test_public_lines_of_screening_and_handling_events(
    event_type: str, payload: dict[str, object], status: str, words: str
) -> None:
    entry = public_entry(event_type, payload, NAMES)
    assert entry is not None and entry.status == status and words in entry.text


def test_staff_lines_name_the_actor_and_carry_the_reason() -> None:
    line = staff_entry(
        "CaseReturned",
        {"department": "urban-management", "reason": "不属于本单位职责", "actor": "handler:wang"},
        NAMES,
        producer="dispatch",
    )
    assert line.label == "退单" and line.actor == "handler:wang"
    assert "不属于本单位职责" in line.detail
    internal = staff_entry(
        "ExtensionRequested",
        {
            "department": "urban-management",
            "working_days": 5,
            "reason": "需要协调",
            "actor": "handler:li",
        },
        NAMES,
        producer="d",
    )
    assert internal.label == "延期申请"
    assert internal.detail == "城市管理局申请延期5个工作日：需要协调"
    agentless = staff_entry("CaseQueuedForDispatcher", {"reason": "no rule"}, NAMES, producer="x")
    assert agentless.actor == "system:x"


@pytest.mark.parametrize(
    ("event_type", "payload", "detail"),
    [
        (
            "SubmitterContacted",
            {"department": "urban-management", "note": "电话联系张先生"},
            "城市管理局已与诉求人联系：电话联系张先生",
        ),
        (
            "ExtensionDenied",
            {"department": "urban-management", "reason": "理由不充分"},
            "不同意城市管理局的延期申请：理由不充分",
        ),
        (
            "CoHandlerOpinionFiled",
            {"department": "urban-management", "round": 2, "opinion": "配合排查"},
            "城市管理局提交第2轮协办意见：配合排查",
        ),
        (
            "CallbackCompleted",
            {"satisfaction": "dissatisfied", "solved": False, "comment": "灯还是不亮"},
            "回访结果：不满意，未解决（灯还是不亮）",
        ),
        (
            "CallbackFailed",
            {"attempts": 3, "last_outcome": "no_answer", "policy_outcome": "close_unrated"},
            "回访3次未能联系上诉求人（最后一次：无人接听）",
        ),
    ],
)
def test_staff_only_lines_are_worded_for_staff_in_chinese(
    event_type: str, payload: dict[str, object], detail: str
) -> None:
    line = staff_entry(event_type, payload, NAMES, producer="x")
    assert line.detail == detail
