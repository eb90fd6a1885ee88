"""Staff views on the running system: attachments (upload, download, 413/415/422),
contact details masked by role, handlers limited to their department's cases, and the
category catalogue edited without a restart (tracking codes: test_intake_tracking)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from common.vocabulary import Role
from tests.support.kafka import eventually
from tests.support.loop import LEAD, submit, wait_state
from tests.support.screening import CLERK, staff_view
from tests.support.serial import next_serial
from tests.support.stack import Stack
from tests.support.staff import headers_for

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 40
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
IDENTITY = "11010519491231002X"


async def assigned_case(http: httpx.AsyncClient, stack: Stack) -> dict[str, Any]:
    """An assigned case from a submitter with an identity number; `phone` in the result."""
    phone = f"1370000{next_serial():04d}"
    receipt = await submit(
        http, stack, submitter={"name": "陈女士", "phone": phone, "identity_number": IDENTITY}
    )
    await wait_state(http, stack, receipt["case_id"], "assigned")

    async def handlers_known() -> bool:
        view = await staff_view(http, stack, receipt["case_id"])
        return view["handling"] is not None

    await eventually(handlers_known)
    return {**receipt, "phone": phone}


async def test_attachments_upload_download_and_refusals(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    receipt = await submit(http, stack)
    case_id, code = receipt["case_id"], receipt["tracking_code"]
    intake = stack.url("intake")
    public_url = f"{intake}/api/v1/public/cases/{case_id}/attachments"
    staff_url = f"{intake}/api/v1/staff/cases/{case_id}/attachments"

    photo = await http.post(
        public_url,
        params={"code": code, "filename": "路灯.png"},  # the name lies; the bytes are JPEG
        content=JPEG,
        headers={"Content-Type": "image/png"},
    )
    assert photo.status_code == 201, photo.text
    assert photo.json()["media_type"] == "image/jpeg" and photo.json()["filename"] == "路灯.jpg"
    document = await http.post(
        staff_url, params={"filename": "说明.pdf"}, content=PDF, headers=CLERK
    )
    assert document.status_code == 201, document.text

    wrong_code = await http.post(public_url, params={"code": "000000"}, content=JPEG)
    if code != "000000":
        assert wrong_code.status_code == 404
    executable = await http.post(
        staff_url, params={"filename": "photo.jpg"}, content=b"MZ\x90\x00" * 100, headers=CLERK
    )
    assert executable.status_code == 415
    assert executable.json()["error"] == "unsupported_media_type"
    assert "image/jpeg" in executable.json()["allowed"]
    too_big = await http.post(
        staff_url, content=JPEG[:3] + b"\x00" * (11 * 1024 * 1024), headers=CLERK
    )
    assert too_big.status_code == 413 and too_big.json()["error"] == "payload_too_large"
    not_a_handler = await http.post(
        staff_url, content=JPEG, headers=headers_for(Role.HANDLER, LEAD)
    )
    assert not_a_handler.status_code == 403

    view = await staff_view(http, stack, case_id)
    listed = {a["filename"]: a for a in view["attachments"]}
    assert set(listed) == {"路灯.jpg", "说明.pdf"}
    assert listed["路灯.jpg"]["uploaded_by"] == "web:submitter"
    assert listed["说明.pdf"]["uploaded_by"] == "clerk:window-1"
    assert "content" not in listed["说明.pdf"]
    uploads = [line for line in view["timeline"] if line["action"] == "AttachmentAdded"]
    assert [line["actor"] for line in uploads] == ["web:submitter", "clerk:window-1"]

    download = await http.get(
        f"{staff_url}/{listed['路灯.jpg']['attachment_id']}",
        headers=headers_for(Role.SUPERVISOR),
    )
    assert download.status_code == 200 and download.content == JPEG
    assert download.headers["content-type"] == "image/jpeg"
    assert download.headers["x-content-type-options"] == "nosniff"
    assert "attachment" in download.headers["content-disposition"]
    anonymous = await http.get(f"{staff_url}/{listed['路灯.jpg']['attachment_id']}")
    assert anonymous.status_code == 401

    for _ in range(7):
        assert (await http.post(staff_url, content=PDF, headers=CLERK)).status_code == 201
    tenth = await http.post(staff_url, content=PDF, headers=CLERK)
    assert tenth.status_code == 422 and tenth.json()["error"] == "too_many_attachments"


@pytest.mark.parametrize("role", list(Role))
async def test_contact_details_are_masked_by_role(
    stack: Stack, http: httpx.AsyncClient, role: Role
) -> None:
    receipt = await assigned_case(http, stack)
    department = LEAD if role is Role.HANDLER else None
    view = await staff_view(http, stack, receipt["case_id"], headers_for(role, department))
    submitter = view["submitter"]
    phone = receipt["phone"]
    if role in (Role.CLERK, Role.CALLBACK_AGENT):
        assert (submitter["phone"], submitter["identity_number"]) == (phone, IDENTITY)
    else:
        assert submitter["phone"] == f"137****{phone[-4:]}"
        assert submitter["identity_number"] == "1101**********002X"
    listed = await http.get(
        f"{stack.url('intake')}/api/v1/staff/cases",
        params={"limit": 200},
        headers=headers_for(role, department),
    )
    found = next(c for c in listed.json() if c["case_id"] == receipt["case_id"])
    assert found["submitter"]["phone"] == submitter["phone"]


async def test_a_handler_sees_only_its_departments_cases(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    receipt = await assigned_case(http, stack)
    case_id = receipt["case_id"]
    url = f"{stack.url('intake')}/api/v1/staff/cases"
    own = await http.get(f"{url}/{case_id}", headers=headers_for(Role.HANDLER, LEAD))
    assert own.status_code == 200
    assert own.json()["handling"]["lead_department"] == LEAD
    other = headers_for(Role.HANDLER, "finance-review")
    refused = await http.get(f"{url}/{case_id}", headers=other)
    assert refused.status_code == 404
    assert case_id not in [c["case_id"] for c in (await http.get(url, headers=other)).json()]
    mine = await http.get(url, params={"limit": 200}, headers=headers_for(Role.HANDLER, LEAD))
    assert case_id in [c["case_id"] for c in mine.json()]
    assert all(c["lead_department"] == LEAD for c in mine.json())
    assert (await http.get(f"{url}/{case_id}")).status_code == 401


async def test_categories_are_edited_by_admin_and_kept_across_a_restart(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    """Intake's catalogue follows the taxonomy edited in dispatch, its one authority
    (ADR 0019), and keeps the edits across intake's restart: the file never overwrites them."""
    url = f"{stack.url('intake')}/api/v1/categories"
    nodes = f"{stack.url('dispatch')}/api/v1/taxonomy/nodes"
    admin = headers_for(Role.ADMIN, username="admin-1")
    noise = {"code": "noise", "level": "item", "name": "噪音扰民", "lead": LEAD}
    assert (await http.post(nodes, json=noise, headers=CLERK)).status_code == 403
    created = await http.post(nodes, json=noise, headers=admin)
    assert created.status_code == 201, created.text
    assert (await http.post(f"{nodes}/noise/retire", headers=admin)).status_code == 200
    bad = await http.post(nodes, json={**noise, "code": "Not_A_Code"}, headers=admin)
    assert bad.status_code == 422
    # last: once intake shows it, it has applied the versions before it too
    renamed = await http.patch(
        f"{nodes}/food-safety", json={"name": "食品安全与餐饮"}, headers=admin
    )
    assert renamed.status_code == 200, renamed.text
    assert renamed.json()["updated_by"] == "admin:admin-1"

    async def renamed_in_intake() -> bool:
        listed = {c["code"]: c for c in (await http.get(url)).json()}
        return listed["food-safety"]["name"] == "食品安全与餐饮"

    await eventually(renamed_in_intake)

    stack.kill("intake")
    stack.start("intake")
    await stack.wait_ready("intake")

    listed = {c["code"]: c for c in (await http.get(url)).json()}
    assert listed["food-safety"]["name"] == "食品安全与餐饮"
    assert "noise" not in listed  # retired
    refused = await http.post(
        f"{stack.url('intake')}/api/v1/cases",
        json={
            "channel": "web",
            "kind": "complaint",
            "category": "noise",
            "title": "夜间施工噪音",
            "description": "工地夜间施工噪音很大。",
            "submitter": {"name": "周", "phone": "13600000000"},
        },
    )
    assert refused.status_code == 422 and refused.json()["error"] == "unknown_category"
