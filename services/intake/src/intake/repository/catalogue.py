"""SQL for the category catalogue as registration and the pickers read it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from intake.models import (
    categories,
)


async def category_exists(session: AsyncSession, code: str) -> bool:
    found = await session.scalar(
        select(categories.c.code).where(categories.c.code == code, categories.c.active)
    )
    return found is not None


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


async def list_categories(
    session: AsyncSession, *, include_inactive: bool = False
) -> list[dict[str, Any]]:
    """The catalogue in the taxonomy's order (the district file's, then additions)."""
    query = select(categories).order_by(categories.c.position, categories.c.code)
    if not include_inactive:
        query = query.where(categories.c.active)
    return [_category(r) for r in await session.execute(query)]
