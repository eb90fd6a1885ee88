"""The window's rules: which half day an instant falls in (Asia/Shanghai), the ranges of the
roster one read answers, repeated specialists, and what the acceptance form says."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from intake.domain.acceptance import (
    FormFacts,
    PromisedLimit,
    acceptance_form,
    mask_name,
    rating_link,
)
from intake.domain.roster import Half, Slot, duplicate_specialists, range_problem, slot_of


@pytest.mark.parametrize(
    ("moment", "slot"),
    [
        # 03:59 UTC is 11:59 in Shanghai: still the morning
        (datetime(2026, 3, 9, 3, 59, tzinfo=UTC), Slot(date(2026, 3, 9), Half.AM)),
        (datetime(2026, 3, 9, 4, 0, tzinfo=UTC), Slot(date(2026, 3, 9), Half.PM)),
        # 17:00 UTC on the 8th is 01:00 on the 9th in Shanghai
        (datetime(2026, 3, 8, 17, 0, tzinfo=UTC), Slot(date(2026, 3, 9), Half.AM)),
        (datetime(2026, 3, 8, 15, 59, tzinfo=UTC), Slot(date(2026, 3, 8), Half.PM)),
    ],
)
def test_the_half_day_is_read_on_the_districts_clock(moment: datetime, slot: Slot) -> None:
    assert slot_of(moment) == slot


def test_a_range_ends_after_it_starts_and_spans_at_most_62_days() -> None:
    assert range_problem(date(2026, 3, 1), date(2026, 3, 1)) is None
    assert range_problem(date(2026, 3, 1), date(2026, 5, 1)) is None  # 62 days
    too_long = range_problem(date(2026, 3, 1), date(2026, 5, 2))
    backwards = range_problem(date(2026, 3, 2), date(2026, 3, 1))
    assert too_long is not None and too_long.field == "to" and "62" in too_long.message
    assert backwards is not None and "开始日期" in backwards.message


def test_a_specialist_listed_twice_is_found_by_username_or_by_name() -> None:
    listed = [("wang", "王芳"), (None, "李雷"), ("wang", "王芳芳"), (None, "李雷"), ("li", "李雷")]
    assert duplicate_specialists(listed) == [2, 3]


def facts(**changes: object) -> FormFacts:
    values: dict[str, object] = {
        "district": "岳麓区",
        "case_id": "20260309000007",
        "tracking_code": "K7M2Q9XA",
        "registered_at": datetime(2026, 3, 9, 1, 30, tzinfo=UTC),
        "submitter_name": "张小三",
        "submitter_phone": "13800138000",
        "kind": "投诉",
        "category": "停水",
        "title": "小区停水三天",
        "description": "幸福小区三号楼停水已经三天。",
        "attachments": 2,
        "limit": PromisedLimit("complaint", "water-outage", 5, "working_days"),
        "window": "岳麓区“办不成事”反映窗口",
        "received_by": "王芳",
        "leader_on_duty": "刘局长",
        "public_base_url": "https://civic.example.cn/",
    }
    return FormFacts(**(values | changes))  # type: ignore[arg-type]


def test_the_form_says_what_was_received_and_promised_with_the_submitter_masked() -> None:
    form = acceptance_form(facts())
    lines = dict(form.lines)
    assert lines["受理编号"] == "20260309000007" and lines["查询码"] == "K7M2Q9XA"
    assert lines["登记时间"].startswith("2026-03-09 09:30")  # Asia/Shanghai
    assert lines["诉求人"] == "张**　电话 *******8000"
    assert lines["承诺时限"].startswith("5 个工作日内办结")
    assert lines["附件"] == "2 件"
    assert lines["接件人"] == "王芳" and lines["值班领导"] == "刘局长"
    assert "岳麓区" in form.title and "https://civic.example.cn/portal/track" in form.tracking_note
    assert form.rating_link == (
        "https://civic.example.cn/portal/visit/20260309000007?code=K7M2Q9XA"
    )


def test_without_a_policy_or_a_roster_the_form_says_so() -> None:
    lines = dict(acceptance_form(facts(limit=None, leader_on_duty=None)).lines)
    assert "尚未同步" in lines["承诺时限"] and lines["值班领导"] == "—"


def test_names_are_masked_but_a_single_character_still_hides_itself() -> None:
    assert mask_name("欧阳娜娜") == "欧***" and mask_name("李") == "李*"


def test_the_rating_link_escapes_the_code() -> None:
    assert rating_link("http://x/", "1", "a b") == "http://x/portal/visit/1?code=a+b"
