"""The problem list (问题清单) and the batches published on it, in SQL."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from supervision.models import problem_items, published_batches
from supervision.repository.records import SqlRecords


class SqlProblems:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self._rows = SqlRecords(session, problem_items)

    async def add(self, values: dict[str, Any]) -> dict[str, Any]:
        row = (
            await self.session.execute(
                insert(problem_items).values(**values).returning(problem_items)
            )
        ).one()
        return dict(row._mapping)

    async def locked(self, item_id: int) -> dict[str, Any] | None:
        return await self._rows.locked(item_id=item_id)

    async def update(self, item_id: int, **values: Any) -> None:
        await self._rows.update({"item_id": item_id}, **values)


class SqlBatches:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def published_ids(self) -> list[str]:
        rows = await self.session.scalars(
            select(published_batches.c.batch_id).order_by(published_batches.c.published_at)
        )
        return list(rows)

    async def publish(self, batch_id: str, actor: str, at: datetime) -> None:
        await self.session.execute(
            insert(published_batches)
            .values(batch_id=batch_id, published_by=actor, published_at=at)
            .on_conflict_do_nothing()
        )

    async def withdraw(self, batch_id: str) -> bool:
        removed = await self.session.execute(
            delete(published_batches).where(published_batches.c.batch_id == batch_id)
        )
        return bool(cast(CursorResult[Any], removed).rowcount)
