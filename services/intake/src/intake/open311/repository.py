"""Open311 tables (API keys, what a submission added to its case) and the query that reads
cases with their public status for GET requests. The status comes from intake's public read
model (public_status, public_timeline); nothing here projects events."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    and_,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from intake.domain.open311 import CLOSED_STATUSES
from intake.domain.open311_input import RequestQuery
from intake.models import cases, open311_keys, open311_requests, public_status, public_timeline

KEY_PREFIX = "o311_"


@dataclass(frozen=True)
class ApiKey:
    id: int | None
    name: str


def new_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _key_view(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "key_prefix": row.key_prefix,
        "created_by": row.created_by,
        "created_at": row.created_at,
        "revoked_at": row.revoked_at,
        "last_used_at": row.last_used_at,
    }


async def create_key(
    session: AsyncSession, *, name: str, key: str, actor: str, now: datetime
) -> dict[str, Any]:
    row = (
        await session.execute(
            open311_keys.insert()
            .values(
                name=name,
                key_hash=hash_key(key),
                key_prefix=key[: len(KEY_PREFIX) + 6],
                created_by=actor,
                created_at=now,
            )
            .returning(open311_keys)
        )
    ).one()
    return _key_view(row)


async def list_keys(session: AsyncSession) -> list[dict[str, Any]]:
    rows = await session.execute(select(open311_keys).order_by(open311_keys.c.id))
    return [_key_view(row) for row in rows]


async def revoke_key(session: AsyncSession, key_id: int, *, now: datetime) -> dict[str, Any] | None:
    """Revoke a key (revoking twice keeps the first time); None for an unknown key."""
    row = (
        await session.execute(
            update(open311_keys)
            .where(open311_keys.c.id == key_id)
            .values(revoked_at=func.coalesce(open311_keys.c.revoked_at, now))
            .returning(open311_keys)
        )
    ).first()
    return _key_view(row) if row is not None else None


async def find_active_key(session: AsyncSession, key: str, *, now: datetime) -> ApiKey | None:
    """The key's owner, when the key exists and is not revoked; marks it used."""
    row = (
        await session.execute(
            update(open311_keys)
            .where(open311_keys.c.key_hash == hash_key(key), open311_keys.c.revoked_at.is_(None))
            .values(last_used_at=now)
            .returning(open311_keys.c.id, open311_keys.c.name)
        )
    ).first()
    return ApiKey(row.id, row.name) if row else None


async def insert_request(
    session: AsyncSession,
    *,
    case_id: str,
    api_key: ApiKey,
    email: str | None,
    media_url: str | None,
    now: datetime,
) -> uuid.UUID:
    token = uuid.uuid4()
    await session.execute(
        open311_requests.insert().values(
            case_id=case_id,
            token=token,
            api_key_id=api_key.id,
            email=email,
            media_url=media_url,
            created_at=now,
        )
    )
    return token


async def case_of_token(session: AsyncSession, token: uuid.UUID) -> str | None:
    found = await session.scalar(
        select(open311_requests.c.case_id).where(open311_requests.c.token == token)
    )
    return str(found) if found is not None else None


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
