"""转办 routes: a dispatcher hands a case to an outside unit; the unit's staff acknowledge
(确认接收) and answer (答复). The actor always comes from the staff token."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter

from common.auth import Principal
from dispatch.api.acting import STEP, RuntimeDep, act, may
from dispatch.api.schemas import AnswerTransferCommand, CaseStatus, TransferCommand
from dispatch.domain.lifecycle import Action
from dispatch.service import steps

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
    async with runtime.db.session() as session:
        await steps.check_outside_unit(session, command.unit)
    return await act(
        runtime,
        case_id,
        principal,
        lambda case, _, at: case.transfer(
            command.unit, note=command.note, actor=principal.actor, at=at
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
        runtime,
        case_id,
        principal,
        lambda case, dept, at: case.acknowledge_transfer(
            department=dept, actor=principal.actor, at=at
        ),
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
        case_id,
        principal,
        lambda case, dept, at: case.answer_transfer(
            department=dept,
            result=command.result,
            summary=command.summary,
            actor=principal.actor,
            at=at,
        ),
    )
