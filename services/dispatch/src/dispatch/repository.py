"""Dispatch's tables: cases with their actions, returns and opinions; the organisation.

Longer than ~400 lines because it holds two aggregates (handling cases and the
organisation); it is to be split into a repository/ package, one module per aggregate.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Text, cast, func, or_, select, union_all
from sqlalchemy.dialects.postgresql import ARRAY, array, insert
from sqlalchemy.ext.asyncio import AsyncSession

from common.district import District
from common.events import CaseAccepted
from common.vocabulary import HANDLING_ACTIONS_ZH, Reason, RequestKind
from dispatch.domain.lifecycle import (
    Action,
    CaseState,
    HandlingCase,
    PendingExtension,
    Route,
    Transition,
)
from dispatch.models import (
    case_actions,
    case_returns,
    cases,
    co_handler_opinions,
    departments,
    district_seeds,
    login_failures,
    routing_rules,
    staff,
)

# --- cases ------------------------------------------------------------------------------


async def load_case(session: AsyncSession, case_id: str) -> HandlingCase | None:
    """Load and lock the case: concurrent commands on one case run one after the other."""
    row = (
        await session.execute(select(cases).where(cases.c.case_id == case_id).with_for_update())
    ).first()
    if row is None:
        return None
    filed = await session.scalars(
        select(co_handler_opinions.c.department).where(
            co_handler_opinions.c.case_id == case_id, co_handler_opinions.c.round == row.round
        )
    )
    pending = row.pending_extension
    return HandlingCase(
        case_id=row.case_id,
        category=row.category,
        kind=RequestKind(row.kind),
        state=CaseState(row.state),
        lead_department=row.lead_department,
        co_handlers=tuple(row.co_handlers),
        round=row.round,
        assignments=row.assignments,
        returns=row.returns,
        sent_back=row.sent_back,
        extensions_granted=row.extensions_granted,
        extension_days_granted=row.extension_days_granted,
        pending_extension=PendingExtension(**pending) if pending else None,
        opinions_filed=frozenset(filed),
        transfers=row.transfers,
    )


def _case_values(case: HandlingCase, now: datetime) -> dict[str, Any]:
    pending = case.pending_extension
    return {
        "state": case.state.value,
        "category": case.category,
        "kind": case.kind.value,
        "sent_back": case.sent_back,
        "lead_department": case.lead_department,
        "co_handlers": list(case.co_handlers),
        "round": case.round,
        "assignments": case.assignments,
        "returns": case.returns,
        "extensions_granted": case.extensions_granted,
        "extension_days_granted": case.extension_days_granted,
        "pending_extension": (
            {
                "department": pending.department,
                "working_days": pending.working_days,
                "reason": pending.reason,
            }
            if pending
            else None
        ),
        "updated_at": now,
        "transfers": case.transfers,
    }


@dataclass(frozen=True)
class CaseWords:
    """What intake said of the case on accepting it, kept for the dispatcher's queue."""

    title: str | None
    description: str | None
    submitter_kind: str | None
    classification_confidence: float | None
    category_confirmed: bool
    requested_by: date | None = None

    @classmethod
    def of(cls, accepted: CaseAccepted) -> CaseWords:
        kind = accepted.submitter_kind
        return cls(
            title=accepted.title,
            description=accepted.description,
            submitter_kind=kind.value if kind else None,
            classification_confidence=accepted.classification_confidence,
            category_confirmed=accepted.category_confirmed,
            requested_by=accepted.requested_by,
        )


async def insert_case(
    session: AsyncSession,
    case: HandlingCase,
    words: CaseWords,
    *,
    now: datetime,
    queued_reason: Reason | None,
) -> bool:
    """A new case and its first steps; False, changing nothing, when the case is known."""
    statement = insert(cases).values(
        case_id=case.case_id,
        created_at=now,
        queued_reason=queued_reason.text if queued_reason else None,
        queued_reason_code=queued_reason.code.value if queued_reason else None,
        **asdict(words),
        **_case_values(case, now),
    )
    inserted = await session.execute(
        statement.on_conflict_do_nothing(index_elements=["case_id"]).returning(cases.c.case_id)
    )
    if inserted.first() is None:
        return False
    await _record_history(session, case)
    return True


async def save_case(session: AsyncSession, case: HandlingCase, *, now: datetime) -> None:
    await session.execute(
        cases.update().where(cases.c.case_id == case.case_id).values(_case_values(case, now))
    )
    await _record_history(session, case)


