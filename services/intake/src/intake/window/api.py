"""Routes of the window's routine: the duty roster by half day (set by an administrator or
supervisor, read by any staff) and the acceptance form (受理单) a clerk prints."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Response

from common.auth import Principal, Staff, require
from common.clock import utcnow
from common.http_docs import errors
from common.runtime import RuntimeDep
from common.vocabulary import Role
from intake.api.deps import Clerk
from intake.domain.roster import Half
from intake.repository.sql import SqlStore
from intake.state import IntakeState
from intake.window import forms, service
from intake.window.schemas import Duty, DutyInput, DutyNow, FormRequest

PDF = "application/pdf"
BINARY: dict[str, Any] = {"schema": {"type": "string", "format": "binary"}}

router = APIRouter(prefix="/api/v1", tags=["intake"])

RosterEditor = Annotated[Principal, Depends(require(Role.ADMIN, Role.SUPERVISOR))]


@router.get("/duty-roster", response_model=list[Duty], responses=errors(401, 422, 503))
async def duty_roster(
    runtime: RuntimeDep,
    viewer: Staff,
    start: Annotated[date | None, Query(alias="from")] = None,
    end: Annotated[date | None, Query(alias="to")] = None,
) -> list[dict[str, Any]]:
    """The half days rostered from `from` to `to` (dates in Asia/Shanghai, both included; at
    most 62 days; default: today and the next 13 days), in order."""
    async with runtime.db.session() as session:
        return await service.roster(SqlStore(session), start, end)


@router.get("/duty-roster/now", response_model=DutyNow, responses=errors(401, 503))
async def duty_now(runtime: RuntimeDep, viewer: Staff) -> dict[str, Any]:
    """Who is on duty at the window this half day (before noon: am, Asia/Shanghai)."""
    async with runtime.db.session() as session:
        return await service.on_duty(SqlStore(session), utcnow())


@router.put("/duty-roster/{date}/{half}", response_model=Duty, responses=errors(401, 403, 422, 503))
async def set_duty(
    day: Annotated[date, Path(alias="date")],
    half: Half,
    duty: DutyInput,
    runtime: RuntimeDep,
    editor: RosterEditor,
) -> dict[str, Any]:
    """Set who staffs the window for one half day and the leader on duty (replaces what the
    half day had). Administrators and supervisors only."""
    async with runtime.unit_of_work() as uow:
        return await service.set_duty(uow, day, half, duty, editor=editor)


@router.post(
    "/staff/cases/{case_id}/acceptance-form",
    response_class=Response,
    responses={
        200: {"content": {PDF: BINARY}, "description": "受理单（PDF，A4）"},
        **errors(401, 403, 404, 422, 503),
    },
)
async def acceptance_form(
    case_id: str, request: FormRequest, runtime: RuntimeDep, clerk: Clerk
) -> Response:
    """The acceptance form (受理单) to print for the visitor: case number, tracking code, what
    was received, the time limit promised, who received it and the leader on duty, and the
    visit-rating link with its QR code. The tracking code is the one the registration's
    receipt showed (intake keeps only its hash): a wrong one is refused."""
    state = runtime.state_as(IntakeState)
    assert state.window is not None  # set when intake starts
    async with runtime.db.session() as session:
        content = await forms.acceptance_pdf(
            SqlStore(session),
            case_id,
            request.tracking_code,
            clerk=clerk,
            setup=state.window,
            category_names=state.catalogue.names(),
        )
    return Response(
        content,
        media_type=PDF,
        headers={"Content-Disposition": f"inline; filename=acceptance-{case_id}.pdf"},
    )
