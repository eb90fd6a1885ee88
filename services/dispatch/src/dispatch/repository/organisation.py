"""The organisation in SQL: departments, routing rules, and the district file's seeding."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from common.district import District
from dispatch.domain.lifecycle import Route
from dispatch.models import departments, district_seeds, routing_rules, staff


def _department(row: Any) -> dict[str, Any]:
    return {
        "code": row.code,
        "name": row.name,
        "kind": row.kind,
        "parent": row.parent,
        "outside": row.outside,
    }


def _rule(row: Any) -> dict[str, Any]:
    return {
        "category": row.category,
        "lead": row.lead,
        "co_handlers": list(row.co_handlers),
        "updated_at": row.updated_at,
    }


# --- the district file ------------------------------------------------------------------


def _parents_first(district: District) -> list[Any]:
    """Departments ordered so that a sub-unit comes after its parent (it references it)."""
    ordered: list[Any] = []
    placed: set[str] = set()
    waiting = list(district.departments)
    while waiting:
        ready = [d for d in waiting if d.parent is None or d.parent in placed]
        if not ready:
            raise ValueError("the district file's departments have a parent cycle")
        ordered += ready
        placed |= {d.code for d in ready}
        waiting = [d for d in waiting if d.code not in placed]
    return ordered


class OrganisationSql:
    """The organisation over one session."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def find_route(self, category: str) -> Route | None:
        """The category's route, or None when it has no lead (or no rule): a human decides."""
        row = (
            await self.session.execute(
                select(routing_rules).where(routing_rules.c.category == category)
            )
        ).first()
        if row is None or row.lead is None:
            return None
        return Route(row.lead, tuple(row.co_handlers))

    async def list_departments(self) -> list[dict[str, Any]]:
        rows = await self.session.execute(select(departments).order_by(departments.c.code))
        return [_department(r) for r in rows]

    async def department_names(self) -> dict[str, str]:
        rows = await self.session.execute(select(departments.c.code, departments.c.name))
        return {r.code: r.name for r in rows}

    async def get_department(self, code: str) -> dict[str, Any] | None:
        row = (
            await self.session.execute(select(departments).where(departments.c.code == code))
        ).first()
        return None if row is None else _department(row)

    async def outside_units(self) -> set[str]:
        """The units the district hands cases to (转办) but does not command."""
        rows = await self.session.scalars(select(departments.c.code).where(departments.c.outside))
        return set(rows)

    async def department_parents(self) -> dict[str, str | None]:
        rows = await self.session.execute(select(departments.c.code, departments.c.parent))
        return {r.code: r.parent for r in rows}

    async def put_department(
        self, *, code: str, name: str, kind: str, parent: str | None, now: datetime
    ) -> None:
        values = {"name": name, "kind": kind, "parent": parent, "updated_at": now}
        statement = insert(departments).values(code=code, **values)
        await self.session.execute(
            statement.on_conflict_do_update(index_elements=["code"], set_=values)
        )

    async def list_routing_rules(self) -> list[dict[str, Any]]:
        rows = await self.session.execute(select(routing_rules).order_by(routing_rules.c.category))
        return [_rule(r) for r in rows]

    async def get_routing_rule(self, category: str) -> dict[str, Any] | None:
        row = (
            await self.session.execute(
                select(routing_rules).where(routing_rules.c.category == category)
            )
        ).first()
        return None if row is None else _rule(row)

    async def put_routing_rule(
        self,
        *,
        category: str,
        lead: str | None,
        co_handlers: list[str],
        now: datetime,
    ) -> None:
        values = {"lead": lead, "co_handlers": co_handlers, "updated_at": now}
        statement = insert(routing_rules).values(category=category, **values)
        await self.session.execute(
            statement.on_conflict_do_update(index_elements=["category"], set_=values)
        )

    async def seed_district(
        self, district: District, *, sha256: str, now: datetime, demo_accounts: bool
    ) -> bool:
        """Copy the file into an empty district, or add what a new version of the file brings
        (its demo accounts only when `demo_accounts`). Rows already present are left alone:
        edits made through the API win over the file.
        Returns False when this version of the file was applied before."""
        applied = await self.session.scalar(
            insert(district_seeds)
            .values(sha256=sha256, district_code=district.district.code, applied_at=now)
            .on_conflict_do_nothing(index_elements=["sha256"])
            .returning(district_seeds.c.sha256)
        )
        if applied is None:
            return False
        for department in _parents_first(district):
            await self.session.execute(
                insert(departments)
                .values(
                    code=department.code,
                    name=department.name,
                    kind=department.kind,
                    parent=department.parent,
                    updated_at=now,
                    outside=department.outside,
                )
                .on_conflict_do_nothing(index_elements=["code"])
            )
            if department.outside:  # a unit seeded before the flag existed learns it
                await self.session.execute(
                    departments.update()
                    .where(departments.c.code == department.code)
                    .values(outside=True)
                )
        for category in district.categories:
            await self.session.execute(
                insert(routing_rules)
                .values(
                    category=category.code,
                    lead=category.lead,
                    co_handlers=category.co_handlers,
                    updated_at=now,
                )
                .on_conflict_do_nothing(index_elements=["category"])
            )
        for account in district.staff_to_seed(demo_accounts=demo_accounts):
            await self.session.execute(
                insert(staff)
                .values(
                    username=account.username,
                    name=account.name,
                    role=account.role.value,
                    department=account.department,
                    password_hash=account.password_hash,
                    reviews_knowledge=account.reviews_knowledge,
                    active=True,
                    created_at=now,
                    updated_at=now,
                )
                .on_conflict_do_nothing(index_elements=["username"])
            )
        return True
