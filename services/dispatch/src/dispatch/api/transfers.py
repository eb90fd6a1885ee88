"""转办 routes: a dispatcher hands a case to an outside unit; the unit's staff acknowledge
(确认接收) and answer (答复). The actor always comes from the staff token."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter

from common.auth import Principal
from common.runtime import RuntimeDep
from dispatch.api.acting import STEP, act, may
from dispatch.api.schemas import AnswerTransferCommand, CaseStatus, TransferCommand
from dispatch.domain.lifecycle import Action
from dispatch.service import departments, dispatcher

router = APIRouter(prefix="/api/v1", tags=["handling"])


@router.post("/cases/{case_id}/transfer", response_model=CaseStatus, responses=STEP)
async def transfer_case(
    case_id: str,
    command: TransferCommand,
    principal: Annotated[Principal, may(Action.TRANSFER)],
    runtime: RuntimeDep,
) -> dict[str, Any]:
    """转办 to an outside unit: a case waiting in the queue, a routed case not yet signed (a
    re-route), or a returned case (the return upheld)."""
    return await act(
        runtime,
        principal,
        lambda uow: dispatcher.transfer(
            uow, case_id, principal, unit=command.unit, note=command.note
        ),
    )


@router.post("/cases/{case_id}/transfer/acknowledge", response_model=CaseStatus, responses=STEP)
async def acknowledge_transfer(
    case_id: str,
    principal: Annotated[Principal, may(Action.ACKNOWLEDGE_TRANSFER)],
    runtime: RuntimeDep,
) -> dict[str, Any]:
    """确认接收, by the outside unit the case was handed to."""
    return await act(
        runtime, principal, lambda uow: departments.acknowledge_transfer(uow, case_id, principal)
    )


@router.post("/cases/{case_id}/transfer/answer", response_model=CaseStatus, responses=STEP)
async def answer_transfer(
    case_id: str,
    command: AnswerTransferCommand,
    principal: Annotated[Principal, may(Action.ANSWER_TRANSFER)],
    runtime: RuntimeDep,
) -> dict[str, Any]:
    """答复, by the outside unit: the result and what was done; the case goes to callback."""
    return await act(
        runtime,
        principal,
        lambda uow: departments.answer_transfer(
            uow, case_id, principal, result=command.result, summary=command.summary
        ),
    )
