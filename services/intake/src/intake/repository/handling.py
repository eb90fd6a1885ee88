"""SQL for who handles a case: its lead department, co-handlers and round."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from intake.models import case_handlers


class SqlHandling:
    """Who handles each case, in SQL."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def set_handlers(
        self,
        case_id: str,
        *,
        lead: str,
        co_handlers: Sequence[str] | None,
        round: int,
        at: datetime,
    ) -> None:
        """The current lead (and co-handlers, when the event names them); the latest event wins,
        whatever order events arrive in."""
        values: dict[str, Any] = {"lead_department": lead, "round": round, "updated_at": at}
        departments = [lead, *[d for d in (co_handlers or []) if d != lead]]
        statement = insert(case_handlers).values(case_id=case_id, departments=departments, **values)
        keep_co = co_handlers is None
        new_departments = (
            func.array_prepend(lead, func.array_remove(case_handlers.c.departments, lead))
            if keep_co
            else statement.excluded.departments
        )
        await self.session.execute(
            statement.on_conflict_do_update(
                index_elements=["case_id"],
                set_={**values, "departments": new_departments},
                where=case_handlers.c.updated_at <= statement.excluded.updated_at,
            )
        )

    async def handlers_of(self, case_id: str) -> Any:
        return (
            await self.session.execute(
                select(case_handlers).where(case_handlers.c.case_id == case_id)
            )
        ).first()
