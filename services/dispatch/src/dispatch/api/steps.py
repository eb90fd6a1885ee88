"""Dispatch's step routes on a case: the dispatcher's rulings, the supervisors' on a case
referred to them, and the departments' work. The actor always comes from the staff token."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter

from common.auth import Principal
from common.runtime import RuntimeDep
from dispatch.api.acting import STEP, act, case_state, may
from dispatch.api.schemas import (
    ArbitrateCommand,
    AssignCommand,
    CaseStatus,
    ContactCommand,
    ExtensionCommand,
    OpinionCommand,
    ReasonCommand,
    Reclassified,
    ReclassifyCommand,
    ResolveCommand,
    ResumeCommand,
)
from dispatch.config import Settings
from dispatch.domain.lifecycle import Action, Route
from dispatch.service import departments, dispatcher

router = APIRouter(prefix="/api/v1", tags=["handling"])


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
    route = Route(command.lead, tuple(command.co_handlers))
    return await act(
        runtime,
        principal,
        lambda uow: dispatcher.assign(
            uow, case_id, principal, route=route, category=command.category, reason=command.reason
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
    async with runtime.unit_of_work() as uow:
        done = await dispatcher.reclassify(
            uow, case_id, principal, category=command.category, reason=command.reason
        )
    case = done.case
    return {
        **case_state(case, principal),
        "category": case.category,
        "previous_category": done.previous_category,
        "rule_lead": done.rule_lead,
        "lead_differs": case.lead_department is not None
        and done.rule_lead is not None
        and done.rule_lead != case.lead_department,
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
    return await act(
        runtime,
        principal,
        lambda uow: dispatcher.send_back(uow, case_id, principal, reason=command.reason),
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
    return await act(
        runtime,
        principal,
        lambda uow: dispatcher.reject(uow, case_id, principal, reason=command.reason),
    )


@router.post("/cases/{case_id}/arbitrate", response_model=CaseStatus, responses=STEP)
async def arbitrate_return(
    case_id: str,
    command: ArbitrateCommand,
    principal: Annotated[Principal, may(Action.ARBITRATE)],
    runtime: RuntimeDep,
) -> dict[str, Any]:
    """退单仲裁: re-route to a new lead, or send the case back to the returning department."""
    route = None if command.lead is None else Route(command.lead, tuple(command.co_handlers))
    return await act(
        runtime,
        principal,
        lambda uow: dispatcher.arbitrate(
            uow, case_id, principal, decision=command.decision, reason=command.reason, route=route
        ),
    )


@router.post("/cases/{case_id}/extensions/grant", response_model=CaseStatus, responses=STEP)
async def grant_extension(
    case_id: str, principal: Annotated[Principal, may(Action.GRANT_EXTENSION)], runtime: RuntimeDep
) -> dict[str, Any]:
    return await act(
        runtime, principal, lambda uow: dispatcher.grant_extension(uow, case_id, principal)
    )


@router.post("/cases/{case_id}/extensions/deny", response_model=CaseStatus, responses=STEP)
async def deny_extension(
    case_id: str,
    command: ReasonCommand,
    principal: Annotated[Principal, may(Action.DENY_EXTENSION)],
    runtime: RuntimeDep,
) -> dict[str, Any]:
    return await act(
        runtime,
        principal,
        lambda uow: dispatcher.deny_extension(uow, case_id, principal, reason=command.reason),
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
    return await act(
        runtime,
        principal,
        lambda uow: dispatcher.reopen(uow, case_id, principal, reason=command.reason),
    )


@router.post("/cases/{case_id}/close", response_model=CaseStatus, responses=STEP)
async def close_case(
    case_id: str,
    command: ReasonCommand,
    principal: Annotated[Principal, may(Action.CLOSE)],
    runtime: RuntimeDep,
) -> dict[str, Any]:
    """A supervisor ends a referred case, with the reason on the record."""
    return await act(
        runtime,
        principal,
        lambda uow: dispatcher.close(uow, case_id, principal, reason=command.reason),
    )


# --- the departments --------------------------------------------------------------------


@router.post("/cases/{case_id}/sign", response_model=CaseStatus, responses=STEP)
async def sign_case(
    case_id: str, principal: Annotated[Principal, may(Action.SIGN)], runtime: RuntimeDep
) -> dict[str, Any]:
    """签收, by the lead department."""
    return await act(runtime, principal, lambda uow: departments.sign(uow, case_id, principal))


@router.post("/cases/{case_id}/contact", response_model=CaseStatus, responses=STEP)
async def contact_submitter(
    case_id: str,
    command: ContactCommand,
    principal: Annotated[Principal, may(Action.CONTACT)],
    runtime: RuntimeDep,
) -> dict[str, Any]:
    """先行联系: the first contact with the submitter, recorded; the state stays."""
    return await act(
        runtime,
        principal,
        lambda uow: departments.contact(uow, case_id, principal, note=command.note),
    )


@router.post("/cases/{case_id}/return", response_model=CaseStatus, responses=STEP)
async def return_case(
    case_id: str,
    command: ReasonCommand,
    principal: Annotated[Principal, may(Action.RETURN)],
    runtime: RuntimeDep,
) -> dict[str, Any]:
    """退单: not this department's matter; a dispatcher arbitrates."""
    return await act(
        runtime,
        principal,
        lambda uow: departments.return_case(uow, case_id, principal, reason=command.reason),
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
    return await act(
        runtime,
        principal,
        lambda uow: departments.request_extension(
            uow,
            case_id,
            principal,
            working_days=command.working_days,
            reason=command.reason,
            cap=cap,
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
    return await act(
        runtime,
        principal,
        lambda uow: departments.suspend(uow, case_id, principal, reason=command.reason),
    )


@router.post("/cases/{case_id}/resume", response_model=CaseStatus, responses=STEP)
async def resume_case(
    case_id: str,
    principal: Annotated[Principal, may(Action.RESUME)],
    runtime: RuntimeDep,
    command: ResumeCommand | None = None,
) -> dict[str, Any]:
    reason = command.reason if command else ""
    return await act(
        runtime,
        principal,
        lambda uow: departments.resume(uow, case_id, principal, reason=reason),
    )


@router.post("/cases/{case_id}/opinion", response_model=CaseStatus, responses=STEP)
async def file_opinion(
    case_id: str,
    command: OpinionCommand,
    principal: Annotated[Principal, may(Action.FILE_OPINION)],
    runtime: RuntimeDep,
) -> dict[str, Any]:
    """协办意见, by a co-handling department, once per round."""
    return await act(
        runtime,
        principal,
        lambda uow: departments.file_opinion(uow, case_id, principal, opinion=command.opinion),
    )


@router.post("/cases/{case_id}/resolve", response_model=CaseStatus, responses=STEP)
async def resolve_case(
    case_id: str,
    command: ResolveCommand,
    principal: Annotated[Principal, may(Action.RESOLVE)],
    runtime: RuntimeDep,
) -> dict[str, Any]:
    """办结, by the lead, once every co-handler filed its opinion for the round."""
    return await act(
        runtime,
        principal,
        lambda uow: departments.resolve(
            uow,
            case_id,
            principal,
            result=command.result,
            summary=command.summary,
            knowledge_article_id=command.knowledge_article_id,
            knowledge_article_version=command.knowledge_article_version,
        ),
    )
