"""Routes for the staff's views of cases: filtered lists and one case in full."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query

from common.auth import Staff
from common.bounds import OFFSET_MAX
from common.http_docs import errors
from common.runtime import RuntimeDep
from common.vocabulary import Channel, RequestKind
from intake.api.schemas import (
    StaffCase,
    StaffCaseRow,
)
from intake.domain.screening import DuplicateReview, ScreeningState
from intake.repository.sql import SqlStore
from intake.repository.store import CaseFilters
from intake.schemas import CATEGORY_CODE
from intake.service import staff_views

router = APIRouter(prefix="/api/v1", tags=["intake"])


@router.get("/staff/cases", response_model=list[StaffCaseRow], responses=errors(401, 422, 503))
async def staff_cases(
    runtime: RuntimeDep,
    viewer: Staff,
    screening_state: ScreeningState | None = None,
    duplicate_review: DuplicateReview | None = None,
    category: Annotated[str | None, Query(pattern=CATEGORY_CODE)] = None,
    channel: Channel | None = None,
    kind: RequestKind | None = None,
    area: Annotated[str | None, Query(pattern=CATEGORY_CODE)] = None,
    department: Annotated[str | None, Query(pattern=CATEGORY_CODE)] = None,
    registered_from: datetime | None = None,
    registered_to: datetime | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=OFFSET_MAX)] = 0,
) -> list[dict[str, Any]]:
    """Registered cases, newest first. A department handler sees only its department's."""
    filters = CaseFilters(
        screening_state=screening_state.value if screening_state else None,
        duplicate_review=duplicate_review.value if duplicate_review else None,
        category=category,
        channel=channel.value if channel else None,
        kind=kind.value if kind else None,
        area=area,
        department=department,
        registered_from=registered_from,
        registered_to=registered_to,
        limit=limit,
        offset=offset,
    )
    async with runtime.db.session() as session:
        return await staff_views.staff_cases(SqlStore(session), filters, viewer=viewer)


@router.get(
    "/staff/cases/{case_id}", response_model=StaffCase, responses=errors(401, 404, 422, 503)
)
async def staff_case(case_id: str, runtime: RuntimeDep, viewer: Staff) -> dict[str, Any]:
    """The full registration: submitter (contact details masked except for clerks and
    callback agents), location, attachments, duplicate flags, screening and timeline."""
    async with runtime.db.session() as session:
        return await staff_views.staff_case(SqlStore(session), case_id, viewer=viewer)
