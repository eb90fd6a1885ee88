"""What the dispatcher reads beside a case's own row: the queue of cases waiting for a
dispatcher's decision, and the history of a case's returns (退单) with their rulings."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from dispatch.models import case_returns, cases
from dispatch.repository import summary


async def dispatcher_queue(
    session: AsyncSession, *, states: list[str], limit: int, offset: int
) -> list[dict[str, Any]]:
    """Cases in `states` and cases with an extension request to decide, the latest change
    first; a returned case carries its undecided return."""
    query = (
        select(cases)
        # an absent request is stored as JSON null, not SQL NULL
        .where(
            or_(
                cases.c.state.in_(states),
                func.jsonb_typeof(cases.c.pending_extension) == "object",
            )
        )
        .order_by(cases.c.updated_at.desc(), cases.c.case_id)
    )
    rows = [summary(row) for row in await session.execute(query.limit(limit).offset(offset))]
    undecided = await session.execute(
        select(case_returns).where(
            case_returns.c.case_id.in_([row["case_id"] for row in rows]),
            case_returns.c.decided_at.is_(None),
        )
    )
    returns = {
        r.case_id: {
            "from_department": r.from_department,
            "reason": r.reason,
            "returned_by": r.returned_by,
            "returned_at": r.returned_at,
        }
        for r in undecided
    }
    return [{**row, "pending_return": returns.get(row["case_id"])} for row in rows]


async def return_history(session: AsyncSession, case_id: str) -> list[dict[str, Any]]:
    """Each 退单 of the case, oldest first: who returned it, when and why, and the ruling."""
    rows = await session.execute(
        select(case_returns).where(case_returns.c.case_id == case_id).order_by(case_returns.c.seq)
    )
    return [
        {
            "seq": r.seq,
            "from_department": r.from_department,
            "reason": r.reason,
            "returned_by": r.returned_by,
            "returned_at": r.returned_at,
            "decision": r.decision,
            "to_department": r.to_department,
            "decided_by": r.decided_by,
            "decided_at": r.decided_at,
        }
        for r in rows
    ]
