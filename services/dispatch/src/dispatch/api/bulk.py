"""Dispatcher actions on a selection of cases at once. Each case takes its own state machine's
step in its own transaction, exactly as the one-case route takes it: a case is assigned whole
or refused whole, and the answer says which, case by case, with the reason."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import BaseModel, Field, model_validator

from common.auth import Principal
from common.http_docs import errors
from common.runtime import RuntimeDep
from dispatch.api.acting import may
from dispatch.api.schemas import AssignCommand
from dispatch.domain.lifecycle import Action, Route
from dispatch.service import bulk

router = APIRouter(prefix="/api/v1", tags=["handling"])
#: The most cases one action takes: a queue page.
MAX_CASES = 100


class BulkAssignCommand(AssignCommand):
    case_ids: list[Annotated[str, Field(min_length=1, max_length=32)]] = Field(
        min_length=1, max_length=MAX_CASES, description="所选案件的受理编号"
    )

    @model_validator(mode="after")
    def _each_once(self) -> BulkAssignCommand:
        if len(set(self.case_ids)) != len(self.case_ids):
            raise ValueError("所选案件中有重复的受理编号")
        return self


class CaseOutcome(BaseModel):
    case_id: str
    outcome: str = Field(description="assigned（已交办）或 refused（未交办）")
    state: str | None = Field(default=None, description="交办后的状态")
    lead_department: str | None = None
    co_handlers: list[str] = Field(default_factory=list)
    error: str | None = Field(default=None, description="未交办的错误代码")
    reason: str | None = Field(default=None, description="未交办的原因（中文）")


class BulkOutcome(BaseModel):
    assigned: int
    refused: int
    results: list[CaseOutcome] = Field(description="按所选顺序，每个案件一项")


@router.post("/bulk/assign", response_model=BulkOutcome, responses=errors(401, 403, 422, 503))
async def bulk_assign(
    command: BulkAssignCommand,
    principal: Annotated[Principal, may(Action.ASSIGN)],
    runtime: RuntimeDep,
) -> dict[str, Any]:
    """交办 the selected cases to one lead (and co-handlers). Departments are checked once
    (422 refuses the whole action); then each case is assigned or refused on its own."""
    route = Route(command.lead, tuple(command.co_handlers))
    results = await bulk.assign_each(
        runtime.unit_of_work, command.case_ids, principal, route=route, reason=command.reason
    )
    assigned = sum(1 for r in results if r["outcome"] == "assigned")
    return {"assigned": assigned, "refused": len(results) - assigned, "results": results}
