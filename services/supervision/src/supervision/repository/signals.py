"""Signals (督查信号) with their evidence, and who handles each case, in SQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from supervision.models import case_departments, signals
from supervision.repository.store import FiledSignal


class SqlSignals:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def record(self, values: dict[str, Any]) -> bool:
        inserted = await self.session.execute(
            insert(signals)
            .values(**values)
            .on_conflict_do_nothing(index_elements=["evidence_event_id"])
            .returning(signals.c.id)
        )
        return inserted.first() is not None

    async def file_waiting(self, case_id: str, department: str) -> list[FiledSignal]:
        """File the case's signals still without a department against `department`."""
        filed = await self.session.execute(
            update(signals)
            .where(signals.c.case_id == case_id, signals.c.department.is_(None))
            .values(department=department)
            .returning(signals.c.kind, signals.c.evidence_event_id, signals.c.observed_at)
        )
        return [FiledSignal(row.kind, row.evidence_event_id, row.observed_at) for row in filed]


class SqlCases:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def set_department(self, case_id: str, department: str) -> None:
        statement = insert(case_departments).values(case_id=case_id, department=department)
        await self.session.execute(
            statement.on_conflict_do_update(
                index_elements=["case_id"], set_={"department": department}
            )
        )

    async def department_of(self, case_id: str) -> str | None:
        return await self.session.scalar(
            select(case_departments.c.department).where(case_departments.c.case_id == case_id)
        )
