"""Timer alarms in SQL: planned, moved, and claimed by the scheduler as they fall due."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from common.db import driver_connection
from deadline.models import timer_alarms


class AlarmsSql:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def insert(self, rows: list[dict[str, Any]]) -> None:
        if rows:
            await self.session.execute(timer_alarms.insert(), rows)

    async def pending(self, timer_ids: Sequence[int]) -> list[Any]:
        if not timer_ids:
            return []
        rows = await self.session.execute(
            select(timer_alarms)
            .where(timer_alarms.c.timer_id.in_(timer_ids), timer_alarms.c.fired_at.is_(None))
            .order_by(timer_alarms.c.id)
        )
        return list(rows)

    async def set_dues(self, changes: list[dict[str, Any]]) -> None:
        """Move alarms not rung yet (id, due_at, respond_by); one rung meanwhile (claimed by
        the scheduler) stays as it is."""
        if changes:
            await self.session.execute(
                text(
                    "UPDATE deadline.timer_alarms SET due_at = :due_at, respond_by = :respond_by"
                    " WHERE id = :id AND fired_at IS NULL"
                ),
                changes,
            )

    async def claim_due(self, *, now: datetime, limit: int) -> list[Any]:
        return await claim_due_alarms(self.session, now=now, limit=limit)

    async def next_due(self) -> datetime | None:
        due: datetime | None = await self.session.scalar(
            select(func.min(timer_alarms.c.due_at)).where(
                timer_alarms.c.fired_at.is_(None), timer_alarms.c.due_at.is_not(None)
            )
        )
        return due


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
        " a.due_at AS alarm_due_at, a.respond_by, due.timer_id, due.case_id, due.stage,"
        " due.department, due.started_at, due.due_at, due.policy, due.policy_version",
        now,
        limit,
    )
    return sorted(rows, key=lambda r: (r["alarm_due_at"], r["alarm_id"]))
