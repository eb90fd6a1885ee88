"""Read-only queries behind the agents' GET routes: the queue and one case's tasks, each with
its case's title (null until the registration has been seen)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from callback.models import attempts, case_titles, tasks


def _titled() -> Any:
    return select(tasks, case_titles.c.title).outerjoin(
        case_titles, case_titles.c.case_id == tasks.c.case_id
    )


async def queue(
    session: AsyncSession, *, state: str, limit: int, offset: int = 0
) -> list[dict[str, Any]]:
    rows = await session.execute(
        _titled()
        .where(tasks.c.state == state)
        .order_by(tasks.c.due_at.asc().nulls_last(), tasks.c.resolved_at, tasks.c.case_id)
        .limit(limit)
        .offset(offset)
    )
    return [dict(row._mapping) for row in rows]


async def case_tasks(session: AsyncSession, case_id: str) -> list[dict[str, Any]]:
    rows = await session.execute(
        _titled().where(tasks.c.case_id == case_id).order_by(tasks.c.round)
    )
    found = [dict(row._mapping) for row in rows]
    calls = await session.execute(
        select(attempts).where(attempts.c.case_id == case_id).order_by(attempts.c.id)
    )
    by_round: dict[int, list[dict[str, Any]]] = {}
    for call in calls:
        by_round.setdefault(call.round, []).append(
            {"outcome": call.outcome, "note": call.note, "agent": call.agent, "at": call.at}
        )
    for task in found:
        task["attempts"] = by_round.get(task["round"], [])
    return found
