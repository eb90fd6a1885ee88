"""Intake HTTP routes: submissions (public and by clerks), screening, duplicates,
attachments, staff views, the category catalogue, and public case tracking."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response

from common.auth import Principal, Staff, require
from common.bounds import OFFSET_MAX
from common.http_docs import errors
from common.runtime import Runtime, get_runtime
from common.vocabulary import Channel, RequestKind, Role
from intake import repository, service, tracking
from intake.domain.attachments import ALLOWED_TYPES
from intake.domain.screening import DuplicateReview, ScreeningState
from intake.domain.submission import TRACKING_CODE_PATTERN
from intake.schemas import (
    CATEGORY_CODE,
    CategoryView,
    DuplicateDismissal,
    PublicCase,
    Receipt,
    ScreeningDecision,
    StaffSubmission,
    Submission,
)
from intake.views import (
    AttachmentStored,
    DuplicatesDismissed,
    QueuedCase,
    ScreeningRecorded,
    StaffCase,
    StaffCaseRow,
    StaffReceipt,
)

router = APIRouter(prefix="/api/v1", tags=["intake"])
RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
Clerk = Annotated[Principal, Depends(require(Role.CLERK))]
ClerkOrAdmin = Annotated[Principal, Depends(require(Role.CLERK, Role.ADMIN))]
Admin = Annotated[Principal, Depends(require(Role.ADMIN))]
TrackingCode = Annotated[str, Query(min_length=6, max_length=8, pattern=TRACKING_CODE_PATTERN)]
Filename = Annotated[str | None, Query(max_length=200, description="the file's name")]

#: Routes that take a file in the body, for the per-route body limit.
ATTACHMENT_ROUTES = r"/api/v1/(public|staff)/cases/[^/]+/attachments"
#: The body of those routes is the file itself, as it is.
FILE_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
    }
}
#: A stored attachment, as it is downloaded.
FILE_ANSWER: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "附件文件本身，以附件形式下载",
        "content": {
            media: {"schema": {"type": "string", "format": "binary"}} for media in ALLOWED_TYPES
        },
    }
}


def policy_of(runtime: Runtime) -> service.IntakePolicy:
    policy: service.IntakePolicy = runtime.state["policy"]
    return policy


def _receipt(registered: service.Registered) -> dict[str, Any]:
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
        registered = await service.submit(uow, submission, policy=policy_of(runtime))
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
        registered = await service.submit(
            uow, form, policy=policy_of(runtime), clerk=clerk, screening=submission.screening
        )
    body = {
        **_receipt(registered),
        "suspected_originals": registered.duplicates,
        "screening_deferred": registered.screening_deferred,
    }
    return JSONResponse(body, status_code=201)


# --- screening and duplicates ----------------------------------------------------------------


@router.post(
    "/cases/{case_id}/screening",
    response_model=ScreeningRecorded,
    responses=errors(401, 403, 404, 409, 422, 503),
)
async def screen_case(
    case_id: str, decision: ScreeningDecision, runtime: RuntimeDep, clerk: Clerk
) -> dict[str, Any]:
    async with runtime.unit_of_work() as uow:
        return await service.screen(uow, case_id, decision, clerk=clerk, policy=policy_of(runtime))


@router.post(
    "/cases/{case_id}/duplicates/dismiss",
    response_model=DuplicatesDismissed,
    responses=errors(401, 403, 404, 409, 422, 503),
)
async def dismiss_duplicates(
    case_id: str, dismissal: DuplicateDismissal, runtime: RuntimeDep, clerk: Clerk
) -> dict[str, Any]:
    async with runtime.unit_of_work() as uow:
        return await service.dismiss_duplicates(uow, case_id, reason=dismissal.reason, clerk=clerk)


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
        return await service.screening_queue(session, viewer=viewer, limit=limit)


# --- staff views -----------------------------------------------------------------------------


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
    filters = repository.CaseFilters(
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
        return await service.staff_cases(session, filters, viewer=viewer)


@router.get(
    "/staff/cases/{case_id}", response_model=StaffCase, responses=errors(401, 404, 422, 503)
)
async def staff_case(case_id: str, runtime: RuntimeDep, viewer: Staff) -> dict[str, Any]:
    """The full registration: submitter (contact details masked except for clerks and
    callback agents), location, attachments, duplicate flags, screening and timeline."""
    async with runtime.db.session() as session:
        return await service.staff_case(session, case_id, viewer=viewer)


# --- attachments -----------------------------------------------------------------------------


@router.post(
    "/staff/cases/{case_id}/attachments",
    status_code=201,
    response_model=AttachmentStored,
    responses=errors(401, 403, 404, 413, 415, 422, 503),
    openapi_extra=FILE_BODY,
)
async def staff_upload(
    case_id: str, request: Request, runtime: RuntimeDep, clerk: Clerk, filename: Filename = None
) -> JSONResponse:
    """The file is the request body, as it is (any Content-Type): its type is read from its
    first bytes."""
    content = await request.body()
    async with runtime.unit_of_work() as uow:
        stored = await service.add_attachment(
            uow,
            case_id,
            filename=filename,
            content=content,
            actor=clerk.actor,
            limits=policy_of(runtime).attachments,
        )
    return JSONResponse(jsonable(stored), status_code=201)


@router.post(
    "/public/cases/{case_id}/attachments",
    status_code=201,
    response_model=AttachmentStored,
    openapi_extra=FILE_BODY,
    responses=errors(404, 413, 415, 422, 429, 503),
)
async def public_upload(
    case_id: str,
    request: Request,
    runtime: RuntimeDep,
    code: TrackingCode,
    filename: Filename = None,
) -> JSONResponse:
    """The submitter adds a photo or document to their case, with the tracking code."""
    policy = policy_of(runtime)
    async with runtime.unit_of_work() as uow:
        checked = await tracking.check_code(uow, case_id, code, request, policy)
    case = checked.case
    if case is None:  # raised after the attempt is committed, so that it counts
        raise checked.refusal()
    content = await request.body()
    async with runtime.unit_of_work() as uow:
        stored = await service.add_attachment(
            uow,
            case_id,
            filename=filename,
            content=content,
            actor=f"{case.channel}:submitter",
            limits=policy.attachments,
        )
    return JSONResponse(jsonable(stored), status_code=201)


@router.get(
    "/staff/cases/{case_id}/attachments/{attachment_id}",
    response_class=Response,
    responses={**FILE_ANSWER, **errors(401, 404, 422, 503)},
)
async def download(
    case_id: str, attachment_id: uuid.UUID, runtime: RuntimeDep, viewer: Staff
) -> Response:
    async with runtime.db.session() as session:
        found = await service.attachment(session, case_id, attachment_id, viewer=viewer)
    return Response(
        bytes(found.content),
        media_type=found.media_type,
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(found.filename)}",
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
        },
    )


def jsonable(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in values.items()}


# --- tracking --------------------------------------------------------------------------------


@router.get(
    "/public/cases/{case_id}", response_model=PublicCase, responses=errors(404, 422, 429, 503)
)
async def track_case(
    case_id: str, request: Request, runtime: RuntimeDep, code: TrackingCode
) -> dict[str, Any]:
    async with runtime.unit_of_work() as uow:
        checked = await tracking.check_code(uow, case_id, code, request, policy_of(runtime))
        view = await service.public_case(uow, checked.case) if checked.case is not None else None
    if view is None:  # raised after the attempt is committed, so that it counts
        raise checked.refusal()
    return view


# --- categories ------------------------------------------------------------------------------


@router.get("/categories", response_model=list[CategoryView], responses=errors(503))
async def categories(runtime: RuntimeDep) -> list[dict[str, Any]]:
    """The live leaves of the taxonomy (retired ones absent), each with its domain and
    category for pickers that group them; the taxonomy is edited in dispatch
    (/api/v1/taxonomy) and reaches this list through TaxonomyChanged."""
    async with runtime.db.session() as session:
        rows = await repository.list_categories(session)
    return [{key: r[key] for key in CategoryView.model_fields} for r in rows]
