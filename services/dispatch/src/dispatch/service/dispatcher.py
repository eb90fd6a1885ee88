"""The dispatcher's steps on a case (交办, 改类, 退回甄别, 驳回, 退单仲裁, 转办, the extension
rulings) and the supervisors' on a case referred to them (reopen, close)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from common.auth import Principal
from common.envelope import Event
from common.vocabulary import ArbitrationDecision
from dispatch.domain.lifecycle import HandlingCase, Route
from dispatch.repository.store import Unit
from dispatch.service.steps import (
    act,
    check_category_exists,
    check_departments_exist,
    check_inside_route,
    check_outside_unit,
)


async def assign(
    uow: Unit,
    case_id: str,
    principal: Principal,
    *,
    route: Route,
    category: str | None,
    reason: str,
) -> HandlingCase:
    """交办 a queued case under the category the dispatcher chose (CaseReclassified first
    when it changed)."""
    await check_departments_exist(uow, [route.lead, *route.co_handlers])
    await check_inside_route(uow, route)
    if category is not None:
        await check_category_exists(uow, category)
    return await act(
        uow,
        case_id=case_id,
        principal=principal,
        step=lambda case, _, at: case.dispatch_to(
            route, category=category, actor=principal.actor, at=at, reason=reason
        ),
    )


@dataclass(frozen=True)
class Reclassification:
    case: HandlingCase
    previous_category: str
    #: the lead the new category's rule names, if any
    rule_lead: str | None


async def reclassify(
    uow: Unit, case_id: str, principal: Principal, *, category: str, reason: str
) -> Reclassification:
    """改类 an open case; the route stays, and the answer says what the new rule would name."""
    await check_category_exists(uow, category)
    rule = await uow.store.organisation.find_route(category)
    previous: list[str] = []

    def step(case: HandlingCase, _: str, at: datetime) -> tuple[HandlingCase, Event]:
        previous.append(case.category)
        return case.reclassify(category, actor=principal.actor, at=at, reason=reason)

    case = await act(uow, case_id=case_id, principal=principal, step=step)
    return Reclassification(case, previous[0], rule.lead if rule is not None else None)


async def send_back(uow: Unit, case_id: str, principal: Principal, *, reason: str) -> HandlingCase:
    return await act(
        uow,
        case_id=case_id,
        principal=principal,
        step=lambda case, _, at: case.send_back(reason=reason, actor=principal.actor, at=at),
    )


async def reject(uow: Unit, case_id: str, principal: Principal, *, reason: str) -> HandlingCase:
    return await act(
        uow,
        case_id=case_id,
        principal=principal,
        step=lambda case, _, at: case.reject(reason=reason, actor=principal.actor, at=at),
    )


async def arbitrate(
    uow: Unit,
    case_id: str,
    principal: Principal,
    *,
    decision: ArbitrationDecision,
    reason: str,
    route: Route | None,
) -> HandlingCase:
    """退单仲裁: re-route to `route`, or send the case back to the returning department."""
    if route is not None:
        await check_departments_exist(uow, [route.lead, *route.co_handlers])
        await check_inside_route(uow, route)
    return await act(
        uow,
        case_id=case_id,
        principal=principal,
        step=lambda case, _, at: case.arbitrate(
            decision, reason=reason, actor=principal.actor, at=at, route=route
        ),
    )


async def transfer(
    uow: Unit, case_id: str, principal: Principal, *, unit: str, note: str
) -> HandlingCase:
    """转办 to an outside unit: a queued case, a routed case not yet signed, or a returned one."""
    await check_outside_unit(uow, unit)
    return await act(
        uow,
        case_id=case_id,
        principal=principal,
        step=lambda case, _, at: case.transfer(unit, note=note, actor=principal.actor, at=at),
    )


async def grant_extension(uow: Unit, case_id: str, principal: Principal) -> HandlingCase:
    return await act(
        uow,
        case_id=case_id,
        principal=principal,
        step=lambda case, _, at: case.grant_extension(actor=principal.actor, at=at),
    )


async def deny_extension(
    uow: Unit, case_id: str, principal: Principal, *, reason: str
) -> HandlingCase:
    return await act(
        uow,
        case_id=case_id,
        principal=principal,
        step=lambda case, _, at: case.deny_extension(reason=reason, actor=principal.actor, at=at),
    )


async def reopen(uow: Unit, case_id: str, principal: Principal, *, reason: str) -> HandlingCase:
    return await act(
        uow,
        case_id=case_id,
        principal=principal,
        step=lambda case, _, at: case.reopen(reason=reason, actor=principal.actor, at=at),
    )


async def close(uow: Unit, case_id: str, principal: Principal, *, reason: str) -> HandlingCase:
    return await act(
        uow,
        case_id=case_id,
        principal=principal,
        step=lambda case, _, at: case.close(reason=reason, actor=principal.actor, at=at),
    )
