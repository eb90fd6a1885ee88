"""Routes for attachments: a clerk's or the submitter's upload, and the staff's download."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from common.auth import Staff
from common.http_docs import errors
from common.runtime import RuntimeDep
from intake.api.deps import Clerk, Filename, TrackingCode, policy_of
from intake.api.schemas import AttachmentStored
from intake.domain.attachments import ALLOWED_TYPES
from intake.repository.sql import SqlStore
from intake.service import attachments, tracking

router = APIRouter(prefix="/api/v1", tags=["intake"])


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
        stored = await attachments.add_attachment(
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
        stored = await attachments.add_attachment(
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
        found = await attachments.attachment(
            SqlStore(session), case_id, attachment_id, viewer=viewer
        )
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
