"""The working calendar against the State Council's notices for 2024, 2025 and 2026, written
out here by hand from the notices (not generated from the chinese-calendar package):

- 国务院办公厅关于2024年部分节假日安排的通知 (国办发明电〔2023〕7号)
- 国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号)
- 国务院办公厅关于2026年部分节假日安排的通知 (国办发明电〔2025〕7号)

Each year is checked day by day, both through the bundled package and through the notice
loaded as the year's schedule (what an administrator does each November). Where the package
disagreed with a notice, the loaded notice is what the service follows; the comparison below
shows whether it does.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from deadline.config import BUSINESS_HOURS, parse_hours
from deadline.domain.calendar import CHINA, WorkingCalendar, official_workdays
from deadline.domain.schedule import ScheduleBook, YearSchedule


def span(first: str, last: str) -> list[date]:
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def days(*iso: str) -> list[date]:
    return [date.fromisoformat(d) for d in iso]


# 放假 (every day of each break, weekends included, as the notice gives them) and 调休上班.
NOTICES: dict[int, tuple[list[date], list[date]]] = {
    2024: (
        [
            *span("2024-01-01", "2024-01-01"),  # 元旦：1月1日放假，与周末连休
            *span("2024-02-10", "2024-02-17"),  # 春节：2月10日至17日放假调休，共8天
            *span("2024-04-04", "2024-04-06"),  # 清明节：4月4日至6日放假调休，共3天
            *span("2024-05-01", "2024-05-05"),  # 劳动节：5月1日至5日放假调休，共5天
            *span("2024-06-10", "2024-06-10"),  # 端午节：6月10日放假，与周末连休
            *span("2024-09-15", "2024-09-17"),  # 中秋节：9月15日至17日放假调休，共3天
            *span("2024-10-01", "2024-10-07"),  # 国庆节：10月1日至7日放假调休，共7天
        ],
        # 2月4日(日)、2月18日(日)；4月7日(日)；4月28日(日)、5月11日(六)；9月14日(六)；
        # 9月29日(日)、10月12日(六)上班
        days(
            "2024-02-04",
            "2024-02-18",
            "2024-04-07",
            "2024-04-28",
            "2024-05-11",
            "2024-09-14",
            "2024-09-29",
            "2024-10-12",
        ),
    ),
    2025: (
        [
            *span("2025-01-01", "2025-01-01"),  # 元旦：1月1日(周三)放假1天，不调休
            *span("2025-01-28", "2025-02-04"),  # 春节：1月28日(除夕)至2月4日，共8天
            *span("2025-04-04", "2025-04-06"),  # 清明节：4月4日至6日，共3天
            *span("2025-05-01", "2025-05-05"),  # 劳动节：5月1日至5日放假调休，共5天
            *span("2025-05-31", "2025-06-02"),  # 端午节：5月31日至6月2日，共3天
            *span("2025-10-01", "2025-10-08"),  # 国庆节、中秋节：10月1日至8日，共8天
        ],
        # 1月26日(周日)、2月8日(周六)；4月27日(周日)；9月28日(周日)、10月11日(周六)上班
        days("2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"),
    ),
    2026: (
        [
            *span("2026-01-01", "2026-01-03"),  # 元旦：1月1日至3日放假调休，共3天
            *span("2026-02-15", "2026-02-23"),  # 春节：2月15日至23日放假调休，共9天
            *span("2026-04-04", "2026-04-06"),  # 清明节：4月4日至6日，共3天
            *span("2026-05-01", "2026-05-05"),  # 劳动节：5月1日至5日放假调休，共5天
            *span("2026-06-19", "2026-06-21"),  # 端午节：6月19日至21日，共3天
            *span("2026-09-25", "2026-09-27"),  # 中秋节：9月25日至27日，共3天
            *span("2026-10-01", "2026-10-07"),  # 国庆节：10月1日至7日放假调休，共7天
        ],
        # 1月4日(周日)；2月14日(周六)、2月28日(周六)；5月9日(周六)；
        # 9月20日(周日)、10月10日(周六)上班
        days("2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"),
    ),
}
YEARS = sorted(NOTICES)


def notice_schedule(year: int) -> YearSchedule:
    off, on = NOTICES[year]
    return YearSchedule(
        year,
        f"国务院办公厅关于{year}年部分节假日安排的通知",
        holidays={d: "放假" for d in off},
        make_up_workdays={d: "调休上班" for d in on},
    )


def workday_by_notice(day: date) -> bool:
    off, on = NOTICES[day.year]
    return day in on or (day not in off and day.weekday() < 5)


HOURS = parse_hours(BUSINESS_HOURS)
bundled = WorkingCalendar(official_workdays(), hours=HOURS)
loaded = WorkingCalendar(
    ScheduleBook({y: notice_schedule(y) for y in YEARS}).is_workday, hours=HOURS
)
CALENDARS = pytest.mark.parametrize("calendar", [bundled, loaded], ids=["package", "notice"])


def at(y: int, m: int, d: int, hh: int, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=CHINA)


@pytest.mark.parametrize("year", YEARS)
def test_the_notice_data_is_consistent(year: int) -> None:
    off, on = NOTICES[year]
    assert all(d.weekday() >= 5 for d in on), "make-up working days fall on weekends"
    assert not set(off) & set(on)


@CALENDARS
@pytest.mark.parametrize("year", YEARS)
def test_every_holiday_is_off_and_every_make_up_day_is_on(
    calendar: WorkingCalendar, year: int
) -> None:
    off, on = NOTICES[year]
    assert [d for d in off if calendar.is_workday(d)] == []
    assert [d for d in on if not calendar.is_workday(d)] == []


@pytest.mark.parametrize("year", YEARS)
def test_the_package_agrees_with_the_notice_on_every_day_of_the_year(year: int) -> None:
    every_day = span(f"{year}-01-01", f"{year}-12-31")
    disagreements = [
        (d.isoformat(), "package", bundled.is_workday(d), "notice", workday_by_notice(d))
        for d in every_day
        if bundled.is_workday(d) != workday_by_notice(d)
    ]
    assert disagreements == []
    # and the notice loaded as the year's schedule is what the service then follows
    assert [d for d in every_day if loaded.is_workday(d) != workday_by_notice(d)] == []


@CALENDARS
def test_five_working_days_from_16_00_before_national_day_2024(calendar: WorkingCalendar) -> None:
    # 1.5 h on 30 Sep; 1-7 Oct off; 8-11 Oct; Saturday 12 Oct is a make-up day: 5.5 h more.
    assert calendar.add_working_days(at(2024, 9, 30, 16), 5) == at(2024, 10, 12, 16)


@CALENDARS
def test_five_working_days_from_16_00_before_national_day_2026(calendar: WorkingCalendar) -> None:
    # 1.5 h on 30 Sep; 1-7 Oct off; 8, 9, Saturday 10 (make-up), Monday 12; 5.5 h on the 13th.
    assert calendar.add_working_days(at(2026, 9, 30, 16), 5) == at(2026, 10, 13, 16)


@CALENDARS
def test_spring_festival_2025_with_its_make_up_sunday(calendar: WorkingCalendar) -> None:
    # Friday 24 Jan, Sunday 26 Jan (make-up), Monday 27 Jan.
    assert calendar.add_working_days(at(2025, 1, 24, 9), 3) == at(2025, 1, 27, 17, 30)
    # Filed on the last working afternoon: 3.5 h on the 27th, 28 Jan - 4 Feb off, 5 Feb, and
    # 3.5 h of 6 Feb across the lunch break.
    assert calendar.add_working_days(at(2025, 1, 27, 14), 2) == at(2025, 2, 6, 14)
    # 24, 26, 27 Jan and 5, 6, 7, Saturday 8 Feb (make-up): seven working days.
    assert calendar.minutes_between(at(2025, 1, 24, 9), at(2025, 2, 8, 17, 30)) == 7 * 420


@CALENDARS
def test_spring_festival_2026_nine_days_off(calendar: WorkingCalendar) -> None:
    # Friday 13 Feb, Saturday 14 Feb (make-up), 15-23 Feb off, Tuesday 24 Feb.
    assert calendar.add_working_days(at(2026, 2, 13, 9), 2) == at(2026, 2, 14, 17, 30)
    assert calendar.add_working_days(at(2026, 2, 14, 9), 2) == at(2026, 2, 24, 17, 30)
    # and the make-up Saturday after it, 28 Feb
    assert calendar.add_working_days(at(2026, 2, 27, 17, 30), 1) == at(2026, 2, 28, 17, 30)


@CALENDARS
def test_new_year_2026_and_its_make_up_sunday(calendar: WorkingCalendar) -> None:
    # Wednesday 31 Dec 2025 at 16:00, 1 working day: 1.5 h, then Sunday 4 Jan 2026 (make-up).
    assert calendar.add_working_days(at(2025, 12, 31, 16), 1) == at(2026, 1, 4, 16)
