"""Supervision's tables: signals with their evidence, who handles each case, the scorecard
projection, and the supervisors' own records."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, Table, delete, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from supervision.domain.scorecard import CaseFacts
from supervision.models import (
    case_departments,
    case_events,
    case_facts,
    problem_items,
    published_batches,
    signals,
)


async def record_signal(session: AsyncSession, values: dict[str, Any]) -> bool:
    inserted = await session.execute(
        insert(signals)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["evidence_event_id"])
        .returning(signals.c.id)
    )
    return inserted.first() is not None


async def file_waiting_signals(session: AsyncSession, case_id: str, department: str) -> list[Any]:
    """File the case's signals still without a department against `department`."""
    filed = await session.execute(
        update(signals)
        .where(signals.c.case_id == case_id, signals.c.department.is_(None))
        .values(department=department)
        .returning(signals.c.kind, signals.c.evidence_event_id, signals.c.observed_at)
    )
    return list(filed)


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


# --- the scorecard projection ---------------------------------------------------------------


async def keep_case_events(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        await session.execute(
            insert(case_events).values(list(rows)).on_conflict_do_nothing()  # event id or fact
        )


async def case_event_rows(session: AsyncSession, case_id: str) -> list[Any]:
    rows = await session.execute(select(case_events).where(case_events.c.case_id == case_id))
    return list(rows)


async def save_case_facts(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    if not rows:
        return
    statement = insert(case_facts).values(list(rows))
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["case_id"],
            set_={
                name: statement.excluded[name]
                for name in ("department", "category", "accepted_at", "registered_at", "facts")
            },
        )
    )


async def facts_accepted_between(
    session: AsyncSession, start: datetime, end: datetime
) -> list[CaseFacts]:
    rows = await session.scalars(
        select(case_facts.c.facts).where(
            case_facts.c.accepted_at >= start, case_facts.c.accepted_at < end
        )
    )
    return [CaseFacts.from_json(data) for data in rows]


async def facts_registered_between(
    session: AsyncSession, start: datetime, end: datetime
) -> list[CaseFacts]:
    rows = await session.scalars(
        select(case_facts.c.facts).where(
            case_facts.c.registered_at >= start, case_facts.c.registered_at < end
        )
    )
    return [CaseFacts.from_json(data) for data in rows]


async def facts_of(session: AsyncSession, case_id: str) -> CaseFacts | None:
    data = await session.scalar(select(case_facts.c.facts).where(case_facts.c.case_id == case_id))
    return CaseFacts.from_json(data) if data is not None else None


async def case_events_by_id(session: AsyncSession, event_ids: Sequence[uuid.UUID]) -> list[Any]:
    rows = await session.execute(select(case_events).where(case_events.c.event_id.in_(event_ids)))
    return list(rows)


async def events_of_type(session: AsyncSession, case_id: str, event_type: str) -> list[Any]:
    rows = await session.execute(
        select(case_events).where(
            case_events.c.case_id == case_id, case_events.c.event_type == event_type
        )
    )
    return list(rows)


# --- supervisors' records -------------------------------------------------------------------


async def insert_once(session: AsyncSession, table: Table, values: dict[str, Any]) -> bool:
    """Insert unless a row with the same key (or the same source event) exists."""
    inserted = await session.execute(
        insert(table).values(**values).on_conflict_do_nothing().returning(*table.primary_key)
    )
    return inserted.first() is not None


async def rows_of(
    session: AsyncSession,
    table: Table,
    *,
    order_by: str,
    limit: int = 500,
    **equal: Any,
) -> list[dict[str, Any]]:
    statement = select(table).order_by(table.c[order_by].desc()).limit(limit)
    for name, value in equal.items():
        if value is not None:
            statement = statement.where(table.c[name] == value)
    return [dict(row._mapping) for row in await session.execute(statement)]


async def row_of(session: AsyncSession, table: Table, **key: Any) -> dict[str, Any] | None:
    statement = select(table)
    for name, value in key.items():
        statement = statement.where(table.c[name] == value)
    row = (await session.execute(statement.with_for_update())).first()
    return dict(row._mapping) if row is not None else None


async def update_row(
    session: AsyncSession, table: Table, key: dict[str, Any], **values: Any
) -> None:
    statement = update(table).values(**values)
    for name, value in key.items():
        statement = statement.where(table.c[name] == value)
    await session.execute(statement)


async def add_problem_item(session: AsyncSession, values: dict[str, Any]) -> dict[str, Any]:
    row = (
        await session.execute(insert(problem_items).values(**values).returning(problem_items))
    ).one()
    return dict(row._mapping)


async def problem_list(session: AsyncSession, status: str | None = None) -> list[dict[str, Any]]:
    statement = select(problem_items).order_by(problem_items.c.time_limit, problem_items.c.item_id)
    if status:
        statement = statement.where(problem_items.c.status == status)
    return [dict(row._mapping) for row in await session.execute(statement)]


# --- imported batches -----------------------------------------------------------------------


async def facts_of_batches(
    session: AsyncSession, batch_ids: Sequence[str] | None
) -> list[CaseFacts]:
    """The facts of the cases of these batches (of every batch when None)."""
    batch = case_facts.c.facts["batch_id"].astext
    wanted = batch.is_not(None) if batch_ids is None else batch.in_(list(batch_ids))
    rows = await session.scalars(select(case_facts.c.facts).where(wanted))
    return [CaseFacts.from_json(data) for data in rows]


async def published_batch_ids(session: AsyncSession) -> list[str]:
    rows = await session.scalars(
        select(published_batches.c.batch_id).order_by(published_batches.c.published_at)
    )
    return list(rows)


async def publish_batch(session: AsyncSession, batch_id: str, actor: str, at: datetime) -> None:
    await session.execute(
        insert(published_batches)
        .values(batch_id=batch_id, published_by=actor, published_at=at)
        .on_conflict_do_nothing()
    )


async def withdraw_batch(session: AsyncSession, batch_id: str) -> bool:
    removed = await session.execute(
        delete(published_batches).where(published_batches.c.batch_id == batch_id)
    )
    return bool(cast(CursorResult[Any], removed).rowcount)
