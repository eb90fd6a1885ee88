"""SQL for the registered cases: numbering, insert, find, update, and the staff's lists."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from intake.models import (
    case_handlers,
    cases,
)


async def next_sequence(session: AsyncSession) -> int:
    value = await session.scalar(text("SELECT nextval('intake.case_sequence')"))
    return int(value)


async def insert_case(session: AsyncSession, values: dict[str, Any]) -> None:
    await session.execute(cases.insert().values(**values))


async def find_case(session: AsyncSession, case_id: str, *, lock: bool = False) -> Any:
    query = select(cases).where(cases.c.case_id == case_id)
    if lock:
        query = query.with_for_update()
    return (await session.execute(query)).first()


async def update_case(session: AsyncSession, case_id: str, values: dict[str, Any]) -> None:
    await session.execute(update(cases).where(cases.c.case_id == case_id).values(**values))


async def count_cases(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(cases)) or 0)


@dataclass(frozen=True)
class CaseFilters:
    screening_state: str | None = None
    duplicate_review: str | None = None
    category: str | None = None
    channel: str | None = None
    kind: str | None = None
    area: str | None = None
    department: str | None = None
    registered_from: datetime | None = None
    registered_to: datetime | None = None
    limit: int = 50
    offset: int = 0


async def list_cases(session: AsyncSession, filters: CaseFilters) -> Sequence[Any]:
    query = select(cases, case_handlers.c.lead_department, case_handlers.c.departments).outerjoin(
        case_handlers, case_handlers.c.case_id == cases.c.case_id
    )
    exact = {
        cases.c.screening_state: filters.screening_state,
        cases.c.duplicate_review: filters.duplicate_review,
        cases.c.category: filters.category,
        cases.c.channel: filters.channel,
        cases.c.kind: filters.kind,
        cases.c.area: filters.area,
    }
    for column, value in exact.items():
        if value is not None:
            query = query.where(column == value)
    if filters.department is not None:
        query = query.where(case_handlers.c.departments.any_() == filters.department)
    if filters.registered_from is not None:
        query = query.where(cases.c.registered_at >= filters.registered_from)
    if filters.registered_to is not None:
        query = query.where(cases.c.registered_at < filters.registered_to)
    query = (
        query.order_by(cases.c.registered_at.desc(), cases.c.case_id.desc())
        .limit(filters.limit)
        .offset(filters.offset)
    )
    return (await session.execute(query)).all()


async def screening_queue(session: AsyncSession, *, limit: int) -> Sequence[Any]:
    return (
        await session.execute(
            select(cases)
            .where(cases.c.screening_state == "pending")
            .order_by(cases.c.registered_at, cases.c.case_id)
            .limit(limit)
        )
    ).all()
