"""Deadline's tables: durable timers, their alarms, the versioned policy table and the
loaded year schedules."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from common.db import driver_connection
from deadline.domain.schedule import YearSchedule
from deadline.models import calendar_days, calendar_years, policy_versions, timer_alarms, timers

OPEN_STATES = ("running", "paused")

# --- timers -------------------------------------------------------------------------------


async def insert_timers(session: AsyncSession, rows: list[dict[str, Any]]) -> list[Any]:
    """Several timers in one statement; returns the ones created (a repeat creates none)."""
    if not rows:
        return []
    created = await session.execute(
        insert(timers)
        .values([{"state": "running", "attempt": 1, **row} for row in rows])
        .on_conflict_do_nothing(constraint="timers_case_stage_round_attempt")
        .returning(
            timers.c.id,
            timers.c.case_id,
            timers.c.stage,
            timers.c.round,
            timers.c.department,
            timers.c.due_at,
            timers.c.policy,
            timers.c.policy_version,
        )
    )
    return list(created)


async def insert_alarms(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    if rows:
        await session.execute(timer_alarms.insert(), rows)


async def case_timers(
    session: AsyncSession, case_id: str, *, open_only: bool = False, lock: bool = False
) -> list[Any]:
    query = select(timers).where(timers.c.case_id == case_id).order_by(timers.c.id)
    if open_only:
        query = query.where(timers.c.state.in_(OPEN_STATES))
    if lock:
        query = query.with_for_update()
    return list(await session.execute(query))


async def has_stages(session: AsyncSession, case_id: str, stages: Sequence[str]) -> bool:
    """Whether the case ever had a timer of these stages."""
    found = await session.scalar(
        select(timers.c.id)
        .where(timers.c.case_id == case_id, timers.c.stage.in_(list(stages)))
        .limit(1)
    )
    return found is not None


async def timers_of_cases(session: AsyncSession, case_ids: Sequence[str]) -> list[Any]:
    rows = await session.execute(
        select(timers).where(timers.c.case_id.in_(case_ids)).order_by(timers.c.id)
    )
    return list(rows)


async def end_timers(
    session: AsyncSession,
    case_id: str,
    *,
    stages: Sequence[str] | None,
    at: datetime,
    state: str,
    rounds_before: int | None = None,
) -> int:
    """Stop (or cancel) open timers and forget the alarms they had not rung yet."""
    conditions = ["case_id = :case_id", "state IN ('running', 'paused')"]
    params: dict[str, Any] = {"case_id": case_id, "at": at, "state": state}
    if stages is not None:
        conditions.append("stage = ANY(:stages)")
        params["stages"] = list(stages)
    if rounds_before is not None:
        conditions.append("round < :round")
        params["round"] = rounds_before
    ended = await session.execute(
        text(
            "WITH ended AS ("
            " UPDATE deadline.timers SET state = :state, stopped_at = :at"
            f" WHERE {' AND '.join(conditions)} RETURNING id),"
            " forgotten AS (DELETE FROM deadline.timer_alarms WHERE fired_at IS NULL"
            "  AND timer_id IN (SELECT id FROM ended))"
            " SELECT count(*) FROM ended"
        ),
        params,
    )
    return int(ended.scalar_one())


async def set_department(session: AsyncSession, timer_ids: Sequence[int], department: str) -> None:
    if timer_ids:
        await session.execute(
            timers.update().where(timers.c.id.in_(timer_ids)).values(department=department)
        )


async def save_clocks(session: AsyncSession, changes: list[dict[str, Any]]) -> None:
    """New clock fields for timers: id, consumed_minutes, extension_minutes, anchor_at,
    paused_at, due_at, state, parked_year."""
    if changes:
        await session.execute(
            text(
                "UPDATE deadline.timers SET consumed_minutes = :consumed_minutes,"
                " extension_minutes = :extension_minutes, anchor_at = :anchor_at,"
                " paused_at = :paused_at, due_at = :due_at, state = :state,"
                " parked_year = :parked_year WHERE id = :id"
            ),
            changes,
        )


async def pending_alarms(session: AsyncSession, timer_ids: Sequence[int]) -> list[Any]:
    if not timer_ids:
        return []
    rows = await session.execute(
        select(timer_alarms)
        .where(timer_alarms.c.timer_id.in_(timer_ids), timer_alarms.c.fired_at.is_(None))
        .order_by(timer_alarms.c.id)
    )
    return list(rows)


async def set_alarm_dues(session: AsyncSession, changes: list[dict[str, Any]]) -> None:
    """Move alarms not rung yet (id, due_at, respond_by); one rung meanwhile (claimed by the
    scheduler) stays as it is."""
    if changes:
        await session.execute(
            text(
                "UPDATE deadline.timer_alarms SET due_at = :due_at, respond_by = :respond_by"
                " WHERE id = :id AND fired_at IS NULL"
            ),
            changes,
        )


async def alarms_of(session: AsyncSession, timer_ids: Sequence[int]) -> list[Any]:
    if not timer_ids:
        return []
    rows = await session.execute(
        select(timer_alarms)
        .where(timer_alarms.c.timer_id.in_(timer_ids))
        .order_by(timer_alarms.c.timer_id, timer_alarms.c.id)
    )
    return list(rows)


async def latest_timer(session: AsyncSession, case_id: str) -> Any | None:
    rows = await session.execute(
        select(timers.c.kind, timers.c.category, timers.c.department)
        .where(timers.c.case_id == case_id)
        .order_by(timers.c.id.desc())
        .limit(1)
    )
    return rows.first()


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


async def running_timers_to_replan(session: AsyncSession, since: datetime) -> list[Any]:
    """Running timers parked for want of a calendar year, or with an alarm to ring in or
    after `since`."""
    rows = await session.execute(
        select(timers)
        .where(
            timers.c.state == "running",
            timers.c.parked_year.is_not(None)
            | timers.c.id.in_(
                select(timer_alarms.c.timer_id).where(
                    timer_alarms.c.fired_at.is_(None),
                    (timer_alarms.c.due_at >= since) | timer_alarms.c.due_at.is_(None),
                )
            ),
        )
        .with_for_update(skip_locked=True)
    )
    return list(rows)


# --- the scheduler ------------------------------------------------------------------------


async def claim_due_alarms(session: AsyncSession, *, now: datetime, limit: int) -> list[Any]:
    """Mark due alarms of running timers as rung and return them with their timer (asyncpg
    records, read by column name), in due order. Rows another replica holds are skipped;
    the caller writes the events in this transaction.

    A burst claims thousands of rows per statement, so they are read on the asyncpg
    connection under the session (same transaction) rather than as SQLAlchemy rows, which
    cost as much again as building the events. The timer's columns are read once, in the
    claim, rather than joined again in the UPDATE."""
    driver = await driver_connection(session)
    rows = await driver.fetch(
        "WITH due AS ("
        " SELECT a.id, t.id AS timer_id, t.case_id, t.stage, t.department, t.started_at,"
        "  t.due_at, t.policy, t.policy_version"
        " FROM deadline.timer_alarms a"
        " JOIN deadline.timers t ON t.id = a.timer_id AND t.state = 'running'"
        " WHERE a.fired_at IS NULL AND a.due_at <= $1"
        " ORDER BY a.due_at LIMIT $2 FOR UPDATE OF a SKIP LOCKED)"
        " UPDATE deadline.timer_alarms a SET fired_at = $1 FROM due WHERE a.id = due.id"
        " RETURNING a.id AS alarm_id, a.kind, a.name, a.fraction, a.days_after,"
        " a.due_at AS alarm_due_at, a.respond_by, due.timer_id, due.case_id, due.stage, due.department,"
        " due.started_at, due.due_at, due.policy, due.policy_version",
        now,
        limit,
    )
    return sorted(rows, key=lambda r: (r["alarm_due_at"], r["alarm_id"]))


async def parked_timers(session: AsyncSession, years: Sequence[int]) -> list[Any]:
    """Running timers parked for one of these years; rows another replica holds are skipped."""
    rows = await session.execute(
        select(timers)
        .where(timers.c.state == "running", timers.c.parked_year.in_(list(years)))
        .with_for_update(skip_locked=True)
    )
    return list(rows)


async def parked_counts(session: AsyncSession) -> dict[int, int]:
    """Running timers waiting for a calendar year, by that year."""
    rows = await session.execute(
        select(timers.c.parked_year, func.count())
        .where(timers.c.state == "running", timers.c.parked_year.is_not(None))
        .group_by(timers.c.parked_year)
    )
    return {int(year): int(count) for year, count in rows}


async def next_alarm_due(session: AsyncSession) -> datetime | None:
    due: datetime | None = await session.scalar(
        select(func.min(timer_alarms.c.due_at)).where(
            timer_alarms.c.fired_at.is_(None), timer_alarms.c.due_at.is_not(None)
        )
    )
    return due


# --- the policy table ---------------------------------------------------------------------


async def latest_policy_version(session: AsyncSession) -> int | None:
    version: int | None = await session.scalar(select(func.max(policy_versions.c.version)))
    return version


async def policy_version(session: AsyncSession, version: int) -> Any | None:
    rows = await session.execute(
        select(policy_versions).where(policy_versions.c.version == version)
    )
    return rows.first()


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


async def add_policy_version(
    session: AsyncSession, *, version: int, document: dict[str, Any], source: str, by: str
) -> bool:
    """False when that version number was taken meanwhile (another replica or request)."""
    created = await session.execute(
        insert(policy_versions)
        .values(version=version, document=document, source=source, created_by=by)
        .on_conflict_do_nothing(index_elements=["version"])
        .returning(policy_versions.c.version)
    )
    return created.first() is not None


async def lock_policy_table(session: AsyncSession) -> None:
    """Edits of the table take turns, so each builds on the version before it."""
    await session.execute(text("SELECT pg_advisory_xact_lock(hashtext('deadline-policy'))"))


# --- calendar -----------------------------------------------------------------------------


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


async def loaded_years(session: AsyncSession) -> list[Any]:
    """The loaded years without their days: year, source, loaded_at."""
    rows = await session.execute(
        select(calendar_years.c.year, calendar_years.c.source, calendar_years.c.loaded_at)
    )
    return list(rows)


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
