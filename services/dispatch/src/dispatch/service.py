"""Dispatch use cases: each takes a command or event and emits the events it causes."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NoReturn, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from common.auth import Principal, ensure_department, hash_password, verify_password
from common.clock import utcnow
from common.consumer import MessageContext, UnknownCase
from common.district import District
from common.envelope import Event
from common.errors import Conflict, Forbidden, NotFound, Unprocessable
from common.events import CallbackCompleted, CallbackFailed, CaseAccepted
from common.outbox import UnitOfWork
from common.vocabulary import Role
from dispatch import measures, repository
from dispatch.domain import reasons
from dispatch.domain.lifecycle import (
    Action,
    CaseState,
    HandlingCase,
    IllegalTransition,
    NotHandlingDepartment,
    Route,
    RuleRefused,
    allowed_actions,
    refuse_outside_units,
    require_outside_unit,
)
from dispatch.domain.organisation import (
    LoginThrottle,
    OrganisationRuleBroken,
    check_parent,
    check_password,
    check_route,
    check_staff,
)
from dispatch.domain.permissions import allowed_actions_for, part_in_case

SYSTEM_ACTOR = "system:routing"
T = TypeVar("T")

# --- events -----------------------------------------------------------------------------


def on_case_accepted(
    category_names: Mapping[str, str],
) -> Callable[[CaseAccepted, MessageContext], Awaitable[None]]:
    """Route an accepted case by its category's rule. Without a rule, or when intake says
    the category is a guess a person should check, the case waits for a dispatcher. The
    reasons name the category (district file) and the departments (dispatch's own). A case
    a dispatcher sent back to screening and the window accepted again is dispatched anew;
    any other case dispatch already has was accepted before: the repeat changes nothing."""

    async def handle(event: CaseAccepted, ctx: MessageContext) -> None:
        now = utcnow()
        words = repository.CaseWords.of(event)
        known = await repository.load_case(ctx.session, ctx.envelope.case_id)
        if known is not None and known.state is not CaseState.SENT_BACK:
            return
        if known is None:
            case = HandlingCase(
                case_id=ctx.envelope.case_id, category=event.category, kind=event.kind
            )
        else:
            case = known.readmit(
                category=event.category, kind=event.kind, actor=event.actor, at=now
            )
        route = await repository.find_route(ctx.session, event.category)
        queued = None
        if event.needs_dispatcher or route is None:
            queued = reasons.waiting_for_dispatcher(
                event.category,
                needs_dispatcher=event.needs_dispatcher,
                confidence=event.classification_confidence,
                category_names=category_names,
            )
            emitted: list[Event] = [case.await_dispatcher(queued, at=now)]
        else:
            why = reasons.routed_by_rule(
                event.category,
                route.lead,
                route.co_handlers,
                category_names=category_names,
                department_names=await repository.department_names(ctx.session),
            )
            if route.lead in await repository.outside_units(ctx.session):
                # an outside unit is reached by 转办 only, a rule's too (ADR 0021)
                case, emitted = case.transfer(route.lead, note=why.text, actor=SYSTEM_ACTOR, at=now)
            else:
                case, assigned = case.assign(route, actor=SYSTEM_ACTOR, at=now, reason=why)
                emitted = [assigned]
        if known is not None:
            await repository.readmit_case(ctx.session, case, words, now=now, queued_reason=queued)
        elif not await repository.insert_case(
            ctx.session, case, words, now=now, queued_reason=queued
        ):
            return
        for event_out in emitted:
            ctx.emit(event_out)
        await measures.count(ctx, case, emitted)

    return handle


def on_callback_completed(
    max_rounds: int,
) -> Callable[[CallbackCompleted, MessageContext], Awaitable[None]]:
    async def handle(event: CallbackCompleted, ctx: MessageContext) -> None:
        case = await _case_for_callback(ctx)
        now = utcnow()
        case, outcome = case.settle_callback(event, max_rounds=max_rounds, at=now)
        await repository.save_case(ctx.session, case, now=now)
        ctx.emit(outcome)

    return handle


async def on_callback_failed(event: CallbackFailed, ctx: MessageContext) -> None:
    case = await _case_for_callback(ctx)
    now = utcnow()
    case, outcome = case.settle_unreachable(event, at=now)
    await repository.save_case(ctx.session, case, now=now)
    ctx.emit(outcome)


async def _case_for_callback(ctx: MessageContext) -> HandlingCase:
    case = await repository.load_case(ctx.session, ctx.envelope.case_id)
    if case is None:
        raise UnknownCase(ctx.envelope.case_id, ctx.envelope.event_type)
    return case


# --- staff commands on a case -----------------------------------------------------------

#: A step of the state machine, given the acting department and the time.
Step = Callable[[HandlingCase, str, datetime], tuple[HandlingCase, Event | list[Event]]]


async def act(uow: UnitOfWork, *, case_id: str, principal: Principal, step: Step) -> HandlingCase:
    """Load and lock the case, check the principal may see it, take the step, save the case
    and its events in the same transaction."""
    loaded = await repository.load_case(uow.session, case_id)
    if loaded is None:
        raise_unknown_case(principal, case_id)
    ensure_department(principal, [loaded.lead_department, *loaded.co_handlers], f"案件 {case_id}")
    now = utcnow()
    department = principal.department or ""
    part = part_in_case(principal.department, loaded.lead_department, loaded.co_handlers)
    case, outcome = guarded(
        lambda: step(loaded, department, now),
        offered=lambda state: allowed_actions_for(state, principal.role, part),
    )
    await repository.save_case(uow.session, case, now=now)
    events = outcome if isinstance(outcome, list) else [outcome]
    for event in events:
        uow.emit(event, case_id=case_id)
    await measures.count(uow, case, events)
    return case


def raise_unknown_case(principal: Principal, case_id: str) -> NoReturn:
    """A handler gets the same 404 for an unknown case as for another department's case, so
    the answer does not tell which case numbers exist."""
    ensure_department(principal, [], f"案件 {case_id}")
    raise NotFound("case_not_found", f"交办系统中没有案件 {case_id}")


def guarded(
    step: Callable[[], T], *, offered: Callable[[CaseState], list[Action]] = allowed_actions
) -> T:
    """Turn the state machine's refusals into the errors callers see (409, 403, 422); a 409
    lists the actions `offered` to the caller in the case's state."""
    try:
        return step()
    except IllegalTransition as refused:
        raise Conflict(
            "illegal_transition",
            str(refused),
            state=refused.state.value,
            attempted=refused.action.value,
            allowed_actions=[a.value for a in offered(refused.state)],
        ) from refused
    except NotHandlingDepartment as refused:
        raise Forbidden(
            "not_handling_department",
            str(refused),
            department=refused.department,
            needed=refused.needed,
        ) from refused
    except RuleRefused as refused:
        error = Conflict if refused.conflict else Unprocessable
        raise error(refused.code, str(refused), **refused.details) from refused


async def check_departments_exist(session: AsyncSession, codes: list[str]) -> None:
    known = await repository.department_parents(session)
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise Unprocessable(
            "unknown_department",
            f"单位不存在：{'、'.join(unknown)}",
            unknown_departments=unknown,
        )


async def check_inside_route(session: AsyncSession, route: Route) -> None:
    """Ordinary assignment (交办, 改派) goes to the district's own departments only."""
    outside = await repository.outside_units(session)
    guarded(lambda: refuse_outside_units(route, outside))


async def check_outside_unit(session: AsyncSession, unit: str) -> None:
    await check_departments_exist(session, [unit])
    outside = await repository.outside_units(session)
    guarded(lambda: require_outside_unit(unit, outside))


async def check_category_exists(session: AsyncSession, category: str) -> None:
    """A category dispatch routes by (the district's taxonomy); any other is refused."""
    if await repository.get_routing_rule(session, category) is None:
        raise Unprocessable(
            "unknown_category",
            f"分类不存在：{category}",
            fields=[{"field": "category", "message": "分类（事项）不存在", "type": "unknown"}],
            category=category,
        )


# --- login ------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoginOutcome:
    principal: Principal | None = None
    locked_until: datetime | None = None


@functools.cache
def _decoy_hash() -> str:
    """Verified when the username is unknown, so both answers take as long."""
    return hash_password("no such user: the answer must take as long as for a real one")


async def attempt_login(
    session: AsyncSession, *, username: str, password: str, throttle: LoginThrottle
) -> LoginOutcome:
    """Check the credentials and count failures per username (known or not). The caller
    commits, so failures are recorded even though the request is refused."""
    now = utcnow()
    failure = await repository.login_failure(session, username)
    if failure is not None and throttle.is_locked(failure.locked_until, now):
        return LoginOutcome(locked_until=failure.locked_until)
    account = await repository.staff_login(session, username)
    stored = account.password_hash if account is not None else _decoy_hash()
    matches = await asyncio.to_thread(verify_password, stored, password)
    if account is not None and account.active and matches:
        if failure is not None:
            await repository.clear_login_failures(session, username)
        return LoginOutcome(
            principal=Principal(
                username=account.username,
                role=Role(account.role),
                department=account.department,
                name=account.name,
            )
        )
    failures, locked_until = throttle.after_failure(
        failure.failures if failure else 0, failure.last_failure_at if failure else None, now
    )
    await repository.save_login_failure(
        session, username, failures=failures, at=now, locked_until=locked_until
    )
    return LoginOutcome(locked_until=locked_until)


# --- organisation -----------------------------------------------------------------------


def org_rule(step: Callable[[], None]) -> None:
    try:
        step()
    except OrganisationRuleBroken as broken:
        raise Unprocessable(broken.code, str(broken), **broken.details) from broken


async def put_department(
    session: AsyncSession, *, code: str, name: str, kind: str, parent: str | None
) -> dict[str, Any]:
    parents = await repository.department_parents(session)
    org_rule(lambda: check_parent(code, parent, parents))
    await repository.put_department(
        session, code=code, name=name, kind=kind, parent=parent, now=utcnow()
    )
    found = await repository.get_department(session, code)
    assert found is not None
    return found


async def put_routing_rule(
    session: AsyncSession, *, category: str, lead: str | None, co_handlers: list[str]
) -> dict[str, Any]:
    known = await repository.department_parents(session)
    org_rule(lambda: check_route(lead, co_handlers, known))
    await repository.put_routing_rule(
        session, category=category, lead=lead, co_handlers=co_handlers, now=utcnow()
    )
    found = await repository.get_routing_rule(session, category)
    assert found is not None
    return found


async def create_staff(
    session: AsyncSession,
    *,
    username: str,
    name: str,
    role: Role,
    department: str | None,
    password: str,
) -> dict[str, Any]:
    known = await repository.department_parents(session)
    org_rule(lambda: check_staff(role, department, known))
    org_rule(lambda: check_password(password))
    password_hash = await asyncio.to_thread(hash_password, password)
    created = await repository.create_staff(
        session,
        values={
            "username": username,
            "name": name,
            "role": role.value,
            "department": department,
            "password_hash": password_hash,
        },
        now=utcnow(),
    )
    if not created:
        raise Conflict("username_taken", f"用户名 {username} 已被使用")
    return await existing_staff(session, username)


async def existing_staff(session: AsyncSession, username: str) -> dict[str, Any]:
    found = await repository.get_staff(session, username)
    if found is None:
        raise NotFound("staff_not_found", f"没有用户名为 {username} 的工作人员")
    return found


async def update_staff(
    session: AsyncSession, username: str, *, changes: dict[str, Any]
) -> dict[str, Any]:
    """Change name, role, department or active flag; the result must still be consistent."""
    current = await existing_staff(session, username)
    merged = {**current, **changes}
    known = await repository.department_parents(session)
    org_rule(lambda: check_staff(Role(merged["role"]), merged["department"], known))
    values = {k: (v.value if isinstance(v, Role) else v) for k, v in changes.items()}
    if values:
        await repository.update_staff(session, username, values=values, now=utcnow())
    return await existing_staff(session, username)


async def set_password(session: AsyncSession, username: str, *, password: str) -> None:
    await existing_staff(session, username)
    org_rule(lambda: check_password(password))
    password_hash = await asyncio.to_thread(hash_password, password)
    await repository.update_staff(
        session, username, values={"password_hash": password_hash}, now=utcnow()
    )
    await repository.clear_login_failures(session, username)


async def seed_organisation(
    session: AsyncSession, district: District, *, sha256: str, demo_accounts: bool
) -> bool:
    return await repository.seed_district(
        session, district, sha256=sha256, now=utcnow(), demo_accounts=demo_accounts
    )


async def working_demo_logins(
    session: AsyncSession, published: Collection[tuple[str, str]]
) -> list[str]:
    """The active accounts that still log in with a published demo password. Only the demo
    usernames are checked, each against its own password: Argon2 is slow on purpose."""
    working: set[str] = set()
    for username, password in sorted(published):
        account = await repository.staff_login(session, username)
        if account is None or not account.active or username in working:
            continue
        if await asyncio.to_thread(verify_password, account.password_hash, password):
            working.add(username)
    return sorted(working)
