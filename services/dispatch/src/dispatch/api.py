"""Dispatch HTTP routes for handling a case: the dispatcher's queue and rulings, the
departments' work, and the views. The actor always comes from the staff token.

Longer than ~400 lines because the handling routes and the read views (case lists, the
queue, a department's page) share one router; it is to be split into an api/ package by
resource, with dispatch's repository."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query

from common.auth import Principal, Staff, ensure_department, require
from common.bounds import OFFSET_MAX
from common.envelope import Event
from common.errors import NotFound
from common.http_docs import errors
from common.runtime import Runtime, get_runtime
from common.vocabulary import Role
from dispatch import dispatcher_views, repository, service
from dispatch.commands import (
    ArbitrateCommand,
    AssignCommand,
    ContactCommand,
    ExtensionCommand,
    OpinionCommand,
    ReasonCommand,
    ReclassifyCommand,
    ResolveCommand,
    ResumeCommand,
)
from dispatch.config import Settings
from dispatch.domain.lifecycle import Action, CaseState, HandlingCase, Route
from dispatch.domain.permissions import allowed_actions_for, part_in_case, roles_for
from dispatch.schemas import (
    CaseDetail,
    CasePage,
    CaseStatus,
    CaseSummary,
    CaseTimeline,
    Department,
    QueuedCase,
    Reclassified,
    ReturnStats,
)

router = APIRouter(prefix="/api/v1", tags=["handling"])
RuntimeDep = Annotated[Runtime, Depends(get_runtime)]

Reader = Annotated[
    Principal, Depends(require(Role.DISPATCHER, Role.SUPERVISOR, Role.CALLBACK_AGENT, Role.HANDLER))
]
Overseer = Annotated[Principal, Depends(require(Role.DISPATCHER, Role.SUPERVISOR))]
#: The return figures: a leader (领导) reads them too.
FigureReader = Annotated[Principal, Depends(require(Role.DISPATCHER, Role.SUPERVISOR, Role.LEADER))]

LIST = errors(401, 403, 422, 503)
ONE = errors(401, 403, 404, 422, 503)
#: A step on a case: 404 for a case the caller cannot see, 409 when its state refuses it.
STEP = errors(401, 403, 404, 409, 422, 503)


def may(action: Action) -> Any:
    """Admits the roles that may take `action`: the table allowed_actions reads as well."""
    return Depends(require(*roles_for(action)))


def offered(
    principal: Principal, state: str, lead: str | None, co_handlers: list[str] | tuple[str, ...]
) -> list[str]:
    """The actions this caller may take on the case now (its role, its part in the case)."""
    part = part_in_case(principal.department, lead, co_handlers)
    return [a.value for a in allowed_actions_for(CaseState(state), principal.role, part)]


def _state(case: HandlingCase, principal: Principal) -> dict[str, Any]:
    pending = case.pending_extension
    return {
        "case_id": case.case_id,
        "state": case.state.value,
        "lead_department": case.lead_department,
        "co_handlers": list(case.co_handlers),
        "round": case.round,
        "returns": case.returns,
        "extensions_granted": case.extensions_granted,
        "extension_days_granted": case.extension_days_granted,
        "pending_extension": None
        if pending is None
        else {"department": pending.department, "working_days": pending.working_days},
        "missing_opinions": case.missing_opinions(),
        "allowed_actions": offered(principal, case.state, case.lead_department, case.co_handlers),
    }


async def _act(
    runtime: Runtime, case_id: str, principal: Principal, step: service.Step
) -> dict[str, Any]:
    async with runtime.unit_of_work() as uow:
        case = await service.act(uow, case_id=case_id, principal=principal, step=step)
    return _state(case, principal)


# --- views ------------------------------------------------------------------------------


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
        return await repository.list_cases(
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
        items, total = await repository.department_cases(
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
        departments = await repository.case_departments(session, case_id)
    if departments is None:
        service.raise_unknown_case(principal, case_id)
    ensure_department(principal, departments, f"案件 {case_id}")


@router.get("/cases/{case_id}", response_model=CaseDetail, responses=ONE)
async def get_case(case_id: str, principal: Reader, runtime: RuntimeDep) -> dict[str, Any]:
    await _visible(runtime, principal, case_id)
    async with runtime.db.session() as session:
        view = await repository.case_view(session, case_id)
        history = await dispatcher_views.return_history(session, case_id)
    if view is None:
        raise NotFound("case_not_found", f"交办系统中没有案件 {case_id}")
    allowed = offered(principal, view["state"], view["lead_department"], view["co_handlers"])
    return {**view, "return_history": history, "allowed_actions": allowed}


@router.get("/cases/{case_id}/timeline", response_model=CaseTimeline, responses=ONE)
async def case_timeline(case_id: str, principal: Reader, runtime: RuntimeDep) -> dict[str, Any]:
    """Every action on the case in order: who, when, from which state to which, and why."""
    await _visible(runtime, principal, case_id)
    async with runtime.db.session() as session:
        return {"case_id": case_id, "actions": await repository.timeline(session, case_id)}


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
        return await dispatcher_views.dispatcher_queue(
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
            **await repository.return_totals(session),
            "pairs": await repository.bounce_counts(session, department=department),
        }


@router.get("/departments", response_model=list[Department], responses=errors(401, 503))
async def departments(_: Staff, runtime: RuntimeDep) -> list[dict[str, Any]]:
    async with runtime.db.session() as session:
        return await repository.list_departments(session)


# --- the dispatcher ---------------------------------------------------------------------


@router.post("/cases/{case_id}/assign", response_model=CaseStatus, responses=STEP)
async def assign_case(
    case_id: str,
    command: AssignCommand,
    principal: Annotated[Principal, may(Action.ASSIGN)],
    runtime: RuntimeDep,
) -> dict[str, Any]:
    """交办 a case waiting in the queue to a lead and co-handlers, under the category the
    dispatcher chose (CaseReclassified first when it changed)."""
    async with runtime.db.session() as session:
        await service.check_departments_exist(session, [command.lead, *command.co_handlers])
        await service.check_inside_route(session, Route(command.lead, tuple(command.co_handlers)))
        if command.category is not None:
            await service.check_category_exists(session, command.category)
    route = Route(command.lead, tuple(command.co_handlers))
    return await _act(
        runtime,
        case_id,
        principal,
        lambda case, _, at: case.dispatch_to(
            route, category=command.category, actor=principal.actor, at=at, reason=command.reason
        ),
    )


@router.post("/cases/{case_id}/reclassify", response_model=Reclassified, responses=STEP)
async def reclassify_case(
    case_id: str,
    command: ReclassifyCommand,
    principal: Annotated[Principal, may(Action.RECLASSIFY)],
    runtime: RuntimeDep,
) -> dict[str, Any]:
    """改类: the category (item) a dispatcher corrected, on an open case. The route stays;
    the answer says whether the new category's rule names another lead (re-route it by
    assigning a queued case, or arbitrating a returned one)."""
    async with runtime.db.session() as session:
        await service.check_category_exists(session, command.category)
        rule = await repository.find_route(session, command.category)
    previous: list[str] = []

    def step(case: HandlingCase, _: str, at: datetime) -> tuple[HandlingCase, Event]:
        previous.append(case.category)
        return case.reclassify(
            command.category, actor=principal.actor, at=at, reason=command.reason
        )

    async with runtime.unit_of_work() as uow:
        case = await service.act(uow, case_id=case_id, principal=principal, step=step)
    rule_lead = rule.lead if rule is not None else None
    return {
        **_state(case, principal),
        "category": case.category,
        "previous_category": previous[0],
        "rule_lead": rule_lead,
        "lead_differs": case.lead_department is not None
        and rule_lead is not None
        and rule_lead != case.lead_department,
    }


@router.post("/cases/{case_id}/send-back", response_model=CaseStatus, responses=STEP)
async def send_back_to_screening(
    case_id: str,
    command: ReasonCommand,
    principal: Annotated[Principal, may(Action.SEND_BACK)],
    runtime: RuntimeDep,
) -> dict[str, Any]:
    """退回甄别: a queued case goes back to the window's screening queue with the reason
    (unclear, the submitter must say more); the clerk may accept it again."""
    return await _act(
        runtime,
        case_id,
        principal,
        lambda case, _, at: case.send_back(reason=command.reason, actor=principal.actor, at=at),
    )


@router.post("/cases/{case_id}/reject", response_model=CaseStatus, responses=STEP)
async def reject_case(
    case_id: str,
    command: ReasonCommand,
    principal: Annotated[Principal, may(Action.REJECT)],
    runtime: RuntimeDep,
) -> dict[str, Any]:
    """驳回（不予受理）: a queued or returned case that is not the district's to handle
    (outside its remit) ends here, with the reason the submitter is shown."""
    return await _act(
        runtime,
        case_id,
        principal,
        lambda case, _, at: case.reject(reason=command.reason, actor=principal.actor, at=at),
    )


@router.post("/cases/{case_id}/arbitrate", response_model=CaseStatus, responses=STEP)
async def arbitrate_return(
    case_id: str,
    command: ArbitrateCommand,
    principal: Annotated[Principal, may(Action.ARBITRATE)],
    runtime: RuntimeDep,
) -> dict[str, Any]:
    """退单仲裁: re-route to a new lead, or send the case back to the returning department."""
    route = None
    if command.lead is not None:
        async with runtime.db.session() as session:
            await service.check_departments_exist(session, [command.lead, *command.co_handlers])
            route = Route(command.lead, tuple(command.co_handlers))
            await service.check_inside_route(session, route)
    return await _act(
        runtime,
        case_id,
        principal,
        lambda case, _, at: case.arbitrate(
            command.decision, reason=command.reason, actor=principal.actor, at=at, route=route
        ),
    )


@router.post("/cases/{case_id}/extensions/grant", response_model=CaseStatus, responses=STEP)
async def grant_extension(
    case_id: str, principal: Annotated[Principal, may(Action.GRANT_EXTENSION)], runtime: RuntimeDep
) -> dict[str, Any]:
    return await _act(
        runtime,
        case_id,
        principal,
        lambda case, _, at: case.grant_extension(actor=principal.actor, at=at),
    )


@router.post("/cases/{case_id}/extensions/deny", response_model=CaseStatus, responses=STEP)
async def deny_extension(
    case_id: str,
    command: ReasonCommand,
    principal: Annotated[Principal, may(Action.DENY_EXTENSION)],
    runtime: RuntimeDep,
) -> dict[str, Any]:
    return await _act(
        runtime,
        case_id,
        principal,
        lambda case, _, at: case.deny_extension(
            reason=command.reason, actor=principal.actor, at=at
        ),
    )


# --- supervisors, on a case referred to them -------------------------------------------


@router.post("/cases/{case_id}/reopen", response_model=CaseStatus, responses=STEP)
async def reopen_case(
    case_id: str,
    command: ReasonCommand,
    principal: Annotated[Principal, may(Action.REOPEN)],
    runtime: RuntimeDep,
) -> dict[str, Any]:
    """A supervisor sends the case back to its lead for another round (under their order)."""
    return await _act(
        runtime,
        case_id,
        principal,
        lambda case, _, at: case.reopen(reason=command.reason, actor=principal.actor, at=at),
    )


@router.post("/cases/{case_id}/close", response_model=CaseStatus, responses=STEP)
async def close_case(
    case_id: str,
    command: ReasonCommand,
    principal: Annotated[Principal, may(Action.CLOSE)],
    runtime: RuntimeDep,
) -> dict[str, Any]:
    """A supervisor ends a referred case, with the reason on the record."""
    return await _act(
        runtime,
        case_id,
        principal,
        lambda case, _, at: case.close(reason=command.reason, actor=principal.actor, at=at),
    )


# --- the departments --------------------------------------------------------------------


@router.post("/cases/{case_id}/sign", response_model=CaseStatus, responses=STEP)
async def sign_case(
    case_id: str, principal: Annotated[Principal, may(Action.SIGN)], runtime: RuntimeDep
) -> dict[str, Any]:
    """签收, by the lead department."""
    return await _act(
        runtime,
        case_id,
        principal,
        lambda case, dept, at: case.sign(department=dept, actor=principal.actor, at=at),
    )


@router.post("/cases/{case_id}/contact", response_model=CaseStatus, responses=STEP)
async def contact_submitter(
    case_id: str,
    command: ContactCommand,
    principal: Annotated[Principal, may(Action.CONTACT)],
    runtime: RuntimeDep,
) -> dict[str, Any]:
    """先行联系: the first contact with the submitter, recorded; the state stays."""
    return await _act(
        runtime,
        case_id,
        principal,
        lambda case, dept, at: case.contact(
            department=dept, note=command.note, actor=principal.actor, at=at
        ),
    )


@router.post("/cases/{case_id}/return", response_model=CaseStatus, responses=STEP)
async def return_case(
    case_id: str,
    command: ReasonCommand,
    principal: Annotated[Principal, may(Action.RETURN)],
    runtime: RuntimeDep,
) -> dict[str, Any]:
    """退单: not this department's matter; a dispatcher arbitrates."""
    return await _act(
        runtime,
        case_id,
        principal,
        lambda case, dept, at: case.return_case(
            department=dept, reason=command.reason, actor=principal.actor, at=at
        ),
    )


