"""SqlVisits: window visit ratings (窗口单位百姓评) in PostgreSQL, one per case."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from intake.models import window_visit_ratings
from intake.visits.rules import Rating


class SqlVisits:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def insert_rating(self, values: dict[str, Any]) -> bool:
        inserted = await self.session.execute(
            insert(window_visit_ratings)
            .values(**values)
            .on_conflict_do_nothing()
            .returning(window_visit_ratings.c.case_id)
        )
        return inserted.first() is not None

    async def find_rating(self, case_id: str) -> Rating | None:
        row = (
            await self.session.execute(
                select(window_visit_ratings).where(window_visit_ratings.c.case_id == case_id)
            )
        ).first()
        return Rating(**row._mapping) if row else None

    async def ratings_between(self, start: datetime, end: datetime) -> list[Rating]:
        rows = await self.session.execute(
            select(window_visit_ratings)
            .where(window_visit_ratings.c.rated_at >= start, window_visit_ratings.c.rated_at < end)
            .order_by(window_visit_ratings.c.rated_at, window_visit_ratings.c.case_id)
        )
        return [Rating(**row._mapping) for row in rows]
