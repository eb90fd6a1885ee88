"""SQL for the registered cases: numbering, insert, find, update, and the staff's lists."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from intake.models import (
    case_handlers,
    cases,
)
from intake.repository.store import CaseFilters


class SqlCases:
    """The registered cases, in SQL."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def next_sequence(self) -> int:
        value = await self.session.scalar(text("SELECT nextval('intake.case_sequence')"))
        return int(value)

    async def insert_case(self, values: dict[str, Any]) -> None:
        await self.session.execute(cases.insert().values(**values))

    async def find_case(self, case_id: str, *, lock: bool = False) -> Any:
        query = select(cases).where(cases.c.case_id == case_id)
        if lock:
            query = query.with_for_update()
        return (await self.session.execute(query)).first()

    async def update_case(self, case_id: str, values: dict[str, Any]) -> None:
        await self.session.execute(update(cases).where(cases.c.case_id == case_id).values(**values))

    async def count_cases(self) -> int:
        return int(await self.session.scalar(select(func.count()).select_from(cases)) or 0)

    async def list_cases(self, filters: CaseFilters) -> Sequence[Any]:
        query = select(
            cases, case_handlers.c.lead_department, case_handlers.c.departments
        ).outerjoin(case_handlers, case_handlers.c.case_id == cases.c.case_id)
        exact = {
            cases.c.screening_state: filters.screening_state,
            cases.c.duplicate_review: filters.duplicate_review,
            cases.c.category: filters.category,
            cases.c.channel: filters.channel,
            cases.c.kind: filters.kind,
            cases.c.area: filters.area,
        }
        for column, value in exact.items():
            if value is not None:
                query = query.where(column == value)
        if filters.department is not None:
            query = query.where(case_handlers.c.departments.any_() == filters.department)
        if filters.registered_from is not None:
            query = query.where(cases.c.registered_at >= filters.registered_from)
        if filters.registered_to is not None:
            query = query.where(cases.c.registered_at < filters.registered_to)
        query = (
            query.order_by(cases.c.registered_at.desc(), cases.c.case_id.desc())
            .limit(filters.limit)
            .offset(filters.offset)
        )
        return (await self.session.execute(query)).all()

    async def screening_queue(self, *, limit: int) -> Sequence[Any]:
        return (
            await self.session.execute(
                select(cases)
                .where(cases.c.screening_state == "pending")
                .order_by(cases.c.registered_at, cases.c.case_id)
                .limit(limit)
            )
        ).all()
