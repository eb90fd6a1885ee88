"""Rules of the window visit rating (窗口单位百姓评): which cases are window visits, who was
rated, and the roll-ups' arithmetic per window unit and per staff member."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from intake.visits import rules
from intake.visits.rules import Rating, Receiver

AT = datetime(2026, 3, 9, 8, 0, tzinfo=UTC)
NAMES = {"service-centre": "政务服务中心", "water": "水务局"}


def rating(
    n: int,
    window: int,
    staff: int,
    *,
    unit: str | None = "service-centre",
    username: str = "wang",
    name: str = "王芳",
    comment: str | None = None,
) -> Rating:
    return Rating(
        case_id=f"2026030900000{n}",
        window_unit=unit,
        staff_username=username,
        staff_name=name,
        window_score=window,
        staff_score=staff,
        comment=comment,
        rated_at=AT + timedelta(minutes=n),
    )


def test_the_receiver_is_the_staff_member_the_case_records() -> None:
    named = {"received_by_username": "wang", "received_by_name": "王芳"}
    assert rules.receiver_of(named) == Receiver("wang", "王芳")
    unnamed = {"received_by_username": "wang", "received_by_name": None}
    assert rules.receiver_of(unnamed) == Receiver("wang", "wang")


def test_a_case_no_one_received_at_a_window_has_no_receiver() -> None:
    filed_by_phone = {"registered_by": "clerk:wang", "received_by_username": None}
    assert rules.receiver_of(filed_by_phone) is None


def test_averages_and_the_satisfied_share_per_unit_and_staff_member() -> None:
    ratings = [
        rating(1, 5, 4),
        rating(2, 3, 2),
        rating(3, 4, 5, username="li", name="李强"),
        rating(4, 1, 5, unit="water", username="zhao", name="赵敏"),
    ]
    figures = rules.roll_up(ratings, NAMES)
    centre, water = figures["units"]
    assert (centre["window_unit_name"], centre["count"]) == ("政务服务中心", 3)
    assert (centre["window_average"], centre["staff_average"]) == (4.0, 3.67)
    assert centre["satisfied_share"] == 0.6667  # window scores 5 and 4 of 5, 3, 4
    assert (water["count"], water["satisfied_share"]) == (1, 0.0)  # its window scored 1
    wang, li, zhao = figures["staff"]
    assert (wang["username"], wang["name"], wang["count"]) == ("wang", "王芳", 2)
    assert wang["satisfied_share"] == 0.5  # staff scores 4 and 2
    assert (li["count"], li["satisfied_share"]) == (1, 1.0)
    assert (zhao["window_unit"], zhao["satisfied_share"]) == ("water", 1.0)  # staff scored 5


def test_recent_comments_are_the_latest_five_with_text() -> None:
    ratings = [rating(n, 5, 5, comment=f"意见{n}" if n != 7 else None) for n in range(1, 9)]
    (unit,) = rules.roll_up(ratings, NAMES)["units"]
    assert [c["comment"] for c in unit["recent_comments"]] == [
        "意见8",
        "意见6",
        "意见5",
        "意见4",
        "意见3",
    ]


def test_a_unit_without_a_code_and_an_unnamed_unit() -> None:
    figures = rules.roll_up([rating(1, 4, 4, unit=None), rating(2, 4, 4, unit="new")], NAMES)
    assert sorted(u["window_unit_name"] for u in figures["units"]) == sorted(
        [rules.UNKNOWN_UNIT_ZH, "new"]
    )


def test_a_staff_member_renamed_shows_the_latest_name() -> None:
    ratings = [rating(2, 4, 4, name="王芳芳"), rating(1, 4, 4, name="王芳")]
    (member,) = rules.roll_up(ratings, NAMES)["staff"]
    assert member["name"] == "王芳芳"


def test_no_ratings_roll_up_to_nothing() -> None:
    assert rules.roll_up([], NAMES) == {"units": [], "staff": []}
