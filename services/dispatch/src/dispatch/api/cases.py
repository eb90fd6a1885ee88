"""Dispatch's read routes on cases: lists, a department's page, one case and its
timeline, the dispatcher's queue, the return figures and the departments."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query

from common.auth import Principal, Staff, ensure_department, require
from common.bounds import OFFSET_MAX
from common.errors import NotFound
from common.http_docs import errors
from common.runtime import Runtime, RuntimeDep
from common.vocabulary import Role
from dispatch.api.acting import offered
from dispatch.api.schemas import (
    CaseDetail,
    CasePage,
    CaseSummary,
    CaseTimeline,
    Department,
    QueuedCase,
    ReturnStats,
)
from dispatch.domain.lifecycle import CaseState
from dispatch.repository import views
from dispatch.repository.sql import SqlStore
from dispatch.service import steps

router = APIRouter(prefix="/api/v1", tags=["handling"])

Reader = Annotated[
    Principal, Depends(require(Role.DISPATCHER, Role.SUPERVISOR, Role.CALLBACK_AGENT, Role.HANDLER))
]
Overseer = Annotated[Principal, Depends(require(Role.DISPATCHER, Role.SUPERVISOR))]
#: The return figures: a leader (领导) reads them too.
FigureReader = Annotated[Principal, Depends(require(Role.DISPATCHER, Role.SUPERVISOR, Role.LEADER))]

LIST = errors(401, 403, 422, 503)
ONE = errors(401, 403, 404, 422, 503)


@router.get("/cases", response_model=list[CaseSummary], responses=LIST)
async def list_cases(
    principal: Reader,
    runtime: RuntimeDep,
    state: Annotated[list[CaseState] | None, Query()] = None,
    department: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=OFFSET_MAX)] = 0,
) -> list[dict[str, Any]]:
    """Cases by state and department (lead or co-handler). A handler sees only its own."""
    if principal.role is Role.HANDLER:
        department = principal.department
    async with runtime.db.session() as session:
        return await views.list_cases(
            session,
            states=[s.value for s in state] if state else None,
            department=department,
            limit=limit,
            offset=offset,
        )


@router.get(
    "/departments/{department}/cases",
    response_model=CasePage,
    responses=errors(401, 403, 404, 422, 503),
)
async def department_cases(
    department: Annotated[str, Path(max_length=64)],
    principal: Reader,
    runtime: RuntimeDep,
    state: Annotated[list[CaseState] | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    offset: Annotated[int, Query(ge=0, le=OFFSET_MAX)] = 0,
) -> dict[str, Any]:
    """A page of the department's cases (lead or co-handler), newest change first, with the
    total: what a handler's list shows, title included. A handler sees only its own
    department (another's answers 404)."""
    ensure_department(principal, [department], f"单位 {department} 的案件")
    async with runtime.db.session() as session:
        items, total = await views.department_cases(
            session,
            department,
            states=[s.value for s in state] if state else None,
            limit=limit,
            offset=offset,
        )
    return {
        "items": items,
        "total": total,
        "offset": offset,
        "has_next": offset + len(items) < total,
    }


async def _visible(runtime: Runtime, principal: Principal, case_id: str) -> None:
    async with runtime.db.session() as session:
        departments = await views.case_departments(session, case_id)
    if departments is None:
        steps.raise_unknown_case(principal, case_id)
    ensure_department(principal, departments, f"案件 {case_id}")


@router.get("/cases/{case_id}", response_model=CaseDetail, responses=ONE)
async def get_case(case_id: str, principal: Reader, runtime: RuntimeDep) -> dict[str, Any]:
    await _visible(runtime, principal, case_id)
    async with runtime.db.session() as session:
        view = await views.case_view(session, case_id)
        history = await views.return_history(session, case_id)
    if view is None:
        raise NotFound("case_not_found", f"交办系统中没有案件 {case_id}")
    allowed = offered(principal, view["state"], view["lead_department"], view["co_handlers"])
    return {**view, "return_history": history, "allowed_actions": allowed}


@router.get("/cases/{case_id}/timeline", response_model=CaseTimeline, responses=ONE)
async def case_timeline(case_id: str, principal: Reader, runtime: RuntimeDep) -> dict[str, Any]:
    """Every action on the case in order: who, when, from which state to which, and why."""
    await _visible(runtime, principal, case_id)
    async with runtime.db.session() as session:
        return {"case_id": case_id, "actions": await views.timeline(session, case_id)}


@router.get("/queue", response_model=list[QueuedCase], responses=LIST)
async def dispatcher_queue(
    _: Overseer,
    runtime: RuntimeDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=OFFSET_MAX)] = 0,
) -> list[dict[str, Any]]:
    """What waits for a dispatcher, the latest change first: cases no rule routed, returns to
    arbitrate (with the return) and extension requests to decide."""
    async with runtime.db.session() as session:
        return await views.dispatcher_queue(
            session,
            states=[CaseState.AWAITING_DISPATCH.value, CaseState.RETURNED.value],
            limit=limit,
            offset=offset,
        )


@router.get("/returns/stats", response_model=ReturnStats, responses=LIST)
async def return_stats(
    _: FigureReader,
    runtime: RuntimeDep,
    department: Annotated[str | None, Query(max_length=64)] = None,
) -> dict[str, Any]:
    """退单 counts: in total, and per department pair (from -> to, and the ruling)."""
    async with runtime.db.session() as session:
        return {
            **await views.return_totals(session),
            "pairs": await views.bounce_counts(session, department=department),
        }


@router.get("/departments", response_model=list[Department], responses=errors(401, 503))
async def departments(_: Staff, runtime: RuntimeDep) -> list[dict[str, Any]]:
    async with runtime.db.session() as session:
        return await SqlStore(session).organisation.list_departments()
