"""Routes for submissions: a citizen's own, and a clerk's registration."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from common.http_docs import errors
from common.runtime import RuntimeDep
from intake.api.deps import Clerk, policy_of
from intake.api.schemas import StaffReceipt
from intake.schemas import (
    Receipt,
    StaffSubmission,
    Submission,
)
from intake.service import registration

router = APIRouter(prefix="/api/v1", tags=["intake"])


def _receipt(registered: registration.Registered) -> dict[str, Any]:
    return Receipt(
        case_id=registered.case_id,
        tracking_code=registered.tracking_code,
        status=registered.status,
        track_url=f"/api/v1/public/cases/{registered.case_id}?code={registered.tracking_code}",
    ).model_dump()


# --- submissions -----------------------------------------------------------------------------


@router.post("/cases", status_code=201, response_model=Receipt, responses=errors(422, 503))
async def submit_case(submission: Submission, runtime: RuntimeDep) -> JSONResponse:
    """A citizen's own submission (web, mobile snapshot, WeChat, e-mail, questionnaire)."""
    async with runtime.unit_of_work() as uow:
        registered = await registration.submit(uow, submission, policy=policy_of(runtime))
    return JSONResponse(_receipt(registered), status_code=201)


@router.post(
    "/staff/cases",
    status_code=201,
    response_model=StaffReceipt,
    responses=errors(401, 403, 422, 503),
)
async def register_case(
    submission: StaffSubmission, runtime: RuntimeDep, clerk: Clerk
) -> JSONResponse:
    """A clerk registers a window, hotline or leader-at-the-window case, optionally with the
    screening decision. A suspected duplicate defers any decision but a merge."""
    form = Submission.model_validate(submission.model_dump(exclude={"screening"}))
    async with runtime.unit_of_work() as uow:
        registered = await registration.submit(
            uow, form, policy=policy_of(runtime), clerk=clerk, screening=submission.screening
        )
    body = {
        **_receipt(registered),
        "suspected_originals": registered.duplicates,
        "screening_deferred": registered.screening_deferred,
    }
    return JSONResponse(body, status_code=201)
