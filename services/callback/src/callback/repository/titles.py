"""Each registered case's title in SQL, for the agents' queue: the first one seen is kept."""

from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from callback.models import case_titles


class SqlTitles:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def remember(self, case_id: str, title: str) -> None:
        await self.session.execute(
            insert(case_titles)
            .values(case_id=case_id, title=title)
            .on_conflict_do_nothing(index_elements=["case_id"])
        )
