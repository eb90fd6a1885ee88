"""The read-only query behind Open311's GET requests: cases with their public status, read
from intake's public read model (public_status, public_timeline); nothing here projects
events."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from intake.domain.open311 import CLOSED_STATUSES
from intake.domain.open311_input import RequestQuery
from intake.models import cases, open311_requests, public_status, public_timeline


async def find_requests(session: AsyncSession, query: RequestQuery) -> list[dict[str, Any]]:
    """Cases with their public status, latest public line and Open311 extras, newest first."""
    latest_line = (
        select(public_timeline.c.text)
        .where(public_timeline.c.case_id == cases.c.case_id)
        .order_by(public_timeline.c.occurred_at.desc())
        .limit(1)
        .lateral("latest_line")
    )
    statement = (
        select(
            cases.c.case_id,
            cases.c.category,
            cases.c.description,
            cases.c.address,
            cases.c.latitude,
            cases.c.longitude,
            cases.c.registered_at,
            public_status.c.status,
            public_status.c.updated_at,
            latest_line.c.text.label("status_text"),
            open311_requests.c.media_url,
        )
        .select_from(cases)
        .outerjoin(public_status, public_status.c.case_id == cases.c.case_id)
        .outerjoin(open311_requests, open311_requests.c.case_id == cases.c.case_id)
        .outerjoin(latest_line, and_(True))
        .order_by(cases.c.registered_at.desc(), cases.c.case_id.desc())
        .limit(query.limit)
    )
    if query.ids:
        statement = statement.where(cases.c.case_id.in_(query.ids))
    else:
        if query.start is not None:
            statement = statement.where(cases.c.registered_at >= query.start)
        if query.end is not None:
            statement = statement.where(cases.c.registered_at <= query.end)
        if query.service_codes:
            statement = statement.where(cases.c.category.in_(query.service_codes))
        statement = _status_filter(statement, query.statuses)
    rows = await session.execute(statement)
    return [dict(row._mapping) for row in rows]


def _status_filter(statement: Any, statuses: Sequence[str]) -> Any:
    if set(statuses) in (set(), {"open", "closed"}):
        return statement
    closed = public_status.c.status.in_(CLOSED_STATUSES)
    if "closed" in statuses:
        return statement.where(closed)
    return statement.where(or_(public_status.c.status.is_(None), ~closed))