@router.post("/cases/{case_id}/extensions", response_model=CaseStatus, responses=STEP)
async def request_extension(
    case_id: str,
    command: ExtensionCommand,
    principal: Annotated[Principal, may(Action.REQUEST_EXTENSION)],
    runtime: RuntimeDep,
) -> dict[str, Any]:
    """延期申请, decided by a dispatcher; capped per case (MAX_EXTENSIONS and
    MAX_EXTENSION_WORKING_DAYS)."""
    cap = runtime.settings_as(Settings).extension_cap()
    return await _act(
        runtime,
        case_id,
        principal,
        lambda case, dept, at: case.request_extension(
            department=dept,
            working_days=command.working_days,
            reason=command.reason,
            cap=cap,
            actor=principal.actor,
            at=at,
        ),
    )


@router.post("/cases/{case_id}/suspend", response_model=CaseStatus, responses=STEP)
async def suspend_case(
    case_id: str,
    command: ReasonCommand,
    principal: Annotated[Principal, may(Action.SUSPEND)],
    runtime: RuntimeDep,
) -> dict[str, Any]:
    """挂起 while waiting for the submitter; the clocks stop."""
    return await _act(
        runtime,
        case_id,
        principal,
        lambda case, dept, at: case.suspend(
            department=dept, reason=command.reason, actor=principal.actor, at=at
        ),
    )


