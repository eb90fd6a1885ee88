"""Callback's table of tasks."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from callback.domain.task import CallbackTask
from callback.models import tasks


async def open_task(session: AsyncSession, values: dict[str, Any]) -> None:
    await session.execute(
        insert(tasks)
        .values(state="open", **values)
        .on_conflict_do_nothing(index_elements=["case_id", "round"])
    )


async def latest_task(session: AsyncSession, case_id: str) -> CallbackTask | None:
    row = (
        await session.execute(
            select(tasks)
            .where(tasks.c.case_id == case_id)
            .order_by(tasks.c.round.desc())
            .limit(1)
            .with_for_update()
        )
    ).first()
    if row is None:
        return None
    return CallbackTask(row.case_id, row.round, row.department, row.state)


async def record_result(session: AsyncSession, task: CallbackTask, values: dict[str, Any]) -> None:
    await session.execute(
        tasks.update()
        .where(tasks.c.case_id == task.case_id, tasks.c.round == task.round)
        .values(state=task.state, **values)
    )


async def queue(session: AsyncSession, *, state: str, limit: int) -> list[dict[str, Any]]:
    rows = await session.execute(
        select(tasks).where(tasks.c.state == state).order_by(tasks.c.resolved_at).limit(limit)
    )
    return [dict(row._mapping) for row in rows]
