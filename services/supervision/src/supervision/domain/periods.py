"""Asia/Shanghai calendar periods (day, ISO week, month) the figures fall in. Pure code."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


class Period(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"


def period_key(moment: datetime, period: Period) -> str:
    """The Asia/Shanghai calendar period of an instant: 2024-04-12, 2024-W15 or 2024-04."""
    local = moment.astimezone(SHANGHAI)
    if period is Period.DAY:
        return local.date().isoformat()
    if period is Period.WEEK:
        year, week, _ = local.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{local.year}-{local.month:02d}"


def period_range(period: Period, day: date) -> tuple[date, date]:
    """The first day of the period containing `day`, and the first day after it."""
    if period is Period.DAY:
        return day, day + timedelta(days=1)
    if period is Period.WEEK:
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=7)
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following


def shanghai_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=SHANGHAI)
