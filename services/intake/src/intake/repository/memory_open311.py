"""MemoryOpen311: the Open311 keys and requests in memory, for the application tests, as
open311/repository.py keeps them in PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from intake.domain.open311 import ApiKey
from intake.open311.repository import KEY_PREFIX, hash_key
from intake.repository.memory_cases import Tables

_SHOWN = ("id", "name", "key_prefix", "created_by", "created_at", "revoked_at", "last_used_at")


def _key_view(row: dict[str, Any]) -> dict[str, Any]:
    return {name: row[name] for name in _SHOWN}


class MemoryOpen311:
    def __init__(self, tables: Tables) -> None:
        self.tables = tables

    async def create_key(self, *, name: str, key: str, actor: str, now: datetime) -> dict[str, Any]:
        key_id = max(self.tables.open311_keys, default=0) + 1  # a bigserial
        row = {
            "id": key_id,
            "name": name,
            "key_hash": hash_key(key),
            "key_prefix": key[: len(KEY_PREFIX) + 6],
            "created_by": actor,
            "created_at": now,
            "revoked_at": None,
            "last_used_at": None,
        }
        self.tables.open311_keys[key_id] = row
        return _key_view(row)

    async def list_keys(self) -> list[dict[str, Any]]:
        return [_key_view(self.tables.open311_keys[i]) for i in sorted(self.tables.open311_keys)]

    async def revoke_key(self, key_id: int, *, now: datetime) -> dict[str, Any] | None:
        row = self.tables.open311_keys.get(key_id)
        if row is None:
            return None
        row["revoked_at"] = row["revoked_at"] or now  # coalesce: the first time stays
        return _key_view(row)

    async def find_active_key(self, key: str, *, now: datetime) -> ApiKey | None:
        hashed = hash_key(key)
        for row in self.tables.open311_keys.values():
            if row["key_hash"] == hashed and row["revoked_at"] is None:
                row["last_used_at"] = now
                return ApiKey(row["id"], row["name"])
        return None

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
        self.tables.open311_requests.append(
            {
                "case_id": case_id,
                "token": token,
                "api_key_id": api_key.id,
                "email": email,
                "media_url": media_url,
                "created_at": now,
            }
        )
        return token

    async def case_of_token(self, token: uuid.UUID) -> str | None:
        for row in self.tables.open311_requests:
            if row["token"] == token:
                return str(row["case_id"])
        return None
