"""Staff accounts and login failures in SQL."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from dispatch.models import login_failures, staff


def _staff(row: Any) -> dict[str, Any]:
    return {
        "username": row.username,
        "name": row.name,
        "role": row.role,
        "department": row.department,
        "active": row.active,
        "reviews_knowledge": row.reviews_knowledge,
        "created_at": row.created_at,
        "updated_at": row.updated_at,
    }


class StaffSql:
    """Staff accounts and login failures over one session."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def list_staff(
        self,
        *,
        role: str | None,
        department: str | None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        query = select(staff).order_by(staff.c.username).limit(limit).offset(offset)
        if role is not None:
            query = query.where(staff.c.role == role)
        if department is not None:
            query = query.where(staff.c.department == department)
        return [_staff(r) for r in await self.session.execute(query)]

    async def get_staff(self, username: str) -> dict[str, Any] | None:
        row = (
            await self.session.execute(select(staff).where(staff.c.username == username))
        ).first()
        return None if row is None else _staff(row)

    async def staff_login(self, username: str) -> Any | None:
        """The full row, hash included: only the login use case reads it."""
        return (
            await self.session.execute(select(staff).where(staff.c.username == username))
        ).first()

    async def create_staff(self, *, values: dict[str, Any], now: datetime) -> bool:
        statement = (
            insert(staff)
            .values(**values, active=True, created_at=now, updated_at=now)
            .on_conflict_do_nothing(index_elements=["username"])
            .returning(staff.c.username)
        )
        return (await self.session.scalar(statement)) is not None

    async def update_staff(self, username: str, *, values: dict[str, Any], now: datetime) -> None:
        await self.session.execute(
            staff.update().where(staff.c.username == username).values(**values, updated_at=now)
        )

    async def login_failure(self, username: str) -> Any | None:
        return (
            await self.session.execute(
                select(login_failures)
                .where(login_failures.c.username == username)
                .with_for_update()
            )
        ).first()

    async def save_login_failure(
        self,
        username: str,
        *,
        failures: int,
        at: datetime,
        locked_until: datetime | None,
    ) -> None:
        values = {"failures": failures, "last_failure_at": at, "locked_until": locked_until}
        statement = insert(login_failures).values(username=username, **values)
        await self.session.execute(
            statement.on_conflict_do_update(index_elements=["username"], set_=values)
        )

    async def clear_login_failures(self, username: str) -> None:
        await self.session.execute(
            login_failures.delete().where(login_failures.c.username == username)
        )