async def readmit_case(
    session: AsyncSession,
    case: HandlingCase,
    words: CaseWords,
    *,
    now: datetime,
    queued_reason: Reason | None,
) -> None:
    """A sent-back case the window accepted again: what intake says of it now replaces
    what it said before, and the queue's reason is this acceptance's."""
    await session.execute(
        cases.update()
        .where(cases.c.case_id == case.case_id)
        .values(
            queued_reason=queued_reason.text if queued_reason else None,
            queued_reason_code=queued_reason.code.value if queued_reason else None,
            **asdict(words),
            **_case_values(case, now),
        )
    )
    await _record_history(session, case)


async def _record_history(session: AsyncSession, case: HandlingCase) -> None:
    """Every step goes on the timeline; returns and opinions also get rows of their own, for
    the bounce counts and the co-handler rule."""
    if not case.history:
        return
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
                "department": step.department,
                "detail": step.detail,
                "at": step.at,
            }
            for step in case.history
        ],
    )
    for step in case.history:
        await _record_side_facts(session, case.case_id, step)


async def _record_side_facts(session: AsyncSession, case_id: str, step: Transition) -> None:
    if step.action is Action.RETURN:
        await session.execute(
            case_returns.insert().values(
                case_id=case_id,
                seq=step.detail["returns_in_case"],
                from_department=step.department,
                reason=step.reason,
                returned_by=step.actor,
                returned_at=step.at,
            )
        )
    elif step.action is Action.ARBITRATE or (
        step.action is Action.TRANSFER and "decision" in step.detail
    ):
        await session.execute(
            case_returns.update()
            .where(case_returns.c.case_id == case_id, case_returns.c.decided_at.is_(None))
            .values(
                decision=step.detail["decision"],
                to_department=step.department,
                decided_by=step.actor,
                decided_at=step.at,
            )
        )
    elif step.action is Action.FILE_OPINION:
        await session.execute(
            co_handler_opinions.insert().values(
                case_id=case_id,
                round=step.detail["round"],
                department=step.department,
                opinion=step.reason,
                actor=step.actor,
                filed_at=step.at,
            )
        )


def summary(row: Any) -> dict[str, Any]:
    return {
        "case_id": row.case_id,
        "category": row.category,
        "kind": row.kind,
        "state": row.state,
        "lead_department": row.lead_department,
        "co_handlers": list(row.co_handlers),
        "round": row.round,
        "returns": row.returns,
        "extensions_granted": row.extensions_granted,
        "extension_days_granted": row.extension_days_granted,
        "pending_extension": row.pending_extension,
        "queued_reason_code": row.queued_reason_code,
        "queued_reason": row.queued_reason,
        "title": row.title,
        "description": row.description,
        "submitter_kind": row.submitter_kind,
        "classification_confidence": row.classification_confidence,
        "category_confirmed": row.category_confirmed,
        "requested_by": row.requested_by,
        "created_at": row.created_at,
        "updated_at": row.updated_at,
        "transfers": row.transfers,
    }


async def case_view(session: AsyncSession, case_id: str) -> dict[str, Any] | None:
    row = (await session.execute(select(cases).where(cases.c.case_id == case_id))).first()
    if row is None:
        return None
    opinions = await session.execute(
        select(co_handler_opinions)
        .where(co_handler_opinions.c.case_id == case_id)
        .order_by(co_handler_opinions.c.filed_at)
    )
    return {
        **summary(row),
        "bounces": await bounce_counts(session, case_id=case_id),
        "opinions": [
            {
                "round": o.round,
                "department": o.department,
                "opinion": o.opinion,
                "actor": o.actor,
                "filed_at": o.filed_at,
            }
            for o in opinions
        ],
        "actions": await timeline(session, case_id),
    }


async def timeline(session: AsyncSession, case_id: str) -> list[dict[str, Any]]:
    actions = await session.execute(
        select(case_actions).where(case_actions.c.case_id == case_id).order_by(case_actions.c.id)
    )
    return [
        {
            "action": a.action,
            "label": HANDLING_ACTIONS_ZH.get(a.action, a.action),
            "from_state": a.from_state,
            "to_state": a.to_state,
            "actor": a.actor,
            "department": a.department,
            "reason": a.reason,
            "detail": a.detail,
            "at": a.at,
        }
        for a in actions
    ]


async def case_departments(session: AsyncSession, case_id: str) -> list[str] | None:
    """The lead and co-handlers of a case (who may see it), or None for an unknown case."""
    row = (
        await session.execute(
            select(cases.c.lead_department, cases.c.co_handlers).where(cases.c.case_id == case_id)
        )
    ).first()
    if row is None:
        return None
    return [code for code in [row.lead_department, *row.co_handlers] if code]


async def list_cases(
    session: AsyncSession,
    *,
    states: list[str] | None,
    department: str | None,
    limit: int,
    offset: int,
) -> list[dict[str, Any]]:
    query = select(cases).order_by(cases.c.updated_at.desc(), cases.c.case_id)
    if states:
        query = query.where(cases.c.state.in_(states))
    if department is not None:
        query = query.where(_handled_by(department))
    rows = await session.execute(query.limit(limit).offset(offset))
    return [summary(row) for row in rows]


