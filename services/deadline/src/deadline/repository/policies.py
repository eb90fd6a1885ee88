"""The versioned SLA policy table in SQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from deadline.models import policy_versions


class PoliciesSql:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def latest_version(self) -> int | None:
        version: int | None = await self.session.scalar(select(func.max(policy_versions.c.version)))
        return version

    async def version(self, version: int) -> Any | None:
        rows = await self.session.execute(
            select(policy_versions).where(policy_versions.c.version == version)
        )
        return rows.first()

    async def add(self, *, version: int, document: dict[str, Any], source: str, by: str) -> bool:
        """False when that version number was taken meanwhile (another replica or request)."""
        created = await self.session.execute(
            insert(policy_versions)
            .values(version=version, document=document, source=source, created_by=by)
            .on_conflict_do_nothing(index_elements=["version"])
            .returning(policy_versions.c.version)
        )
        return created.first() is not None

    async def lock(self) -> None:
        """Edits of the table take turns, so each builds on the version before it."""
        await self.session.execute(
            text("SELECT pg_advisory_xact_lock(hashtext('deadline-policy'))")
        )
