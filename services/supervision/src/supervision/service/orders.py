"""Supervisors urge (催办) and order (督办) a department about a case, citing evidence; the
department answers an order in writing."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from common.auth import Principal, ensure_department
from common.clock import utcnow
from common.errors import Conflict, NotFound, Unprocessable
from common.events import SupervisionOrderAnswered
from supervision.repository.store import Unit
from supervision.service.evidence import check_evidence, known_case
from supervision.service.records import add_order, add_urge, new_id


async def urge(
    uow: Unit,
    *,
    case_id: str,
    department: str,
    reason: str,
    evidence: Sequence[str],
    principal: Principal,
) -> dict[str, Any]:
    await known_case(uow, case_id)
    cited = await check_evidence(uow, case_id=case_id, department=department, evidence=evidence)
    return await add_urge(
        uow,
        case_id=case_id,
        department=department,
        source="manual",
        reason=reason,
        evidence=cited,
        actor=principal.actor,
        at=utcnow(),
        urge_id=new_id(),
    )


async def issue_order(
    uow: Unit,
    *,
    case_id: str,
    department: str,
    demand: str,
    respond_by: datetime,
    evidence: Sequence[str],
    principal: Principal,
) -> dict[str, Any]:
    now = utcnow()
    if respond_by <= now:
        raise Unprocessable("respond_by_in_past", "书面答复时限（respond_by）须晚于现在")
    await known_case(uow, case_id)
    cited = await check_evidence(uow, case_id=case_id, department=department, evidence=evidence)
    return await add_order(
        uow,
        order_id=new_id(),
        case_id=case_id,
        department=department,
        demand=demand,
        respond_by=respond_by,
        evidence=cited,
        actor=principal.actor,
        at=now,
    )


async def answer_order(
    uow: Unit, *, order_id: str, response: str, principal: Principal
) -> dict[str, Any]:
    order = await uow.store.orders.locked(order_id=order_id)
    if order is None:
        raise NotFound("order_not_found", f"没有督办单 {order_id}")
    ensure_department(principal, [order["department"]], "supervision order")
    if order["answered_at"] is not None:
        raise Conflict("order_already_answered", f"督办单 {order_id} 已答复")
    now = utcnow()
    await uow.store.orders.update(
        {"order_id": order_id}, response=response, answered_by=principal.actor, answered_at=now
    )
    uow.emit(
        SupervisionOrderAnswered(
            order_id=order_id,
            department=order["department"],
            response=response,
            actor=principal.actor,
            answered_at=now,
        ),
        case_id=order["case_id"],
    )
    return {**order, "response": response, "answered_by": principal.actor, "answered_at": now}
