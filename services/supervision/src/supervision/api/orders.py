"""Urging (催办) and supervision orders (督办) with the departments' written answers."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query

from common.runtime import RuntimeDep
from supervision import models
from supervision.api.access import (
    ABOUT_CASE,
    LIST,
    ON_RECORD,
    DepartmentStaff,
    OrderReader,
    Supervisor,
    act,
    listed,
    own_department,
)
from supervision.api.access import router as new_router
from supervision.api.commands import AnswerCommand, OrderCommand, UrgeCommand
from supervision.api.schemas import Order, Urge
from supervision.service import orders as use_cases

router = new_router()
CaseQuery = Annotated[str | None, Query(max_length=64)]
DepartmentQuery = Annotated[str | None, Query(max_length=64)]


@router.post("/cases/{case_id}/urges", status_code=201, response_model=Urge, responses=ABOUT_CASE)
async def urge(
    case_id: str, command: UrgeCommand, runtime: RuntimeDep, principal: Supervisor
) -> dict[str, Any]:
    return await act(
        runtime,
        use_cases.urge,
        case_id=case_id,
        department=command.department,
        reason=command.reason,
        evidence=command.evidence_event_ids,
        principal=principal,
    )


@router.get("/urges", response_model=list[Urge], responses=LIST)
async def list_urges(
    runtime: RuntimeDep,
    principal: OrderReader,
    case_id: CaseQuery = None,
    department: DepartmentQuery = None,
) -> list[dict[str, Any]]:
    """A department's staff read the urges addressed to their own department."""
    return await listed(
        runtime,
        models.urges,
        order_by="urged_at",
        case_id=case_id,
        department=own_department(principal, department),
    )


@router.post("/orders", status_code=201, response_model=Order, responses=ABOUT_CASE)
async def issue_order(
    command: OrderCommand, runtime: RuntimeDep, principal: Supervisor
) -> dict[str, Any]:
    return await act(
        runtime,
        use_cases.issue_order,
        case_id=command.case_id,
        department=command.department,
        demand=command.demand,
        respond_by=command.respond_by,
        evidence=command.evidence_event_ids,
        principal=principal,
    )


@router.get("/orders", response_model=list[Order], responses=LIST)
async def list_orders(
    runtime: RuntimeDep,
    principal: OrderReader,
    case_id: CaseQuery = None,
    department: DepartmentQuery = None,
) -> list[dict[str, Any]]:
    return await listed(
        runtime,
        models.supervision_orders,
        order_by="issued_at",
        case_id=case_id,
        department=own_department(principal, department),
    )


@router.post("/orders/{order_id}/answer", response_model=Order, responses=ON_RECORD)
async def answer_order(
    order_id: str, command: AnswerCommand, runtime: RuntimeDep, principal: DepartmentStaff
) -> dict[str, Any]:
    return await act(
        runtime,
        use_cases.answer_order,
        order_id=order_id,
        response=command.response,
        principal=principal,
    )
