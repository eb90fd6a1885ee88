"""Timers parked for a calendar year nobody had loaded get their due times and alarms once
this replica's calendar knows the year (another replica may have loaded it)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from common.events import DeadlineSet
from common.vocabulary import TimerStage
from deadline.domain.alarms import TimerPlan
from deadline.domain.calendar import UnknownCalendarYear
from deadline.repository.store import Unit
from deadline.service.clockwork import Clockwork
from deadline.service.timers import change_clocks


async def place_parked(uow: Unit, clock: Clockwork) -> int:
    """Timers parked for a year this replica's calendar knows by now get their times: a
    replica may park a timer after another one loaded the year, before it saw that year."""
    years = [y for y in await uow.store.timers.parked_counts() if knows(clock, y)]
    if not years:
        return 0
    rows = await uow.store.timers.parked(years)
    moved = await change_clocks(uow, clock, rows, lambda c: c)
    announce_placed_callbacks(uow, moved)
    return len(moved)


def knows(clock: Clockwork, year: int) -> bool:
    try:
        clock.calendar.is_workday(date(year, 1, 1))
    except UnknownCalendarYear:
        return False
    return True


def announce_placed_callbacks(uow: Unit, moved: Sequence[tuple[Any, TimerPlan]]) -> None:
    """Callback orders its queue by due time: it learns the time of a parked callback timer
    once there is one."""
    for row, plan in moved:
        if row.stage == TimerStage.CALLBACK and row.due_at is None and plan.due_at is not None:
            uow.emit(
                DeadlineSet(
                    timer_id=row.id,
                    stage=TimerStage.CALLBACK,
                    department=row.department,
                    round=row.round,
                    due_at=plan.due_at,
                    policy=row.policy,
                    policy_version=row.policy_version,
                ),
                case_id=row.case_id,
            )
