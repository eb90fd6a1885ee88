"""Working time on the official calendar: statutory holidays, make-up working days (调休)
and business hours. Pure arithmetic; which days are working days comes from outside."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

CHINA = ZoneInfo("Asia/Shanghai")
_HORIZON_DAYS = 3 * 366


class UnknownCalendarYear(Exception):
    """The calendar has no official schedule for this year: refuse rather than guess."""

    def __init__(self, day: date) -> None:
        self.year = day.year
        super().__init__(f"no working-day calendar loaded for {day.year}")


class WorkingCalendar:
    def __init__(
        self,
        is_workday: Callable[[date], bool],
        *,
        hours: Sequence[tuple[time, time]],
        tz: ZoneInfo = CHINA,
    ) -> None:
        self._is_workday = is_workday
        self.hours = tuple(hours)
        self.tz = tz

    @property
    def day_minutes(self) -> int:
        return sum(_minutes(a, b) for a, b in self.hours)

    def is_workday(self, day: date) -> bool:
        return self._is_workday(day)

    def _periods(self, day: date) -> list[tuple[datetime, datetime]]:
        if not self.is_workday(day):
            return []
        return [
            (datetime.combine(day, a, self.tz), datetime.combine(day, b, self.tz))
            for a, b in self.hours
        ]

    def add_minutes(self, start: datetime, minutes: int) -> datetime:
        """The instant `minutes` of working time after `start`."""
        cursor = start.astimezone(self.tz)
        remaining = timedelta(minutes=minutes)
        day = cursor.date()
        for _ in range(_HORIZON_DAYS):
            for opens, closes in self._periods(day):
                begin = max(cursor, opens)
                if begin >= closes:
                    continue
                if remaining <= closes - begin:
                    return begin + remaining
                remaining -= closes - begin
            day += timedelta(days=1)
        raise ValueError(f"{minutes} working minutes reach beyond the calendar horizon")

    def add_working_days(self, start: datetime, days: int) -> datetime:
        return self.add_minutes(start, days * self.day_minutes)

    def minutes_between(self, start: datetime, end: datetime) -> int:
        """Working minutes from start to end; negative when end is before start."""
        if end < start:
            return -self.minutes_between(end, start)
        total = timedelta()
        day = start.astimezone(self.tz).date()
        last = end.astimezone(self.tz).date()
        while day <= last:
            for opens, closes in self._periods(day):
                begin, finish = max(start, opens), min(end, closes)
                if finish > begin:
                    total += finish - begin
            day += timedelta(days=1)
        return int(total.total_seconds() // 60)


def _minutes(a: time, b: time) -> int:
    return (b.hour * 60 + b.minute) - (a.hour * 60 + a.minute)


def official_workdays() -> Callable[[date], bool]:
    """China's official schedule from the chinese-calendar package, for the years it knows."""
    import chinese_calendar

    def is_workday(day: date) -> bool:
        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError as unknown:
            raise UnknownCalendarYear(day) from unknown

    return is_workday
