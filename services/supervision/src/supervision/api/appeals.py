"""Appeals (申诉) against a case's place in a department's figures, and their decisions."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Query

from common.runtime import RuntimeDep
from supervision import models
from supervision.api.access import (
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
from supervision.api.commands import AppealCommand, AppealDecision
from supervision.api.schemas import Appeal
from supervision.service import appeals as use_cases

router = new_router()


@router.post("/appeals", status_code=201, response_model=Appeal, responses=ON_RECORD)
async def file_appeal(
    command: AppealCommand, runtime: RuntimeDep, principal: DepartmentStaff
) -> dict[str, Any]:
    return await act(
        runtime,
        use_cases.file_appeal,
        case_id=command.case_id,
        reason=command.reason,
        principal=principal,
    )


@router.get("/appeals", response_model=list[Appeal], responses=LIST)
async def list_appeals(
    runtime: RuntimeDep,
    principal: OrderReader,
    status: Annotated[Literal["pending", "upheld", "rejected"] | None, Query()] = None,
    department: Annotated[str | None, Query(max_length=64)] = None,
) -> list[dict[str, Any]]:
    return await listed(
        runtime,
        models.appeals,
        order_by="filed_at",
        status=status,
        department=own_department(principal, department),
    )


@router.post("/appeals/{appeal_id}/decision", response_model=Appeal, responses=ON_RECORD)
async def decide_appeal(
    appeal_id: str, command: AppealDecision, runtime: RuntimeDep, principal: Supervisor
) -> dict[str, Any]:
    return await act(
        runtime,
        use_cases.decide_appeal,
        appeal_id=appeal_id,
        upheld=command.upheld,
        reason=command.reason,
        principal=principal,
    )
