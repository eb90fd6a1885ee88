"""Timers in SQL: started, ended, moved, re-routed and looked up for the use cases."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from deadline.models import timer_alarms, timers
from deadline.repository.store import OPEN_STATES


class TimersSql:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def insert(self, rows: list[dict[str, Any]]) -> list[Any]:
        """Several timers in one statement; returns the ones created (a repeat creates none)."""
        if not rows:
            return []
        created = await self.session.execute(
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

    async def of_case(
        self, case_id: str, *, open_only: bool = False, lock: bool = False
    ) -> list[Any]:
        query = select(timers).where(timers.c.case_id == case_id).order_by(timers.c.id)
        if open_only:
            query = query.where(timers.c.state.in_(OPEN_STATES))
        if lock:
            query = query.with_for_update()
        return list(await self.session.execute(query))

    async def has_stages(self, case_id: str, stages: Sequence[str]) -> bool:
        """Whether the case ever had a timer of these stages."""
        found = await self.session.scalar(
            select(timers.c.id)
            .where(timers.c.case_id == case_id, timers.c.stage.in_(list(stages)))
            .limit(1)
        )
        return found is not None

    async def end(
        self,
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
        ended = await self.session.execute(
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

    async def set_department(self, timer_ids: Sequence[int], department: str) -> None:
        if timer_ids:
            await self.session.execute(
                timers.update().where(timers.c.id.in_(timer_ids)).values(department=department)
            )

    async def save_clocks(self, changes: list[dict[str, Any]]) -> None:
        """New clock fields for timers: id, consumed_minutes, extension_minutes, anchor_at,
        paused_at, due_at, state, parked_year."""
        if changes:
            await self.session.execute(
                text(
                    "UPDATE deadline.timers SET consumed_minutes = :consumed_minutes,"
                    " extension_minutes = :extension_minutes, anchor_at = :anchor_at,"
                    " paused_at = :paused_at, due_at = :due_at, state = :state,"
                    " parked_year = :parked_year WHERE id = :id"
                ),
                changes,
            )

    async def latest(self, case_id: str) -> Any | None:
        rows = await self.session.execute(
            select(timers.c.kind, timers.c.category, timers.c.department)
            .where(timers.c.case_id == case_id)
            .order_by(timers.c.id.desc())
            .limit(1)
        )
        return rows.first()

    async def to_replan(self, since: datetime) -> list[Any]:
        """Running timers parked for want of a calendar year, or with an alarm to ring in or
        after `since`; rows another replica holds are skipped."""
        rows = await self.session.execute(
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

    async def parked(self, years: Sequence[int]) -> list[Any]:
        """Running timers parked for one of these years; rows another replica holds are
        skipped."""
        rows = await self.session.execute(
            select(timers)
            .where(timers.c.state == "running", timers.c.parked_year.in_(list(years)))
            .with_for_update(skip_locked=True)
        )
        return list(rows)

    async def parked_counts(self) -> dict[int, int]:
        """Running timers waiting for a calendar year, by that year."""
        rows = await self.session.execute(
            select(timers.c.parked_year, func.count())
            .where(timers.c.state == "running", timers.c.parked_year.is_not(None))
            .group_by(timers.c.parked_year)
        )
        return {int(year): int(count) for year, count in rows}
