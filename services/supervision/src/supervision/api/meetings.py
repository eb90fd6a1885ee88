"""Joint meetings (联席会议), accountability (问责) and the buck-passing (推诿扯皮) found."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query

from common.runtime import RuntimeDep
from supervision import models
from supervision.api.access import ABOUT_CASE, LIST, Reader, Supervisor, act, listed
from supervision.api.access import router as new_router
from supervision.api.commands import AccountabilityCommand, MeetingCommand
from supervision.api.schemas import Accountability, BuckPassing, Meeting
from supervision.domain import buck_passing as buck_passing_rules
from supervision.service import meetings as use_cases

router = new_router()
CaseQuery = Annotated[str | None, Query(max_length=64)]


@router.post("/meetings", status_code=201, response_model=Meeting, responses=ABOUT_CASE)
async def record_meeting(
    command: MeetingCommand, runtime: RuntimeDep, principal: Supervisor
) -> dict[str, Any]:
    return await act(
        runtime,
        use_cases.record_meeting,
        case_id=command.case_id,
        departments=command.departments,
        attendees=[a.model_dump(mode="json") for a in command.attendees],
        decisions=[d.model_dump(mode="json") for d in command.decisions],
        held_at=command.held_at,
        principal=principal,
    )


@router.get("/meetings", response_model=list[Meeting], responses=LIST)
async def list_meetings(
    runtime: RuntimeDep, principal: Reader, case_id: CaseQuery = None
) -> list[dict[str, Any]]:
    return await listed(runtime, models.joint_meetings, order_by="held_at", case_id=case_id)


@router.post("/accountability", status_code=201, response_model=Accountability, responses=LIST)
async def hold_accountable(
    command: AccountabilityCommand, runtime: RuntimeDep, principal: Supervisor
) -> dict[str, Any]:
    return await act(
        runtime,
        use_cases.hold_accountable,
        case_id=command.case_id,
        department=command.department,
        measure=command.measure,
        reason=command.reason,
        evidence=command.evidence_event_ids,
        principal=principal,
    )


@router.get("/accountability", response_model=list[Accountability], responses=LIST)
async def list_accountability(
    runtime: RuntimeDep,
    principal: Reader,
    case_id: CaseQuery = None,
    department: Annotated[str | None, Query(max_length=64)] = None,
) -> list[dict[str, Any]]:
    return await listed(
        runtime,
        models.accountability_records,
        order_by="recorded_at",
        case_id=case_id,
        department=department,
    )


@router.get("/buck-passing", response_model=list[BuckPassing], responses=LIST)
async def list_buck_passing(
    runtime: RuntimeDep, principal: Reader, case_id: CaseQuery = None
) -> list[dict[str, Any]]:
    rows = await listed(runtime, models.buck_passing, order_by="detected_at", case_id=case_id)
    return [
        {**row, "description": buck_passing_rules.describe(row["rule"], row["returns_in_case"])}
        for row in rows
    ]
