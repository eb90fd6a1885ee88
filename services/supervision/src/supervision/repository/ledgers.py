"""Campaign ledgers (专项整治台账) and their entries, in SQL."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from supervision.models import ledger_entries, ledgers


class SqlLedgers:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, values: dict[str, Any]) -> dict[str, Any]:
        row = (
            await self.session.execute(insert(ledgers).values(**values).returning(ledgers))
        ).one()
        return dict(row._mapping)

    async def get(self, ledger_id: int, *, lock: bool = False) -> dict[str, Any] | None:
        statement = select(ledgers).where(ledgers.c.ledger_id == ledger_id)
        if lock:
            statement = statement.with_for_update()
        row = (await self.session.execute(statement)).first()
        return dict(row._mapping) if row is not None else None

    async def listed(self, *, published_only: bool = False) -> list[dict[str, Any]]:
        statement = select(ledgers).order_by(ledgers.c.ledger_id.desc())
        if published_only:
            statement = statement.where(ledgers.c.published_at.is_not(None))
        return [dict(row._mapping) for row in await self.session.execute(statement)]

    async def update(self, ledger_id: int, **values: Any) -> None:
        await self.session.execute(
            update(ledgers).where(ledgers.c.ledger_id == ledger_id).values(**values)
        )

    async def add_entry(self, values: dict[str, Any]) -> dict[str, Any]:
        row = (
            await self.session.execute(
                insert(ledger_entries).values(**values).returning(ledger_entries)
            )
        ).one()
        return dict(row._mapping)

    async def entry(self, ledger_id: int, entry_id: int) -> dict[str, Any] | None:
        statement = (
            select(ledger_entries)
            .where(ledger_entries.c.ledger_id == ledger_id)
            .where(ledger_entries.c.entry_id == entry_id)
            .with_for_update()
        )
        row = (await self.session.execute(statement)).first()
        return dict(row._mapping) if row is not None else None

    async def update_entry(self, entry_id: int, **values: Any) -> None:
        await self.session.execute(
            update(ledger_entries).where(ledger_entries.c.entry_id == entry_id).values(**values)
        )

    async def entries(
        self,
        *,
        ledger_ids: Sequence[int] | None = None,
        responsible_unit: str | None = None,
        case_id: str | None = None,
    ) -> list[dict[str, Any]]:
        statement = select(ledger_entries).order_by(ledger_entries.c.entry_id)
        if ledger_ids is not None:
            statement = statement.where(ledger_entries.c.ledger_id.in_(ledger_ids))
        if responsible_unit is not None:
            statement = statement.where(ledger_entries.c.responsible_unit == responsible_unit)
        if case_id is not None:
            statement = statement.where(ledger_entries.c.case_id == case_id)
        return [dict(row._mapping) for row in await self.session.execute(statement)]
