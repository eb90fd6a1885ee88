"""Deadline's table of durable timers."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from deadline.domain.schedule import YearSchedule
from deadline.models import calendar_days, calendar_years, timers

OPEN_STATES = ("running", "overdue")


async def start_timers(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    """Several timers in one statement; a redelivered start changes nothing."""
    await session.execute(
        insert(timers)
        .values([{"state": "running", **row} for row in rows])
        .on_conflict_do_nothing(index_elements=["case_id", "stage", "round"])
    )


async def stop_timers(
    session: AsyncSession, case_id: str, *, stages: list[str] | None, at: datetime, state: str
) -> int:
    statement = timers.update().where(timers.c.case_id == case_id, timers.c.state.in_(OPEN_STATES))
    if stages is not None:
        statement = statement.where(timers.c.stage.in_(stages))
    result = await session.execute(statement.values(state=state, stopped_at=at))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def latest_kind(session: AsyncSession, case_id: str) -> str | None:
    return await session.scalar(
        select(timers.c.kind)
        .where(timers.c.case_id == case_id)
        .order_by(timers.c.id.desc())
        .limit(1)
    )


async def claim_due(session: AsyncSession, *, now: datetime, limit: int) -> list[Any]:
    """Mark due running timers overdue and return them; rows other replicas hold are skipped."""
    rows = await session.execute(
        text(
            "WITH due AS ("
            " SELECT id FROM deadline.timers WHERE state = 'running' AND due_at <= :now"
            " ORDER BY due_at LIMIT :limit FOR UPDATE SKIP LOCKED)"
            " UPDATE deadline.timers t SET state = 'overdue', fired_at = :now"
            " FROM due WHERE t.id = due.id"
            " RETURNING t.id, t.case_id, t.stage, t.department, t.policy, t.started_at, t.due_at"
        ),
        {"now": now, "limit": limit},
    )
    return list(rows)


async def next_due(session: AsyncSession) -> datetime | None:
    return await session.scalar(
        select(timers.c.due_at)
        .where(timers.c.state == "running")
        .order_by(timers.c.due_at)
        .limit(1)
    )


async def case_timers(session: AsyncSession, case_id: str) -> list[Any]:
    rows = await session.execute(
        select(timers).where(timers.c.case_id == case_id).order_by(timers.c.id)
    )
    return list(rows)


async def department_timers(session: AsyncSession, department: str, state: str) -> list[Any]:
    rows = await session.execute(
        select(timers)
        .where(timers.c.department == department, timers.c.state == state)
        .order_by(timers.c.due_at)
        .limit(500)
    )
    return list(rows)


async def loaded_schedules(session: AsyncSession) -> dict[int, YearSchedule]:
    years = await session.execute(select(calendar_years))
    days = await session.execute(select(calendar_days))
    by_year: dict[int, tuple[dict[date, str], dict[date, str]]] = {}
    for day in days:
        off, on = by_year.setdefault(day.year, ({}, {}))
        (on if day.workday else off)[day.day] = day.name
    return {
        row.year: YearSchedule(row.year, row.source, *by_year.get(row.year, ({}, {})))
        for row in years
    }


async def save_schedule(session: AsyncSession, schedule: YearSchedule, *, loaded_by: str) -> None:
    """Replace the year's schedule as a whole."""
    await session.execute(calendar_years.delete().where(calendar_years.c.year == schedule.year))
    await session.execute(
        calendar_years.insert().values(
            year=schedule.year, source=schedule.source, loaded_by=loaded_by
        )
    )
    days = [
        {"day": d, "year": schedule.year, "workday": False, "name": n}
        for d, n in schedule.holidays.items()
    ] + [
        {"day": d, "year": schedule.year, "workday": True, "name": n}
        for d, n in schedule.make_up_workdays.items()
    ]
    if days:
        await session.execute(calendar_days.insert(), days)


async def last_calendar_change(session: AsyncSession) -> datetime | None:
    latest: datetime | None = await session.scalar(select(func.max(calendar_years.c.loaded_at)))
    return latest


async def running_timers_due_from(session: AsyncSession, since: datetime) -> list[Any]:
    rows = await session.execute(
        select(timers.c.id, timers.c.started_at, timers.c.limit_minutes)
        .where(timers.c.state == "running", timers.c.due_at >= since)
        .with_for_update(skip_locked=True)
    )
    return list(rows)


async def set_due(session: AsyncSession, changes: list[dict[str, Any]]) -> None:
    if changes:
        await session.execute(
            text("UPDATE deadline.timers SET due_at = :due_at WHERE id = :id"), changes
        )
