"""Callback's tables: tasks, attempts, due times, rating links and the cases' titles."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from callback.domain.task import CallbackTask, TaskState
from callback.models import attempts, case_titles, pending_due, rating_links, tasks


async def open_task(session: AsyncSession, values: dict[str, Any]) -> None:
    """A redelivered resolution changes nothing; a due time that came first is picked up."""
    due_at = await session.scalar(
        select(pending_due.c.due_at).where(
            pending_due.c.case_id == values["case_id"], pending_due.c.round == values["round"]
        )
    )
    await session.execute(
        insert(tasks)
        .values(state=TaskState.OPEN.value, failed_attempts=0, due_at=due_at, **values)
        .on_conflict_do_nothing(index_elements=["case_id", "round"])
    )


async def remember_title(session: AsyncSession, case_id: str, title: str) -> None:
    await session.execute(
        insert(case_titles)
        .values(case_id=case_id, title=title)
        .on_conflict_do_nothing(index_elements=["case_id"])
    )


async def set_due(session: AsyncSession, case_id: str, round: int, due_at: datetime | None) -> None:
    updated = await session.execute(
        tasks.update()
        .where(tasks.c.case_id == case_id, tasks.c.round == round)
        .values(due_at=due_at)
    )
    if not updated.rowcount:  # type: ignore[attr-defined]
        await session.execute(
            insert(pending_due)
            .values(case_id=case_id, round=round, due_at=due_at)
            .on_conflict_do_update(index_elements=["case_id", "round"], set_={"due_at": due_at})
        )


def _task(row: Any) -> CallbackTask:
    return CallbackTask(
        row.case_id, row.round, row.department, TaskState(row.state), row.failed_attempts
    )


async def task_for_update(
    session: AsyncSession, case_id: str, round: int | None = None
) -> CallbackTask | None:
    """The given round's task, or the latest one, locked for the rest of the transaction."""
    query = select(tasks).where(tasks.c.case_id == case_id)
    query = query.where(tasks.c.round == round) if round is not None else query
    row = (
        await session.execute(query.order_by(tasks.c.round.desc()).limit(1).with_for_update())
    ).first()
    return None if row is None else _task(row)


async def save_task(session: AsyncSession, task: CallbackTask, values: dict[str, Any]) -> None:
    await session.execute(
        tasks.update()
        .where(tasks.c.case_id == task.case_id, tasks.c.round == task.round)
        .values(state=task.state.value, failed_attempts=task.failed_attempts, **values)
    )


async def add_attempt(session: AsyncSession, values: dict[str, Any]) -> None:
    await session.execute(attempts.insert().values(**values))


def _titled() -> Any:
    """Tasks with their case's title (null until the registration has been seen)."""
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


async def add_rating_link(session: AsyncSession, values: dict[str, Any]) -> None:
    await session.execute(rating_links.insert().values(**values))


async def rating_link_for_update(session: AsyncSession, token_hash: bytes) -> Any:
    return (
        await session.execute(
            select(rating_links).where(rating_links.c.token_hash == token_hash).with_for_update()
        )
    ).first()


async def use_rating_link(session: AsyncSession, token_hash: bytes, at: datetime) -> None:
    await session.execute(
        rating_links.update().where(rating_links.c.token_hash == token_hash).values(used_at=at)
    )


async def task_row(session: AsyncSession, case_id: str, round: int) -> Any:
    return (
        await session.execute(
            select(tasks).where(tasks.c.case_id == case_id, tasks.c.round == round)
        )
    ).first()
