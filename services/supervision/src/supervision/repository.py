"""Supervision's tables: signals with their evidence, and who handles each case."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from supervision.models import case_departments, signals


async def record_signal(session: AsyncSession, values: dict[str, Any]) -> bool:
    inserted = await session.execute(
        insert(signals)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["evidence_event_id"])
        .returning(signals.c.id)
    )
    return inserted.first() is not None


async def set_department(session: AsyncSession, case_id: str, department: str) -> None:
    statement = insert(case_departments).values(case_id=case_id, department=department)
    await session.execute(
        statement.on_conflict_do_update(index_elements=["case_id"], set_={"department": department})
    )


async def department_of(session: AsyncSession, case_id: str) -> str | None:
    return await session.scalar(
        select(case_departments.c.department).where(case_departments.c.case_id == case_id)
    )


async def list_signals(
    session: AsyncSession,
    *,
    kind: str | None,
    department: str | None,
    case_id: str | None,
    limit: int,
) -> list[dict[str, Any]]:
    statement = select(signals).order_by(signals.c.observed_at.desc()).limit(limit)
    if kind:
        statement = statement.where(signals.c.kind == kind)
    if department:
        statement = statement.where(signals.c.department == department)
    if case_id:
        statement = statement.where(signals.c.case_id == case_id)
    rows = await session.execute(statement)
    return [dict(row._mapping) for row in rows]
