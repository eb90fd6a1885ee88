"""Dispatch's tables: cases with their actions, the organisation and routing rules."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from common.district import District
from common.vocabulary import RequestKind
from dispatch.domain.lifecycle import CaseState, HandlingCase, Route
from dispatch.models import case_actions, cases, departments, routing_rules


async def load_case(session: AsyncSession, case_id: str) -> HandlingCase | None:
    """Load and lock the case: concurrent commands on one case run one after the other."""
    row = (
        await session.execute(select(cases).where(cases.c.case_id == case_id).with_for_update())
    ).first()
    if row is None:
        return None
    return HandlingCase(
        case_id=row.case_id,
        category=row.category,
        kind=RequestKind(row.kind),
        state=CaseState(row.state),
        lead_department=row.lead_department,
        co_handlers=tuple(row.co_handlers),
        round=row.round,
    )


async def save_case(
    session: AsyncSession, case: HandlingCase, *, now: datetime, new: bool = False
) -> None:
    values: dict[str, Any] = {
        "state": case.state.value,
        "lead_department": case.lead_department,
        "co_handlers": list(case.co_handlers),
        "round": case.round,
        "updated_at": now,
    }
    if new:
        statement = insert(cases).values(
            case_id=case.case_id,
            category=case.category,
            kind=case.kind.value,
            created_at=now,
            **values,
        )
        await session.execute(statement.on_conflict_do_nothing(index_elements=["case_id"]))
    else:
        await session.execute(cases.update().where(cases.c.case_id == case.case_id).values(values))
    if case.history:
        await session.execute(
            case_actions.insert(),
            [
                {
                    "case_id": case.case_id,
                    "action": step.action.value,
                    "from_state": step.source.value,
                    "to_state": step.target.value,
                    "actor": step.actor,
                    "reason": step.reason,
                    "at": step.at,
                }
                for step in case.history
            ],
        )


async def case_view(session: AsyncSession, case_id: str) -> dict[str, Any] | None:
    row = (await session.execute(select(cases).where(cases.c.case_id == case_id))).first()
    if row is None:
        return None
    actions = await session.execute(
        select(case_actions).where(case_actions.c.case_id == case_id).order_by(case_actions.c.id)
    )
    return {
        "case_id": row.case_id,
        "category": row.category,
        "kind": row.kind,
        "state": row.state,
        "lead_department": row.lead_department,
        "co_handlers": list(row.co_handlers),
        "round": row.round,
        "updated_at": row.updated_at,
        "actions": [
            {
                "action": a.action,
                "from_state": a.from_state,
                "to_state": a.to_state,
                "actor": a.actor,
                "reason": a.reason,
                "at": a.at,
            }
            for a in actions
        ],
    }


async def routing_table(session: AsyncSession) -> dict[str, Route | None]:
    rows = await session.execute(select(routing_rules))
    return {
        row.category: Route(row.lead, tuple(row.co_handlers)) if row.lead else None for row in rows
    }


async def department_exists(session: AsyncSession, code: str) -> bool:
    found = await session.scalar(select(departments.c.code).where(departments.c.code == code))
    return found is not None


async def list_departments(session: AsyncSession) -> list[dict[str, Any]]:
    rows = await session.execute(select(departments).order_by(departments.c.code))
    return [{"code": r.code, "name": r.name, "kind": r.kind} for r in rows]


async def load_district(session: AsyncSession, district: District, *, now: datetime) -> None:
    """Upsert the district file's departments and routing rules (the file wins)."""
    for department in district.departments:
        statement = insert(departments).values(
            code=department.code, name=department.name, kind=department.kind, updated_at=now
        )
        await session.execute(
            statement.on_conflict_do_update(
                index_elements=["code"],
                set_={"name": department.name, "kind": department.kind, "updated_at": now},
            )
        )
    for category in district.categories:
        statement = insert(routing_rules).values(
            category=category.code,
            lead=category.lead,
            co_handlers=category.co_handlers,
            updated_at=now,
        )
        await session.execute(
            statement.on_conflict_do_update(
                index_elements=["category"],
                set_={
                    "lead": category.lead,
                    "co_handlers": category.co_handlers,
                    "updated_at": now,
                },
            )
        )


async def find_route(session: AsyncSession, category: str) -> Route | None:
    """The category's route, or None when it has no lead (or no rule): a human decides."""
    row = (
        await session.execute(select(routing_rules).where(routing_rules.c.category == category))
    ).first()
    if row is None or row.lead is None:
        return None
    return Route(row.lead, tuple(row.co_handlers))
