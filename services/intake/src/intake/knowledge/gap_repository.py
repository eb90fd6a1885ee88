"""SqlGaps: knowledge gaps (知识缺口) in PostgreSQL, one per case at most."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from intake.models import categories, knowledge_gaps
from intake.repository.store import GapFilters

_LISTED = (*knowledge_gaps.columns, categories.c.name.label("category_name"))


class SqlGaps:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def insert_gap(self, values: dict[str, Any]) -> bool:
        inserted = await self.session.execute(
            insert(knowledge_gaps)
            .values(**values)
            .on_conflict_do_nothing()
            .returning(knowledge_gaps.c.gap_id)
        )
        return inserted.first() is not None

    async def find_gap(self, gap_id: str, *, lock: bool = False) -> dict[str, Any] | None:
        query = (
            select(*_LISTED)
            .select_from(knowledge_gaps.outerjoin(categories, _same_category()))
            .where(knowledge_gaps.c.gap_id == gap_id)
        )
        if lock:
            query = query.with_for_update(of=knowledge_gaps)
        row = (await self.session.execute(query)).first()
        return dict(row._mapping) if row else None

    async def update_gap(self, gap_id: str, values: dict[str, Any]) -> None:
        await self.session.execute(
            update(knowledge_gaps).where(knowledge_gaps.c.gap_id == gap_id).values(**values)
        )

    async def list_gaps(self, filters: GapFilters) -> tuple[list[dict[str, Any]], int]:
        conditions = []
        if filters.department is not None:
            conditions.append(knowledge_gaps.c.department == filters.department)
        if filters.state is not None:
            conditions.append(knowledge_gaps.c.state == filters.state)
        total = await self.session.scalar(
            select(func.count()).select_from(knowledge_gaps).where(*conditions)
        )
        query = (
            select(*_LISTED)
            .select_from(knowledge_gaps.outerjoin(categories, _same_category()))
            .where(*conditions)
            .order_by(knowledge_gaps.c.opened_at.desc(), knowledge_gaps.c.gap_id.desc())
            .limit(filters.limit)
            .offset(filters.offset)
        )
        rows = await self.session.execute(query)
        return [dict(r._mapping) for r in rows], int(total or 0)

    async def open_gaps_by_department(self) -> dict[str, int]:
        rows = await self.session.execute(
            select(knowledge_gaps.c.department, func.count())
            .where(knowledge_gaps.c.state == "open")
            .group_by(knowledge_gaps.c.department)
        )
        return {department: int(count) for department, count in rows}

    async def category_lead(self, code: str) -> str | None:
        lead: str | None = await self.session.scalar(
            select(categories.c.lead).where(categories.c.code == code)
        )
        return lead


def _same_category() -> Any:
    return categories.c.code == knowledge_gaps.c.category
