"""The window's storage: the duty roster and the copy of the promised resolution limits.
WindowRepository is the contract; SqlWindow keeps it in PostgreSQL, MemoryWindow
(window/memory.py) in memory for the application tests."""

from __future__ import annotations

from datetime import date
from typing import Any, Protocol

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from intake.domain.acceptance import PromisedLimit
from intake.models import duty_roster, promised_limits, promised_limits_state

#: the category of a kind's own default limit
ANY_CATEGORY = ""


class WindowRepository(Protocol):
    async def put_duty(self, values: dict[str, Any]) -> None:
        """Set one half day's roster (replacing what it had)."""
        ...

    async def duty(self, day: date, half: str) -> dict[str, Any] | None: ...

    async def duties(self, start: date, end: date) -> list[dict[str, Any]]:
        """The half days rostered between the two dates (both included), in order."""
        ...

    async def apply_limits(self, version: int, limits: list[PromisedLimit]) -> bool:
        """Take a newer policy's limits; an older or repeated version changes nothing
        (False)."""
        ...

    async def limit_for(self, kind: str, category: str | None) -> PromisedLimit | None:
        """The kind and category's limit, else the kind's own; None before any policy."""
        ...


def duty_view(row: Any) -> dict[str, Any]:
    return {
        "date": row["duty_date"],
        "half": row["half"],
        "specialists": list(row["specialists"]),
        "leader": {
            "name": row["leader_name"],
            "title": row["leader_title"],
            "department": row["leader_department"],
        },
        "updated_by": row["updated_by"],
        "updated_at": row["updated_at"],
    }


def pick_limit(found: dict[str, PromisedLimit], category: str | None) -> PromisedLimit | None:
    """`found`: one kind's limits by category."""
    if category is not None and category in found:
        return found[category]
    return found.get(ANY_CATEGORY)


class SqlWindow:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def put_duty(self, values: dict[str, Any]) -> None:
        statement = insert(duty_roster).values(**values)
        keys = ("duty_date", "half")
        await self.session.execute(
            statement.on_conflict_do_update(
                index_elements=list(keys),
                set_={k: statement.excluded[k] for k in values if k not in keys},
            )
        )

    async def duty(self, day: date, half: str) -> dict[str, Any] | None:
        row = (
            await self.session.execute(
                select(duty_roster).where(
                    duty_roster.c.duty_date == day, duty_roster.c.half == half
                )
            )
        ).first()
        return duty_view(row._mapping) if row else None

    async def duties(self, start: date, end: date) -> list[dict[str, Any]]:
        rows = await self.session.execute(
            select(duty_roster)
            .where(duty_roster.c.duty_date.between(start, end))
            .order_by(duty_roster.c.duty_date, duty_roster.c.half)
        )
        return [duty_view(r._mapping) for r in rows]

    async def apply_limits(self, version: int, limits: list[PromisedLimit]) -> bool:
        state = (await self.session.execute(select(promised_limits_state).with_for_update())).one()
        if version <= state.version:
            return False
        await self.session.execute(delete(promised_limits))
        if limits:
            await self.session.execute(
                promised_limits.insert().values(
                    [
                        {
                            "kind": p.kind,
                            "category": p.category or ANY_CATEGORY,
                            "amount": p.amount,
                            "unit": p.unit,
                        }
                        for p in limits
                    ]
                )
            )
        await self.session.execute(promised_limits_state.update().values(version=version))
        return True

    async def limit_for(self, kind: str, category: str | None) -> PromisedLimit | None:
        wanted = [ANY_CATEGORY] + ([category] if category else [])
        rows = await self.session.execute(
            select(promised_limits).where(
                promised_limits.c.kind == kind, promised_limits.c.category.in_(wanted)
            )
        )
        found = {
            r.category: PromisedLimit(kind, r.category or None, r.amount, r.unit) for r in rows
        }
        return pick_limit(found, category)
