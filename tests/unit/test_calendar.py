"""Working-time arithmetic on China's official calendar (holidays and make-up days)."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from deadline.config import BUSINESS_HOURS, parse_hours
from deadline.domain.calendar import (
    CHINA,
    UnknownCalendarYear,
    WorkingCalendar,
    official_workdays,
)

calendar = WorkingCalendar(official_workdays(), hours=parse_hours(BUSINESS_HOURS))


def at(y: int, m: int, d: int, hh: int = 9, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=CHINA)


def test_a_working_day_is_seven_hours_by_default() -> None:
    assert calendar.day_minutes == 7 * 60


def test_within_one_morning() -> None:
    assert calendar.add_minutes(at(2026, 11, 20, 9, 0), 120) == at(2026, 11, 20, 11, 0)


def test_lunch_break_is_not_working_time() -> None:
    assert calendar.add_minutes(at(2026, 11, 20, 11, 0), 120) == at(2026, 11, 20, 14, 30)


def test_weekend_is_skipped() -> None:
    # Friday 16:30 + 2 working hours -> Monday 10:00
    assert calendar.add_minutes(at(2026, 11, 20, 16, 30), 120) == at(2026, 11, 23, 10, 0)


def test_national_day_2025_five_working_days_from_the_afternoon_before() -> None:
    # 2025: 1-8 October off; Sunday 28 September and Saturday 11 October are working days.
    start = at(2025, 9, 30, 15, 0)
    due = calendar.add_working_days(start, 5)
    # 2.5 h left on 30 Sep, then 9, 10, 11 (Sat, make-up) and 13 Oct; 4.5 h into the 14th,
    # across the lunch break.
    assert due == at(2025, 10, 14, 15, 0)


def test_make_up_working_saturday_counts() -> None:
    assert calendar.is_workday(date(2025, 10, 11))
    assert calendar.add_minutes(at(2025, 10, 10, 17, 0), 60) == at(2025, 10, 11, 9, 30)


def test_minutes_between_is_the_inverse_of_add() -> None:
    start = at(2026, 9, 30, 10, 15)
    due = calendar.add_working_days(start, 3)
    assert calendar.minutes_between(start, due) == 3 * calendar.day_minutes
    assert calendar.minutes_between(due, start) == -3 * calendar.day_minutes


def test_unknown_year_is_an_error_not_a_guess() -> None:
    with pytest.raises(UnknownCalendarYear) as unknown:
        calendar.add_working_days(at(2099, 1, 5), 1)
    assert unknown.value.year == 2099


def test_custom_business_hours() -> None:
    nine_to_five = WorkingCalendar(lambda d: d.weekday() < 5, hours=[(time(9), time(17))])
    assert nine_to_five.add_working_days(at(2026, 11, 20, 9), 1) == at(2026, 11, 20, 17)
