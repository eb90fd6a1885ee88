"""Read-only queries behind deadline's GET routes: timers with their alarms, a department's
lists, the policy versions and the loaded years."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from deadline.models import calendar_years, policy_versions, timer_alarms, timers
from deadline.repository.calendar import loaded_schedules
from deadline.repository.requested import requested_dates_of

__all__ = [
    "alarms_of",
    "case_timers",
    "department_timers",
    "loaded_schedules",
    "loaded_years",
    "policy_history",
    "requested_dates_of",
    "timers_of_cases",
]


async def case_timers(session: AsyncSession, case_id: str) -> list[Any]:
    query = select(timers).where(timers.c.case_id == case_id).order_by(timers.c.id)
    return list(await session.execute(query))


async def timers_of_cases(session: AsyncSession, case_ids: Sequence[str]) -> list[Any]:
    rows = await session.execute(
        select(timers).where(timers.c.case_id.in_(case_ids)).order_by(timers.c.id)
    )
    return list(rows)


async def alarms_of(session: AsyncSession, timer_ids: Sequence[int]) -> list[Any]:
    if not timer_ids:
        return []
    rows = await session.execute(
        select(timer_alarms)
        .where(timer_alarms.c.timer_id.in_(timer_ids))
        .order_by(timer_alarms.c.timer_id, timer_alarms.c.id)
    )
    return list(rows)


async def department_timers(
    session: AsyncSession, department: str, state: str, *, now: datetime, limit: int
) -> list[Any]:
    query = select(timers).where(timers.c.department == department)
    if state == "upcoming":
        query = query.where(timers.c.state == "running", timers.c.due_at > now)
    elif state == "overdue":
        query = query.where(timers.c.state == "running", timers.c.due_at <= now)
    elif state == "parked":
        query = query.where(timers.c.state == "running", timers.c.parked_year.is_not(None))
    else:
        query = query.where(timers.c.state == state)
    order = timers.c.stopped_at.desc() if state in ("stopped", "cancelled") else timers.c.due_at
    rows = await session.execute(query.order_by(order, timers.c.id).limit(limit))
    return list(rows)


async def policy_history(session: AsyncSession) -> list[Any]:
    rows = await session.execute(
        select(
            policy_versions.c.version,
            policy_versions.c.source,
            policy_versions.c.created_by,
            policy_versions.c.created_at,
        ).order_by(policy_versions.c.version.desc())
    )
    return list(rows)


async def loaded_years(session: AsyncSession) -> list[Any]:
    """The loaded years without their days: year, source, loaded_at."""
    rows = await session.execute(
        select(calendar_years.c.year, calendar_years.c.source, calendar_years.c.loaded_at)
    )
    return list(rows)
