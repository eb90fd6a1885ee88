"""Which days are working days: official year schedules an administrator loads (each
November the State Council publishes next year's), over the bundled library's years.

A loaded year is the whole truth for that year: listed holidays are off, listed make-up
days (调休) are on, every other day follows Monday-Friday. A year neither loaded nor known
to the library is an error, never a guess.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

from deadline.domain.calendar import UnknownCalendarYear


class InvalidSchedule(ValueError):
    pass


@dataclass(frozen=True)
class YearSchedule:
    year: int
    source: str
    holidays: Mapping[date, str] = field(default_factory=dict)  # 放假
    make_up_workdays: Mapping[date, str] = field(default_factory=dict)  # 调休上班

    def __post_init__(self) -> None:
        for day in [*self.holidays, *self.make_up_workdays]:
            if day.year != self.year:
                raise InvalidSchedule(f"{day.isoformat()} 不在{self.year}年内")
        both = set(self.holidays) & set(self.make_up_workdays)
        if both:
            listed = ", ".join(sorted(d.isoformat() for d in both))
            raise InvalidSchedule(f"这些日期既是放假日又是调休上班日：{listed}")
        weekdays = [d for d in self.make_up_workdays if d.weekday() < 5]
        if weekdays:
            listed = ", ".join(sorted(d.isoformat() for d in weekdays))
            raise InvalidSchedule(f"调休上班日须为周末，这些日期不是：{listed}")

    def is_workday(self, day: date) -> bool:
        if day in self.make_up_workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5


class ScheduleBook:
    """Loaded years first, then the bundled library; anything else raises."""

    def __init__(
        self,
        loaded: Mapping[int, YearSchedule],
        bundled: Callable[[date], bool] | None = None,
    ) -> None:
        self.loaded = dict(loaded)
        self.bundled = bundled

    def is_workday(self, day: date) -> bool:
        schedule = self.loaded.get(day.year)
        if schedule is not None:
            return schedule.is_workday(day)
        if self.bundled is None:
            raise UnknownCalendarYear(day)
        return self.bundled(day)
