"""The submitter's requested completion dates deadline keeps: recorded from CaseAccepted,
read beside the timers. CaseAccepted and the CaseAssigned that starts the timers come on
different topics, in either order: the flag is read, not stored, so the order does not
matter."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from common.consumer import MessageContext
from common.events import CaseAccepted
from deadline.models import requested_dates


async def on_case_accepted(event: CaseAccepted, ctx: MessageContext) -> None:
    if event.requested_by is None:
        return
    statement = insert(requested_dates).values(
        case_id=ctx.envelope.case_id, requested_by=event.requested_by
    )
    await ctx.session.execute(
        statement.on_conflict_do_update(
            index_elements=["case_id"], set_={"requested_by": event.requested_by}
        )
    )


async def requested_dates_of(session: AsyncSession, case_ids: Sequence[str]) -> dict[str, date]:
    if not case_ids:
        return {}
    rows = await session.execute(
        select(requested_dates).where(requested_dates.c.case_id.in_(list(set(case_ids))))
    )
    return {row.case_id: row.requested_by for row in rows}
