"""Callback tasks in SQL: opened once per case and round, their due time (kept aside when it
comes before the task), locked for an attempt or a result, and every attempt."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from callback.domain.task import CallbackTask, TaskState
from callback.models import attempts, pending_due, tasks
from callback.repository.store import AttemptRecord, CallbackResult, NewTask, Resolution


def _task(row: Any) -> CallbackTask:
    return CallbackTask(
        row.case_id,
        row.round,
        row.department,
        TaskState(row.state),
        row.failed_attempts,
        knowledge_article_id=row.knowledge_article_id,
    )


class SqlTasks:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def open(self, task: NewTask) -> None:
        """A redelivered resolution changes nothing; a due time that came first is picked up."""
        due_at = await self.session.scalar(
            select(pending_due.c.due_at).where(
                pending_due.c.case_id == task.case_id, pending_due.c.round == task.round
            )
        )
        await self.session.execute(
            insert(tasks)
            .values(state=TaskState.OPEN.value, failed_attempts=0, due_at=due_at, **asdict(task))
            .on_conflict_do_nothing(index_elements=["case_id", "round"])
        )

    async def set_due(self, case_id: str, round: int, due_at: datetime | None) -> None:
        updated = await self.session.execute(
            tasks.update()
            .where(tasks.c.case_id == case_id, tasks.c.round == round)
            .values(due_at=due_at)
        )
        if not updated.rowcount:  # type: ignore[attr-defined]
            await self.session.execute(
                insert(pending_due)
                .values(case_id=case_id, round=round, due_at=due_at)
                .on_conflict_do_update(index_elements=["case_id", "round"], set_={"due_at": due_at})
            )

    async def for_update(self, case_id: str, round: int | None = None) -> CallbackTask | None:
        query = select(tasks).where(tasks.c.case_id == case_id)
        query = query.where(tasks.c.round == round) if round is not None else query
        row = (
            await self.session.execute(
                query.order_by(tasks.c.round.desc()).limit(1).with_for_update()
            )
        ).first()
        return None if row is None else _task(row)

    async def save(self, task: CallbackTask, result: CallbackResult | None = None) -> None:
        values: dict[str, Any] = {} if result is None else asdict(result)
        if result is not None:
            values["satisfaction"] = result.satisfaction.value
        await self.session.execute(
            tasks.update()
            .where(tasks.c.case_id == task.case_id, tasks.c.round == task.round)
            .values(state=task.state.value, failed_attempts=task.failed_attempts, **values)
        )

    async def add_attempt(self, attempt: AttemptRecord) -> None:
        values = asdict(attempt) | {"outcome": attempt.outcome.value}
        await self.session.execute(attempts.insert().values(**values))

    async def resolution(self, case_id: str, round: int) -> Resolution:
        row = (
            await self.session.execute(
                select(tasks).where(tasks.c.case_id == case_id, tasks.c.round == round)
            )
        ).one()
        return Resolution(row.result, row.resolved_at)
