"""The submitter's requested completion date (期望办结日期): what intake takes (after today,
at most a year ahead, in Asia/Shanghai), on its own routes and Open311, and the rule that
flags a policy limit falling after it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from pydantic import ValidationError

from common.clock import local_date, utcnow
from common.district import load_district
from common.field_messages import field_message
from deadline.domain.requested import later_than_requested
from intake.domain.open311 import Open311Error
from intake.domain.open311_input import parse_request
from intake.domain.submission import REQUESTED_BY_MAX_DAYS, requested_by_problem
from intake.schemas import Submission

DISTRICT = load_district()
TODAY = date(2026, 11, 30)


# --- the rule of the date ---------------------------------------------------------------------


def test_a_date_after_today_and_within_a_year_is_taken() -> None:
    assert requested_by_problem(TODAY + timedelta(days=1), TODAY) is None
    assert requested_by_problem(date(2026, 12, 18), TODAY) is None
    assert requested_by_problem(TODAY + timedelta(days=REQUESTED_BY_MAX_DAYS), TODAY) is None


@pytest.mark.parametrize("days", [0, -1, -400])
def test_today_or_a_past_date_is_refused_naming_today(days: int) -> None:
    assert requested_by_problem(TODAY + timedelta(days=days), TODAY) == "须晚于今天（2026-11-30）"


def test_a_date_more_than_a_year_ahead_is_refused_naming_the_last_date() -> None:
    problem = requested_by_problem(TODAY + timedelta(days=REQUESTED_BY_MAX_DAYS + 1), TODAY)
    assert problem == "不能晚于一年后（2027-12-01）"


# --- intake's own routes ----------------------------------------------------------------------


def _submission(requested_by: object) -> dict[str, object]:
    return {
        "channel": "web",
        "kind": "could_not_get_it_done",
        "title": "工程结算款迟迟未付",
        "description": "我公司承建的安置小区工程已审计完毕，结算款迟迟未付，请在期限前办结。",
        "submitter": {"name": "王经理", "phone": "13800138000"},
        "location": {"address": "望月湖路12号"},
        "requested_by": requested_by,
    }


def test_a_submission_keeps_the_requested_date() -> None:
    wanted = local_date(utcnow()) + timedelta(days=18)
    assert Submission.model_validate(_submission(wanted.isoformat())).requested_by == wanted
    assert Submission.model_validate(_submission(None)).requested_by is None


@pytest.mark.parametrize(
    ("days", "said"), [(0, "须晚于今天"), (-3, "须晚于今天"), (400, "不能晚于一年后")]
)
def test_a_bad_requested_date_is_a_zh_message_naming_the_field(days: int, said: str) -> None:
    wanted = local_date(utcnow()) + timedelta(days=days)
    with pytest.raises(ValidationError) as raised:
        Submission.model_validate(_submission(wanted.isoformat()))
    [problem] = raised.value.errors()
    assert problem["loc"] == ("requested_by",)
    assert field_message(problem).startswith(f"期望办结日期：{said}")


def test_a_requested_date_that_is_not_a_date_names_the_field() -> None:
    with pytest.raises(ValidationError) as raised:
        Submission.model_validate(_submission("12月18日前"))
    [problem] = raised.value.errors()
    assert field_message(problem) == "期望办结日期必须是日期，如 2026-04-12"


# --- Open311 ----------------------------------------------------------------------------------


def _form(**fields: str) -> dict[str, list[str]]:
    base = {
        "service_code": "streetlight",
        "address_string": "湘江新区望月湖路12号",
        "description": "望月湖路12号门口三盏路灯一个月没亮了，晚上看不清路。",
    }
    return {k: [v] for k, v in {**base, **fields}.items()}


def test_open311_takes_the_requested_date_as_an_attribute() -> None:
    parsed = parse_request(
        DISTRICT, _form(**{"attribute[requested_by]": "2026-12-18"}), today=TODAY
    )
    assert parsed.requested_by == date(2026, 12, 18)
    # an instant counts by its day in Asia/Shanghai: 17:00 UTC on the 17th is the 18th there
    late = _form(**{"attribute[requested_by]": "2026-12-17T17:00:00Z"})
    assert parse_request(DISTRICT, late, today=TODAY).requested_by == date(2026, 12, 18)
    assert parse_request(DISTRICT, _form(), today=TODAY).requested_by is None
    # the date is a field of its own, not a line of the description
    assert "2026-12-18" not in parsed.description


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("2026-11-30", "attribute[requested_by] 期望办结日期须晚于今天（2026-11-30）"),
        ("2028-01-01", "attribute[requested_by] 期望办结日期不能晚于一年后（2027-12-01）"),
        ("before christmas", "attribute[requested_by] must be an ISO 8601 date-time"),
    ],
)
def test_open311_refuses_a_bad_requested_date_with_400(value: str, said: str) -> None:
    with pytest.raises(Open311Error) as raised:
        parse_request(DISTRICT, _form(**{"attribute[requested_by]": value}), today=TODAY)
    assert raised.value.status == 400
    assert str(raised.value.description).startswith(said)


# --- the warning rule -------------------------------------------------------------------------

# 2026-12-18 09:00 in Asia/Shanghai, and the evening before and after
ON_THE_DAY = datetime(2026, 12, 18, 1, 0, tzinfo=UTC)
LATE_EVENING_17TH_UTC = datetime(2026, 12, 17, 17, 0, tzinfo=UTC)  # 01:00 on the 18th there


def test_a_resolution_limit_after_the_requested_day_is_flagged() -> None:
    assert later_than_requested("resolution", ON_THE_DAY, date(2026, 12, 17))
    assert later_than_requested("resolution", ON_THE_DAY + timedelta(days=30), date(2026, 12, 18))


def test_a_limit_on_or_before_the_requested_day_meets_it() -> None:
    assert not later_than_requested("resolution", ON_THE_DAY, date(2026, 12, 18))
    assert not later_than_requested("resolution", ON_THE_DAY, date(2026, 12, 25))


def test_the_day_is_the_districts_not_utcs() -> None:
    # 17:00 UTC on the 17th is already the 18th in Asia/Shanghai: later than the 17th
    assert later_than_requested("resolution", LATE_EVENING_17TH_UTC, date(2026, 12, 17))


@pytest.mark.parametrize("stage", ["sign", "first_response", "callback"])
def test_only_the_resolution_limit_is_held_against_the_requested_date(stage: str) -> None:
    assert not later_than_requested(stage, ON_THE_DAY, date(2026, 12, 1))


def test_no_date_or_no_limit_is_no_warning() -> None:
    assert not later_than_requested("resolution", ON_THE_DAY, None)
    assert not later_than_requested("resolution", None, date(2026, 12, 1))
