"""Supervisors' records in SQL: one class over any of their tables (urges, orders, meetings,
accountability, buck-passing findings, appeals)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession


class SqlRecords:
    def __init__(self, session: AsyncSession, table: Table) -> None:
        self.session = session
        self.table = table

    async def add_once(self, values: dict[str, Any]) -> bool:
        inserted = await self.session.execute(
            insert(self.table)
            .values(**values)
            .on_conflict_do_nothing()
            .returning(*self.table.primary_key)
        )
        return inserted.first() is not None

    async def locked(self, **key: Any) -> dict[str, Any] | None:
        statement = select(self.table)
        for name, value in key.items():
            statement = statement.where(self.table.c[name] == value)
        row = (await self.session.execute(statement.with_for_update())).first()
        return dict(row._mapping) if row is not None else None

    async def update(self, key: dict[str, Any], **values: Any) -> None:
        statement = update(self.table).values(**values)
        for name, value in key.items():
            statement = statement.where(self.table.c[name] == value)
        await self.session.execute(statement)
