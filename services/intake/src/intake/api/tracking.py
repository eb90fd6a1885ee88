"""The submitter's route: a case's status and public timeline, with its tracking code."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from common.http_docs import errors
from common.runtime import RuntimeDep
from intake.api.deps import TrackingCode, policy_of
from intake.schemas import PublicCase
from intake.service import tracking

router = APIRouter(prefix="/api/v1", tags=["intake"])


@router.get(
    "/public/cases/{case_id}", response_model=PublicCase, responses=errors(404, 422, 429, 503)
)
async def track_case(
    case_id: str, request: Request, runtime: RuntimeDep, code: TrackingCode
) -> dict[str, Any]:
    async with runtime.unit_of_work() as uow:
        checked = await tracking.check_code(uow, case_id, code, request, policy_of(runtime))
        view = await tracking.public_case(uow, checked.case) if checked.case is not None else None
    if view is None:  # raised after the attempt is committed, so that it counts
        raise checked.refusal()
    return view
