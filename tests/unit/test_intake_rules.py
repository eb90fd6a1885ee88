"""Registration rules: credit codes, case numbers, tracking codes, screening, public lines."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from common.vocabulary import RequestKind
from intake.domain.submission import (
    case_number,
    hash_tracking_code,
    new_tracking_code,
    screen,
    tracking_code_matches,
    valid_uscc,
)
from intake.domain.timeline import public_entry


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


def test_case_number_reads_as_date_and_sequence() -> None:
    assert case_number(datetime(2022, 4, 12, tzinfo=UTC), 42) == "20220412000042"


def test_tracking_code_is_six_digits_and_checked_by_hash() -> None:
    code = new_tracking_code()
    assert len(code) == 6 and code.isdigit()
    stored = hash_tracking_code("20220412000042", code)
    assert code not in stored
    assert tracking_code_matches("20220412000042", code, stored)
    assert not tracking_code_matches("20220412000043", code, stored)


def test_screening_accepts_known_categories_only() -> None:
    assert screen(category_known=True, kind=RequestKind.COMPLAINT).accept
    assert not screen(category_known=False, kind=RequestKind.COMPLAINT).accept


def test_public_lines_name_departments_and_hide_internal_events() -> None:
    names = {"urban-management": "城市管理局"}
    assigned = public_entry("CaseAssigned", {"lead_department": "urban-management"}, names)
    assert assigned is not None and assigned.status == "assigned"
    assert "城市管理局" in assigned.text
    resolved = public_entry(
        "CaseResolved",
        {"department": "urban-management", "result": "solved", "summary": "42盏路灯全部亮起"},
        names,
    )
    assert resolved is not None and "已解决" in resolved.text and "42盏" in resolved.text
    assert public_entry("DeadlineExceeded", {}, names) is None
    assert public_entry("SupervisionSignalRecorded", {}, names) is None
