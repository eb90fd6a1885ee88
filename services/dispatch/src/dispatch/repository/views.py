"""Read-only SQL behind dispatch's GET routes: case lists, a case with its timeline, the
dispatcher's queue, a case's returns and the return figures."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Text, cast, func, or_, select, union_all
from sqlalchemy.dialects.postgresql import ARRAY, array
from sqlalchemy.ext.asyncio import AsyncSession

from common.vocabulary import HANDLING_ACTIONS_ZH
from dispatch.models import case_actions, case_returns, cases, co_handler_opinions


def summary(row: Any) -> dict[str, Any]:
    return {
        "case_id": row.case_id,
        "category": row.category,
        "kind": row.kind,
        "state": row.state,
        "lead_department": row.lead_department,
        "co_handlers": list(row.co_handlers),
        "round": row.round,
        "returns": row.returns,
        "extensions_granted": row.extensions_granted,
        "extension_days_granted": row.extension_days_granted,
        "pending_extension": row.pending_extension,
        "queued_reason_code": row.queued_reason_code,
        "queued_reason": row.queued_reason,
        "title": row.title,
        "description": row.description,
        "submitter_kind": row.submitter_kind,
        "classification_confidence": row.classification_confidence,
        "category_confirmed": row.category_confirmed,
        "requested_by": row.requested_by,
        "created_at": row.created_at,
        "updated_at": row.updated_at,
        "transfers": row.transfers,
    }


async def case_view(session: AsyncSession, case_id: str) -> dict[str, Any] | None:
    row = (await session.execute(select(cases).where(cases.c.case_id == case_id))).first()
    if row is None:
        return None
    opinions = await session.execute(
        select(co_handler_opinions)
        .where(co_handler_opinions.c.case_id == case_id)
        .order_by(co_handler_opinions.c.filed_at)
    )
    return {
        **summary(row),
        "bounces": await bounce_counts(session, case_id=case_id),
        "opinions": [
            {
                "round": o.round,
                "department": o.department,
                "opinion": o.opinion,
                "actor": o.actor,
                "filed_at": o.filed_at,
            }
            for o in opinions
        ],
        "actions": await timeline(session, case_id),
    }


async def timeline(session: AsyncSession, case_id: str) -> list[dict[str, Any]]:
    actions = await session.execute(
        select(case_actions).where(case_actions.c.case_id == case_id).order_by(case_actions.c.id)
    )
    return [
        {
            "action": a.action,
            "label": HANDLING_ACTIONS_ZH.get(a.action, a.action),
            "from_state": a.from_state,
            "to_state": a.to_state,
            "actor": a.actor,
            "department": a.department,
            "reason": a.reason,
            "detail": a.detail,
            "at": a.at,
        }
        for a in actions
    ]


async def case_departments(session: AsyncSession, case_id: str) -> list[str] | None:
    """The lead and co-handlers of a case (who may see it), or None for an unknown case."""
    row = (
        await session.execute(
            select(cases.c.lead_department, cases.c.co_handlers).where(cases.c.case_id == case_id)
        )
    ).first()
    if row is None:
        return None
    return [code for code in [row.lead_department, *row.co_handlers] if code]


async def list_cases(
    session: AsyncSession,
    *,
    states: list[str] | None,
    department: str | None,
    limit: int,
    offset: int,
) -> list[dict[str, Any]]:
    query = select(cases).order_by(cases.c.updated_at.desc(), cases.c.case_id)
    if states:
        query = query.where(cases.c.state.in_(states))
    if department is not None:
        query = query.where(_handled_by(department))
    rows = await session.execute(query.limit(limit).offset(offset))
    return [summary(row) for row in rows]


def _handled_by(department: str) -> Any:
    return or_(cases.c.lead_department == department, _co_handles(department))


def _co_handles(department: str) -> Any:
    """`@>` rather than `= ANY` so that the GIN index cases_co_handlers serves it."""
    return cases.c.co_handlers.op("@>")(cast(array([department]), ARRAY(Text)))


async def department_cases(
    session: AsyncSession, department: str, *, states: list[str] | None, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    """One page of a department's cases, newest change first, and how many there are.

    Lead and co-handled cases are read apart, each branch the top of its own index
    (cases_lead_updated, ordered; cases_co_handlers, GIN), then merged: one OR over both
    columns would read and sort every case of the department for each page."""
    branches = _department_branches(department, states)
    ranked = union_all(
        *(
            select(cases.c.case_id)
            .where(condition)
            .order_by(cases.c.updated_at.desc(), cases.c.case_id)
            .limit(offset + limit)
            for condition in branches
        )
    ).subquery()
    rows = await session.execute(
        select(cases)
        .join(ranked, ranked.c.case_id == cases.c.case_id)
        .order_by(cases.c.updated_at.desc(), cases.c.case_id)
        .limit(limit)
        .offset(offset)
    )
    counts = [
        select(func.count()).select_from(cases).where(condition).scalar_subquery()
        for condition in branches
    ]
    total = await session.scalar(select(counts[0] + counts[1]))
    return [summary(row) for row in rows], int(total or 0)


def _department_branches(department: str, states: list[str] | None) -> list[Any]:
    """As lead; as co-handler of a case it does not lead (so no case is counted twice)."""
    lead = cases.c.lead_department == department
    co_handled = _co_handles(department) & cases.c.lead_department.is_distinct_from(department)
    if states:
        return [lead & cases.c.state.in_(states), co_handled & cases.c.state.in_(states)]
    return [lead, co_handled]


async def bounce_counts(
    session: AsyncSession, *, case_id: str | None = None, department: str | None = None
) -> list[dict[str, Any]]:
    """Returns grouped by (from, to, decision); `to` is null until the dispatcher rules."""
    query = select(
        case_returns.c.from_department,
        case_returns.c.to_department,
        case_returns.c.decision,
        func.count().label("count"),
    ).group_by(
        case_returns.c.from_department, case_returns.c.to_department, case_returns.c.decision
    )
    if case_id is not None:
        query = query.where(case_returns.c.case_id == case_id)
    if department is not None:
        query = query.where(
            or_(
                case_returns.c.from_department == department,
                case_returns.c.to_department == department,
            )
        )
    rows = await session.execute(query.order_by(func.count().desc()))
    return [
        {
            "from_department": r.from_department,
            "to_department": r.to_department,
            "decision": r.decision,
            "count": r.count,
        }
        for r in rows
    ]


async def return_totals(session: AsyncSession) -> dict[str, int]:
    row = (
        await session.execute(
            select(
                func.count().label("returns"),
                func.count(func.distinct(case_returns.c.case_id)).label("cases"),
            )
        )
    ).one()
    return {"returns": int(row.returns), "cases_returned": int(row.cases)}


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
