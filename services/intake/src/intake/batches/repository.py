"""SqlBatches: intake's batch tables in PostgreSQL, each imported file with its progress and
row report, and the case each of its rows became."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from intake.models import batch_cases, batches, categories


class SqlBatches:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def insert_batch(self, values: dict[str, Any]) -> None:
        await self.session.execute(batches.insert().values(**values))

    async def update_batch(self, batch_id: str, values: dict[str, Any]) -> None:
        await self.session.execute(
            update(batches).where(batches.c.batch_id == batch_id).values(**values)
        )

    async def find_batch(self, batch_id: str) -> dict[str, Any] | None:
        row = (
            await self.session.execute(select(batches).where(batches.c.batch_id == batch_id))
        ).first()
        return dict(row._mapping) if row else None

    async def list_batches(self, *, limit: int, offset: int) -> list[dict[str, Any]]:
        query = (
            select(*[c for c in batches.columns if c.name != "problems"])
            .order_by(batches.c.created_at.desc(), batches.c.batch_id)
            .limit(limit)
            .offset(offset)
        )
        return [dict(r._mapping) for r in await self.session.execute(query)]

    async def add_cases(self, batch_id: str, rows: Sequence[tuple[int, str]]) -> None:
        if rows:
            await self.session.execute(
                batch_cases.insert(),
                [{"batch_id": batch_id, "row_number": n, "case_id": c} for n, c in rows],
            )

    async def cases_of(self, batch_id: str) -> list[dict[str, Any]]:
        query = (
            select(batch_cases.c.row_number, batch_cases.c.case_id)
            .where(batch_cases.c.batch_id == batch_id)
            .order_by(batch_cases.c.row_number)
        )
        return [dict(r._mapping) for r in await self.session.execute(query)]

    async def category_names(self) -> dict[str, str]:
        """Active categories by code and by name, as a spreadsheet may give either."""
        rows = await self.session.execute(
            select(categories.c.code, categories.c.name).where(categories.c.active)
        )
        found: dict[str, str] = {}
        for code, name in rows:
            found[code] = code
            found.setdefault(name, code)
        return found

    async def touch(self, batch_id: str, values: dict[str, Any], at: datetime) -> None:
        await self.update_batch(batch_id, {**values, "heartbeat_at": at})