def _handled_by(department: str) -> Any:
    return or_(cases.c.lead_department == department, _co_handles(department))


def _co_handles(department: str) -> Any:
    """`@>` rather than `= ANY` so that the GIN index cases_co_handlers serves it."""
    return cases.c.co_handlers.op("@>")(cast(array([department]), ARRAY(Text)))


async def department_cases(
    session: AsyncSession, department: str, *, states: list[str] | None, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    """One page of a department's cases, newest change first, and how many there are.

    Lead and co-handled cases are read apart, each branch the top of its own index
    (cases_lead_updated, ordered; cases_co_handlers, GIN), then merged: one OR over both
    columns would read and sort every case of the department for each page."""
    branches = _department_branches(department, states)
    ranked = union_all(
        *(
            select(cases.c.case_id)
            .where(condition)
            .order_by(cases.c.updated_at.desc(), cases.c.case_id)
            .limit(offset + limit)
            for condition in branches
        )
    ).subquery()
    rows = await session.execute(
        select(cases)
        .join(ranked, ranked.c.case_id == cases.c.case_id)
        .order_by(cases.c.updated_at.desc(), cases.c.case_id)
        .limit(limit)
        .offset(offset)
    )
    counts = [
        select(func.count()).select_from(cases).where(condition).scalar_subquery()
        for condition in branches
    ]
    total = await session.scalar(select(counts[0] + counts[1]))
    return [summary(row) for row in rows], int(total or 0)


def _department_branches(department: str, states: list[str] | None) -> list[Any]:
    """As lead; as co-handler of a case it does not lead (so no case is counted twice)."""
    lead = cases.c.lead_department == department
    co_handled = _co_handles(department) & cases.c.lead_department.is_distinct_from(department)
    if states:
        return [lead & cases.c.state.in_(states), co_handled & cases.c.state.in_(states)]
    return [lead, co_handled]


async def bounce_counts(
    session: AsyncSession, *, case_id: str | None = None, department: str | None = None
) -> list[dict[str, Any]]:
    """Returns grouped by (from, to, decision); `to` is null until the dispatcher rules."""
    query = select(
        case_returns.c.from_department,
        case_returns.c.to_department,
        case_returns.c.decision,
        func.count().label("count"),
    ).group_by(
        case_returns.c.from_department, case_returns.c.to_department, case_returns.c.decision
    )
    if case_id is not None:
        query = query.where(case_returns.c.case_id == case_id)
    if department is not None:
        query = query.where(
            or_(
                case_returns.c.from_department == department,
                case_returns.c.to_department == department,
            )
        )
    rows = await session.execute(query.order_by(func.count().desc()))
    return [
        {
            "from_department": r.from_department,
            "to_department": r.to_department,
            "decision": r.decision,
            "count": r.count,
        }
        for r in rows
    ]


async def return_totals(session: AsyncSession) -> dict[str, int]:
    row = (
        await session.execute(
            select(
                func.count().label("returns"),
                func.count(func.distinct(case_returns.c.case_id)).label("cases"),
            )
        )
    ).one()
    return {"returns": int(row.returns), "cases_returned": int(row.cases)}


async def find_route(session: AsyncSession, category: str) -> Route | None:
    """The category's route, or None when it has no lead (or no rule): a human decides."""
    row = (
        await session.execute(select(routing_rules).where(routing_rules.c.category == category))
    ).first()
    if row is None or row.lead is None:
        return None
    return Route(row.lead, tuple(row.co_handlers))


# --- organisation -----------------------------------------------------------------------


def _department(row: Any) -> dict[str, Any]:
    return {
        "code": row.code,
        "name": row.name,
        "kind": row.kind,
        "parent": row.parent,
        "outside": row.outside,
    }


async def list_departments(session: AsyncSession) -> list[dict[str, Any]]:
    rows = await session.execute(select(departments).order_by(departments.c.code))
    return [_department(r) for r in rows]


async def department_names(session: AsyncSession) -> dict[str, str]:
    rows = await session.execute(select(departments.c.code, departments.c.name))
    return {r.code: r.name for r in rows}


async def get_department(session: AsyncSession, code: str) -> dict[str, Any] | None:
    row = (await session.execute(select(departments).where(departments.c.code == code))).first()
    return None if row is None else _department(row)


async def outside_units(session: AsyncSession) -> set[str]:
    """The units the district hands cases to (转办) but does not command."""
    rows = await session.scalars(select(departments.c.code).where(departments.c.outside))
    return set(rows)


async def department_parents(session: AsyncSession) -> dict[str, str | None]:
    rows = await session.execute(select(departments.c.code, departments.c.parent))
    return {r.code: r.parent for r in rows}


async def put_department(
    session: AsyncSession, *, code: str, name: str, kind: str, parent: str | None, now: datetime
) -> None:
    values = {"name": name, "kind": kind, "parent": parent, "updated_at": now}
    statement = insert(departments).values(code=code, **values)
    await session.execute(statement.on_conflict_do_update(index_elements=["code"], set_=values))


def _rule(row: Any) -> dict[str, Any]:
    return {
        "category": row.category,
        "lead": row.lead,
        "co_handlers": list(row.co_handlers),
        "updated_at": row.updated_at,
    }


async def list_routing_rules(session: AsyncSession) -> list[dict[str, Any]]:
    rows = await session.execute(select(routing_rules).order_by(routing_rules.c.category))
    return [_rule(r) for r in rows]


async def get_routing_rule(session: AsyncSession, category: str) -> dict[str, Any] | None:
    row = (
        await session.execute(select(routing_rules).where(routing_rules.c.category == category))
    ).first()
    return None if row is None else _rule(row)


async def put_routing_rule(
    session: AsyncSession,
    *,
    category: str,
    lead: str | None,
    co_handlers: list[str],
    now: datetime,
) -> None:
    values = {"lead": lead, "co_handlers": co_handlers, "updated_at": now}
    statement = insert(routing_rules).values(category=category, **values)
    await session.execute(statement.on_conflict_do_update(index_elements=["category"], set_=values))


def _staff(row: Any) -> dict[str, Any]:
    return {
        "username": row.username,
        "name": row.name,
        "role": row.role,
        "department": row.department,
        "active": row.active,
        "created_at": row.created_at,
        "updated_at": row.updated_at,
    }


async def list_staff(
    session: AsyncSession,
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
    return [_staff(r) for r in await session.execute(query)]


async def get_staff(session: AsyncSession, username: str) -> dict[str, Any] | None:
    row = (await session.execute(select(staff).where(staff.c.username == username))).first()
    return None if row is None else _staff(row)


async def staff_login(session: AsyncSession, username: str) -> Any | None:
    """The full row, hash included: only the login use case reads it."""
    return (await session.execute(select(staff).where(staff.c.username == username))).first()


async def create_staff(session: AsyncSession, *, values: dict[str, Any], now: datetime) -> bool:
    statement = (
        insert(staff)
        .values(**values, active=True, created_at=now, updated_at=now)
        .on_conflict_do_nothing(index_elements=["username"])
        .returning(staff.c.username)
    )
    return (await session.scalar(statement)) is not None


async def update_staff(
    session: AsyncSession, username: str, *, values: dict[str, Any], now: datetime
) -> None:
    await session.execute(
        staff.update().where(staff.c.username == username).values(**values, updated_at=now)
    )


async def login_failure(session: AsyncSession, username: str) -> Any | None:
    return (
        await session.execute(
            select(login_failures).where(login_failures.c.username == username).with_for_update()
        )
    ).first()


async def save_login_failure(
    session: AsyncSession,
    username: str,
    *,
    failures: int,
    at: datetime,
    locked_until: datetime | None,
) -> None:
    values = {"failures": failures, "last_failure_at": at, "locked_until": locked_until}
    statement = insert(login_failures).values(username=username, **values)
    await session.execute(statement.on_conflict_do_update(index_elements=["username"], set_=values))


async def clear_login_failures(session: AsyncSession, username: str) -> None:
    await session.execute(login_failures.delete().where(login_failures.c.username == username))


# --- the district file ------------------------------------------------------------------


async def seed_district(
    session: AsyncSession, district: District, *, sha256: str, now: datetime, demo_accounts: bool
) -> bool:
    """Copy the file into an empty district, or add what a new version of the file brings
    (its demo accounts only when `demo_accounts`). Rows already present are left alone:
    edits made through the API win over the file.
    Returns False when this version of the file was applied before."""
    applied = await session.scalar(
        insert(district_seeds)
        .values(sha256=sha256, district_code=district.district.code, applied_at=now)
        .on_conflict_do_nothing(index_elements=["sha256"])
        .returning(district_seeds.c.sha256)
    )
    if applied is None:
        return False
    for department in _parents_first(district):
        await session.execute(
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
            await session.execute(
                departments.update()
                .where(departments.c.code == department.code)
                .values(outside=True)
            )
    for category in district.categories:
        await session.execute(
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
        await session.execute(
            insert(staff)
            .values(
                username=account.username,
                name=account.name,
                role=account.role.value,
                department=account.department,
                password_hash=account.password_hash,
                active=True,
                created_at=now,
                updated_at=now,
            )
            .on_conflict_do_nothing(index_elements=["username"])
        )
    return True


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
