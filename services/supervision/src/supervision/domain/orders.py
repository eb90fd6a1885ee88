"""Supervision orders (督办) carry their own deadline for the department's written answer."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import chinese_calendar

from supervision.domain.scorecard import SHANGHAI

#: An answer is due by the end of the working day (Asia/Shanghai).
END_OF_WORKING_DAY = time(18, 0)


def is_working_day(day: date) -> bool:
    """The official calendar (holidays and make-up working weekends); for a year it does
    not know yet, Monday to Friday."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return day.weekday() < 5


def respond_by(issued_at: datetime, working_days: int) -> datetime:
    """The end of the `working_days`-th working day after the day the order was issued."""
    day = issued_at.astimezone(SHANGHAI).date()
    remaining = working_days
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return datetime.combine(day, END_OF_WORKING_DAY, tzinfo=SHANGHAI)
