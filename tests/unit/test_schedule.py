"""Loaded year schedules over the bundled calendar."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest

from deadline.config import BUSINESS_HOURS, parse_hours
from deadline.domain.calendar import CHINA, UnknownCalendarYear, WorkingCalendar, official_workdays
from deadline.domain.schedule import InvalidSchedule, ScheduleBook, YearSchedule
from deadline.service.calendar_files import read_schedule, schedule_files

Y2099 = YearSchedule(
    2099,
    "test schedule",
    holidays={date(2099, 1, 1): "元旦", date(2099, 1, 2): "元旦"},
    make_up_workdays={date(2099, 1, 4): "元旦调休"},  # a Sunday
)


def test_a_loaded_year_decides_its_days() -> None:
    book = ScheduleBook({2099: Y2099}, official_workdays())
    assert not book.is_workday(date(2099, 1, 1))  # Thursday, holiday
    assert book.is_workday(date(2099, 1, 4))  # Sunday, make-up day
    assert not book.is_workday(date(2099, 1, 3))  # Saturday
    assert book.is_workday(date(2099, 1, 5))  # Monday


def test_bundled_years_still_answer_and_unknown_years_raise() -> None:
    book = ScheduleBook({2099: Y2099}, official_workdays())
    assert not book.is_workday(date(2025, 10, 1))
    with pytest.raises(UnknownCalendarYear):
        book.is_workday(date(2098, 6, 1))


def test_a_loaded_year_overrides_the_library() -> None:
    override = YearSchedule(2025, "district's own", holidays={date(2025, 6, 3): "区庆"})
    book = ScheduleBook({2025: override}, official_workdays())
    assert not book.is_workday(date(2025, 6, 3))
    assert book.is_workday(date(2025, 10, 1)), "the loaded year is the whole truth for 2025"


def test_working_time_skips_a_loaded_years_holidays_and_uses_its_make_up_days() -> None:
    calendar = WorkingCalendar(
        ScheduleBook({2099: Y2099}, official_workdays()).is_workday,
        hours=parse_hours(BUSINESS_HOURS),
    )
    due = calendar.add_minutes(datetime(2099, 1, 2, 10, 0, tzinfo=CHINA), 60)
    assert due == datetime(2099, 1, 4, 10, 0, tzinfo=CHINA)


@pytest.mark.parametrize(
    ("holidays", "workdays", "message"),
    [
        ({date(2098, 12, 31): "x"}, {}, "不在2099年内"),
        ({date(2099, 1, 4): "x"}, {date(2099, 1, 4): "y"}, "既是放假日又是调休上班日"),
        ({}, {date(2099, 1, 5): "a Monday"}, "调休上班日须为周末"),
    ],
)
def test_inconsistent_schedules_are_refused(
    holidays: dict[date, str], workdays: dict[date, str], message: str
) -> None:
    with pytest.raises(InvalidSchedule, match=message):
        YearSchedule(2099, "bad", holidays=holidays, make_up_workdays=workdays)


def test_a_schedule_file_reads_into_a_year(tmp_path: Path) -> None:
    path = tmp_path / "2099.yaml"
    path.write_text(
        "year: 2099\nsource: 测试通知\nholidays:\n  2099-01-01: 元旦\n"
        "make_up_workdays:\n  2099-01-04: 元旦调休\n"
    )
    schedule = read_schedule(path)
    assert schedule == Y2099.__class__(
        2099, "测试通知", {date(2099, 1, 1): "元旦"}, {date(2099, 1, 4): "元旦调休"}
    )
    assert schedule_files(tmp_path) == [path]
    assert schedule_files(tmp_path / "missing") == []


def test_business_hours_parse_and_refuse_nonsense() -> None:
    assert parse_hours("09:00-12:00,13:30-17:30") == [
        (time(9), time(12)),
        (time(13, 30), time(17, 30)),
    ]
    for bad in ("12:00-09:00", "09:00-12:00,11:00-13:00", "nine-five"):
        with pytest.raises(ValueError):
            parse_hours(bad)
