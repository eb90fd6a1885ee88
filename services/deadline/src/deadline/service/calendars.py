"""The working calendar: the years an administrator (or a start-up file) loaded over the
bundled official calendar. Loading a year moves the open timers it affects; a replica picks
up another's year by reloading."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from deadline.domain.calendar import WorkingCalendar
from deadline.domain.schedule import ScheduleBook, YearSchedule
from deadline.repository.store import Unit
from deadline.service import calendar_files
from deadline.service.clockwork import Clockwork
from deadline.service.parked import announce_placed_callbacks
from deadline.service.timers import change_clocks

#: Whether a day is a working day, on the bundled official calendar (raises for a year it
#: does not know).
Workdays = Callable[[date], bool]


def calendar_from(
    schedules: dict[int, YearSchedule], template: WorkingCalendar, bundled: Workdays
) -> WorkingCalendar:
    """A calendar with the loaded years over the bundled ones, same business hours."""
    book = ScheduleBook(schedules, bundled)
    return WorkingCalendar(book.is_workday, hours=template.hours, tz=template.tz)


async def load_year(
    uow: Unit, clock: Clockwork, schedule: YearSchedule, *, actor: str, bundled: Workdays
) -> int:
    """Store a year's schedule, switch to it, and move the open timers it affects: parked
    limits get their due time and alarms. Returns how many timers moved."""
    await uow.store.calendar.save(schedule, loaded_by=actor)
    await reload_calendar(uow, clock, bundled)
    since = datetime(schedule.year, 1, 1, tzinfo=clock.calendar.tz)
    # running timers parked, or with alarms in or after the year, get their times again
    # (a point still beyond every known year stays parked)
    rows = await uow.store.timers.to_replan(since)
    moved = await change_clocks(uow, clock, rows, lambda c: c)
    announce_placed_callbacks(uow, moved)
    return len(moved)


async def load_files(
    uow: Unit, clock: Clockwork, folder: Path, *, bundled: Workdays
) -> dict[int, int]:
    """The year files not loaded yet (a loaded year is left as it is: the API is where
    corrections go); returns the timers moved by year."""
    loaded = await uow.store.calendar.schedules()
    moved = {}
    for path in calendar_files.schedule_files(folder):
        schedule = calendar_files.read_schedule(path)
        if schedule.year not in loaded:
            moved[schedule.year] = await load_year(
                uow, clock, schedule, actor=f"file:{path.name}", bundled=bundled
            )
    return moved


async def reload_calendar(uow: Unit, clock: Clockwork, bundled: Workdays) -> None:
    schedules = await uow.store.calendar.schedules()
    clock.calendar = calendar_from(schedules, clock.calendar, bundled)
