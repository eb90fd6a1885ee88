"""The mechanics of a staff step on a case: load and lock it, check the caller may see it,
take the state machine's step, save it with its events; and the checks a step's arguments
pass first."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import NoReturn, TypeVar

from common.auth import Principal, ensure_department
from common.clock import utcnow
from common.envelope import Event
from common.errors import Conflict, Forbidden, NotFound, Unprocessable
from dispatch import measures
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
from dispatch.domain.permissions import allowed_actions_for, part_in_case
from dispatch.repository.store import Unit

T = TypeVar("T")


#: A step of the state machine, given the acting department and the time.
Step = Callable[[HandlingCase, str, datetime], tuple[HandlingCase, Event | list[Event]]]


async def act(uow: Unit, *, case_id: str, principal: Principal, step: Step) -> HandlingCase:
    """Load and lock the case, check the principal may see it, take the step, save the case
    and its events in the same transaction."""
    loaded = await uow.store.cases.load_case(case_id)
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
    await uow.store.cases.save_case(case, now=now)
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


async def check_departments_exist(uow: Unit, codes: list[str]) -> None:
    known = await uow.store.organisation.department_parents()
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise Unprocessable(
            "unknown_department",
            f"单位不存在：{'、'.join(unknown)}",
            unknown_departments=unknown,
        )


async def check_inside_route(uow: Unit, route: Route) -> None:
    """Ordinary assignment (交办, 改派) goes to the district's own departments only."""
    outside = await uow.store.organisation.outside_units()
    guarded(lambda: refuse_outside_units(route, outside))


async def check_outside_unit(uow: Unit, unit: str) -> None:
    await check_departments_exist(uow, [unit])
    outside = await uow.store.organisation.outside_units()
    guarded(lambda: require_outside_unit(unit, outside))


async def check_category_exists(uow: Unit, category: str) -> None:
    """A category dispatch routes by (the district's taxonomy); any other is refused."""
    if await uow.store.organisation.get_routing_rule(category) is None:
        raise Unprocessable(
            "unknown_category",
            f"分类不存在：{category}",
            fields=[{"field": "category", "message": "分类（事项）不存在", "type": "unknown"}],
            category=category,
        )
