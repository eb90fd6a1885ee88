"""SqlOpen311: the Open311 tables in PostgreSQL, its API keys (kept as hashes) and what a
posted request added to its case. The GET requests' query is in open311/views.py."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from intake.domain.open311 import ApiKey
from intake.models import open311_keys, open311_requests

KEY_PREFIX = "o311_"


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


class SqlOpen311:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def create_key(self, *, name: str, key: str, actor: str, now: datetime) -> dict[str, Any]:
        row = (
            await self.session.execute(
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

    async def list_keys(self) -> list[dict[str, Any]]:
        rows = await self.session.execute(select(open311_keys).order_by(open311_keys.c.id))
        return [_key_view(row) for row in rows]

    async def revoke_key(self, key_id: int, *, now: datetime) -> dict[str, Any] | None:
        """Revoke a key (revoking twice keeps the first time); None for an unknown key."""
        row = (
            await self.session.execute(
                update(open311_keys)
                .where(open311_keys.c.id == key_id)
                .values(revoked_at=func.coalesce(open311_keys.c.revoked_at, now))
                .returning(open311_keys)
            )
        ).first()
        return _key_view(row) if row is not None else None

    async def find_active_key(self, key: str, *, now: datetime) -> ApiKey | None:
        """The key's owner, when the key exists and is not revoked; marks it used."""
        row = (
            await self.session.execute(
                update(open311_keys)
                .where(
                    open311_keys.c.key_hash == hash_key(key), open311_keys.c.revoked_at.is_(None)
                )
                .values(last_used_at=now)
                .returning(open311_keys.c.id, open311_keys.c.name)
            )
        ).first()
        return ApiKey(row.id, row.name) if row else None

    async def insert_request(
        self,
        *,
        case_id: str,
        api_key: ApiKey,
        email: str | None,
        media_url: str | None,
        now: datetime,
    ) -> uuid.UUID:
        token = uuid.uuid4()
        await self.session.execute(
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

    async def case_of_token(self, token: uuid.UUID) -> str | None:
        found = await self.session.scalar(
            select(open311_requests.c.case_id).where(open311_requests.c.token == token)
        )
        return str(found) if found is not None else None
