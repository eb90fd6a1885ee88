"""Routes for screening and duplicates: a clerk's decision, a dismissal, the queue."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from common.http_docs import errors
from common.runtime import RuntimeDep
from intake.api.deps import Clerk, ClerkOrAdmin, policy_of
from intake.api.schemas import (
    DuplicatesDismissed,
    QueuedCase,
    ScreeningRecorded,
)
from intake.repository.sql import SqlStore
from intake.schemas import (
    DuplicateDismissal,
    ScreeningDecision,
)
from intake.service import duplicates, screening, staff_views

router = APIRouter(prefix="/api/v1", tags=["intake"])


@router.post(
    "/cases/{case_id}/screening",
    response_model=ScreeningRecorded,
    responses=errors(401, 403, 404, 409, 422, 503),
)
async def screen_case(
    case_id: str, decision: ScreeningDecision, runtime: RuntimeDep, clerk: Clerk
) -> dict[str, Any]:
    async with runtime.unit_of_work() as uow:
        return await screening.screen(
            uow, case_id, decision, clerk=clerk, policy=policy_of(runtime)
        )


@router.post(
    "/cases/{case_id}/duplicates/dismiss",
    response_model=DuplicatesDismissed,
    responses=errors(401, 403, 404, 409, 422, 503),
)
async def dismiss_duplicates(
    case_id: str, dismissal: DuplicateDismissal, runtime: RuntimeDep, clerk: Clerk
) -> dict[str, Any]:
    async with runtime.unit_of_work() as uow:
        return await duplicates.dismiss_duplicates(
            uow, case_id, reason=dismissal.reason, clerk=clerk
        )


@router.get(
    "/screening-queue",
    response_model=list[QueuedCase],
    responses=errors(401, 403, 422, 503),
)
async def screening_queue(
    runtime: RuntimeDep,
    viewer: ClerkOrAdmin,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[dict[str, Any]]:
    """Cases waiting for a clerk's screening, oldest first, with their suspected originals."""
    async with runtime.db.session() as session:
        return await staff_views.screening_queue(SqlStore(session), viewer=viewer, limit=limit)
