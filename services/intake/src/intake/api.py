"""Intake HTTP routes: submissions, the category catalogue, and public case tracking."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse

from common.runtime import Runtime, get_runtime
from intake import repository, service
from intake.schemas import Receipt, Submission

router = APIRouter(prefix="/api/v1", tags=["intake"])
RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


@router.post("/cases", status_code=201, response_model=Receipt)
async def submit_case(submission: Submission, runtime: RuntimeDep) -> JSONResponse:
    async with runtime.unit_of_work() as uow:
        registered = await service.submit(
            uow, submission, actor=f"{submission.channel.value}:submitter"
        )
    receipt = Receipt(
        case_id=registered.case_id,
        tracking_code=registered.tracking_code,
        status=registered.status,
        track_url=f"/api/v1/public/cases/{registered.case_id}?code={registered.tracking_code}",
    )
    return JSONResponse(receipt.model_dump(), status_code=201)


@router.get("/public/cases/{case_id}")
async def track_case(
    case_id: str,
    runtime: RuntimeDep,
    code: Annotated[str, Query(min_length=6, max_length=6, pattern=r"^\d{6}$")],
) -> dict[str, Any]:
    async with runtime.unit_of_work() as uow:
        return await service.public_case(uow, case_id=case_id, code=code)


@router.get("/categories")
async def categories(runtime: RuntimeDep) -> list[dict[str, Any]]:
    async with runtime.db.session() as session:
        return await repository.list_categories(session)
