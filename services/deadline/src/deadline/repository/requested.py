"""The submitters' requested completion dates in SQL (one per case, the latest wins)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from deadline.models import requested_dates


class RequestedDatesSql:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def record(self, case_id: str, requested_by: date) -> None:
        statement = insert(requested_dates).values(case_id=case_id, requested_by=requested_by)
        await self.session.execute(
            statement.on_conflict_do_update(
                index_elements=["case_id"], set_={"requested_by": requested_by}
            )
        )

    async def of_cases(self, case_ids: Sequence[str]) -> dict[str, date]:
        return await requested_dates_of(self.session, case_ids)


async def requested_dates_of(session: AsyncSession, case_ids: Sequence[str]) -> dict[str, date]:
    if not case_ids:
        return {}
    rows = await session.execute(
        select(requested_dates).where(requested_dates.c.case_id.in_(list(set(case_ids))))
    )
    return {row.case_id: row.requested_by for row in rows}
