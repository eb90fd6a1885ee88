"""Intake's tables: registered cases, the category catalogue, the public read model."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from common.district import District
from intake.models import cases, categories, public_status, public_timeline


async def next_sequence(session: AsyncSession) -> int:
    value = await session.scalar(text("SELECT nextval('intake.case_sequence')"))
    return int(value)


async def category_exists(session: AsyncSession, code: str) -> bool:
    found = await session.scalar(
        select(categories.c.code).where(categories.c.code == code, categories.c.active)
    )
    return found is not None


async def list_categories(session: AsyncSession) -> list[dict[str, Any]]:
    rows = await session.execute(
        select(categories).where(categories.c.active).order_by(categories.c.code)
    )
    return [{"code": r.code, "name": r.name} for r in rows]


async def insert_case(session: AsyncSession, values: dict[str, Any]) -> None:
    await session.execute(cases.insert().values(**values))


async def find_case(session: AsyncSession, case_id: str) -> Any:
    return (await session.execute(select(cases).where(cases.c.case_id == case_id))).first()


async def record_public(session: AsyncSession, case_id: str, lines: list[dict[str, Any]]) -> None:
    """Add a case's timeline lines (event_id, occurred_at, status, text) in one statement;
    the status follows the latest event, whatever order the events arrive in."""
    await session.execute(
        insert(public_timeline)
        .values([{"case_id": case_id, **line} for line in lines])
        .on_conflict_do_nothing(index_elements=["event_id"])
    )
    latest = max(lines, key=lambda line: line["occurred_at"])
    status, occurred_at = latest["status"], latest["occurred_at"]
    statement = insert(public_status).values(case_id=case_id, status=status, updated_at=occurred_at)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["case_id"],
            set_={"status": status, "updated_at": occurred_at},
            where=public_status.c.updated_at <= statement.excluded.updated_at,
        )
    )


async def public_view(session: AsyncSession, case_id: str) -> dict[str, Any]:
    status = (
        await session.execute(select(public_status).where(public_status.c.case_id == case_id))
    ).first()
    lines = await session.execute(
        select(public_timeline)
        .where(public_timeline.c.case_id == case_id)
        .order_by(public_timeline.c.occurred_at)
    )
    return {
        "status": status.status if status else "registered",
        "updated_at": status.updated_at if status else None,
        "timeline": [
            {"at": line.occurred_at, "status": line.status, "text": line.text} for line in lines
        ],
    }


async def count_cases(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(cases)) or 0)


async def load_district(session: AsyncSession, district: District, *, now: datetime) -> None:
    for category in district.categories:
        statement = insert(categories).values(
            code=category.code, name=category.name, active=True, updated_at=now
        )
        await session.execute(
            statement.on_conflict_do_update(
                index_elements=["code"], set_={"name": category.name, "updated_at": now}
            )
        )