@router.post("/cases/{case_id}/resume", response_model=CaseStatus, responses=STEP)
async def resume_case(
    case_id: str,
    principal: Annotated[Principal, may(Action.RESUME)],
    runtime: RuntimeDep,
    command: ResumeCommand | None = None,
) -> dict[str, Any]:
    reason = command.reason if command else ""
    return await _act(
        runtime,
        case_id,
        principal,
        lambda case, dept, at: case.resume(
            department=dept, actor=principal.actor, at=at, reason=reason
        ),
    )


@router.post("/cases/{case_id}/opinion", response_model=CaseStatus, responses=STEP)
async def file_opinion(
    case_id: str,
    command: OpinionCommand,
    principal: Annotated[Principal, may(Action.FILE_OPINION)],
    runtime: RuntimeDep,
) -> dict[str, Any]:
    """协办意见, by a co-handling department, once per round."""
    return await _act(
        runtime,
        case_id,
        principal,
        lambda case, dept, at: case.file_opinion(
            department=dept, opinion=command.opinion, actor=principal.actor, at=at
        ),
    )


@router.post("/cases/{case_id}/resolve", response_model=CaseStatus, responses=STEP)
async def resolve_case(
    case_id: str,
    command: ResolveCommand,
    principal: Annotated[Principal, may(Action.RESOLVE)],
    runtime: RuntimeDep,
) -> dict[str, Any]:
    """办结, by the lead, once every co-handler filed its opinion for the round."""
    return await _act(
        runtime,
        case_id,
        principal,
        lambda case, dept, at: case.resolve(
            department=dept,
            result=command.result,
            summary=command.summary,
            actor=principal.actor,
            at=at,
        ),
    )
