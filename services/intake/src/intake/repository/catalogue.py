"""SQL for the category catalogue as registration and the pickers read it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from common import events
from intake.classification import catalogue as taxonomy
from intake.models import categories


def _category(row: Any) -> dict[str, Any]:
    return {
        "code": row.code,
        "name": row.name,
        "description": row.description,
        "active": row.active,
        "domain": row.domain,
        "domain_name": row.domain_name,
        "group": row.group_code,
        "group_name": row.group_name,
        "kinds": list(row.kinds),
        "lead": row.lead,
        "co_handlers": list(row.co_handlers),
        "updated_at": row.updated_at,
        "updated_by": row.updated_by,
    }


class SqlCatalogue:
    """The category catalogue, in SQL."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def category_exists(self, code: str) -> bool:
        found = await self.session.scalar(
            select(categories.c.code).where(categories.c.code == code, categories.c.active)
        )
        return found is not None

    async def list_categories(self, *, include_inactive: bool = False) -> list[dict[str, Any]]:
        """The catalogue in the taxonomy's order (the district file's, then additions)."""
        query = select(categories).order_by(categories.c.position, categories.c.code)
        if not include_inactive:
            query = query.where(categories.c.active)
        return [_category(r) for r in await self.session.execute(query)]

    async def apply_taxonomy(self, event: events.TaxonomyChanged, *, at: datetime) -> bool:
        return await taxonomy.apply(self.session, event, at=at)
