"""Read-only queries behind supervision's GET routes: signals, supervisors' records and the
problem list, newest (or soonest due) first."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.ext.asyncio import AsyncSession

from supervision.models import problem_items, signals


async def list_signals(
    session: AsyncSession,
    *,
    kind: str | None,
    department: str | None,
    case_id: str | None,
    limit: int,
    offset: int = 0,
) -> list[dict[str, Any]]:
    filed = signals.c.department.is_not(None)  # the others wait for the case's department
    statement = (
        select(signals)
        .where(filed)
        .order_by(signals.c.observed_at.desc(), signals.c.id.desc())  # pages never overlap
        .limit(limit)
        .offset(offset)
    )
    if kind:
        statement = statement.where(signals.c.kind == kind)
    if department:
        statement = statement.where(signals.c.department == department)
    if case_id:
        statement = statement.where(signals.c.case_id == case_id)
    rows = await session.execute(statement)
    return [dict(row._mapping) for row in rows]


async def rows_of(
    session: AsyncSession,
    table: Table,
    *,
    order_by: str,
    limit: int = 500,
    **equal: Any,
) -> list[dict[str, Any]]:
    """A record table's rows, newest first, those given None not filtered on."""
    statement = select(table).order_by(table.c[order_by].desc()).limit(limit)
    for name, value in equal.items():
        if value is not None:
            statement = statement.where(table.c[name] == value)
    return [dict(row._mapping) for row in await session.execute(statement)]


async def problem_list(session: AsyncSession, status: str | None = None) -> list[dict[str, Any]]:
    statement = select(problem_items).order_by(problem_items.c.time_limit, problem_items.c.item_id)
    if status:
        statement = statement.where(problem_items.c.status == status)
    return [dict(row._mapping) for row in await session.execute(statement)]
