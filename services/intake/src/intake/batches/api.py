"""Intake HTTP routes of batch import: the template, the upload, a batch's progress and row
report, and the list of batches."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from common.auth import Principal, require
from common.bounds import OFFSET_MAX
from common.http_docs import errors
from common.runtime import Runtime, RuntimeDep
from common.text import Name
from common.vocabulary import Role
from intake.batches import file as batch_file
from intake.batches import service as batches
from intake.domain.batch_rows import BatchLimits, BatchSource, BatchState
from intake.state import IntakeState

router = APIRouter(prefix="/api/v1", tags=["batches"])
Clerk = Annotated[Principal, Depends(require(Role.CLERK))]
Reader = Annotated[Principal, Depends(require(Role.CLERK, Role.SUPERVISOR, Role.ADMIN))]
BatchId = Annotated[str, Path(pattern=r"^B\d{8}-[0-9a-f]{8}$")]

#: The upload route, for the per-route body limit.
UPLOAD_ROUTE = r"/api/v1/batches"
BINARY: dict[str, Any] = {"schema": {"type": "string", "format": "binary"}}
FILE_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            media: BINARY
            for media in ("application/octet-stream", batch_file.XLSX_TYPE, "text/csv")
        },
    }
}


class BatchStarted(BaseModel):
    batch_id: str = Field(description="批次编号")
    state: BatchState
    total_rows: int = Field(description="文件中的数据行数（不含表头和空行）")
    status_url: str


class BatchRow(BaseModel):
    batch_id: str
    title: str = Field(description="批次名称")
    source: BatchSource
    source_label: str = Field(description="来源：座谈会、大走访、信访转来、其他")
    filename: str | None
    good_rows_only: bool = Field(description="是否只导入无误的行")
    state: BatchState
    state_label: str
    total_rows: int
    checked_rows: int = Field(description="已检查的行数")
    registered_rows: int = Field(description="已登记的行数（导入中为进度）")
    rejected_rows: int = Field(description="有错误、未导入的行数")
    failure: str | None
    created_by: str
    created_at: datetime
    finished_at: datetime | None


class RowProblemView(BaseModel):
    row: int = Field(description="行号，与表格中的行号一致（表头为第 1 行）")
    column: str = Field(description="列名；空表示整行")
    reason: str


class BatchCase(BaseModel):
    row_number: int
    case_id: str


class BatchDetail(BatchRow):
    problems: list[RowProblemView] = Field(description="每个错误行的行号、列名和原因")
    cases: list[BatchCase] = Field(description="导入后每行登记成的诉求")


def limits_of(runtime: Runtime) -> BatchLimits:
    return runtime.state_as(IntakeState).batch_limits


@router.get(
    "/batches/template.xlsx",
    response_class=Response,
    responses={200: {"content": {batch_file.XLSX_TYPE: BINARY}, "description": "导入模板"}},
)
async def template_xlsx() -> Response:
    return _download(batch_file.template_xlsx(), batch_file.XLSX_TYPE, "xlsx")


@router.get(
    "/batches/template.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": BINARY}, "description": "导入模板（UTF-8）"}},
)
async def template_csv() -> Response:
    return _download(batch_file.template_csv(), batch_file.CSV_TYPE, "csv")


def _download(content: bytes, media_type: str, ext: str) -> Response:
    return Response(
        content,
        media_type=media_type,
        headers={
            "Content-Disposition": f"attachment; filename=batch-template.{ext}; "
            f"filename*=UTF-8''%E6%89%B9%E9%87%8F%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.{ext}"
        },
    )


@router.post(
    "/batches",
    status_code=202,
    response_model=BatchStarted,
    responses=errors(401, 403, 413, 415, 422, 503),
    openapi_extra=FILE_BODY,
)
async def import_batch(
    request: Request,
    runtime: RuntimeDep,
    clerk: Clerk,
    title: Annotated[Name, Query(min_length=2, max_length=100, description="批次名称")],
    source: Annotated[BatchSource, Query(description="来源")],
    good_rows_only: Annotated[
        bool, Query(description="有错误行时只导入无误的行；否则有错误行时一行也不导入")
    ] = False,
    filename: Annotated[str | None, Query(max_length=200)] = None,
) -> JSONResponse:
    """The file (XLSX, or CSV in UTF-8 or GB18030) is the request body, as it is. Its rows are
    checked and registered by a job: poll GET /batches/{batch_id} for its progress and report.
    """
    # reading a large workbook takes a while: off the event loop, which serves everyone else
    sheet = await asyncio.to_thread(batch_file.read, await request.body(), limits_of(runtime))
    started = await batches.start(
        runtime,
        sheet,
        batches.ImportRequest(title, source, filename, good_rows_only, clerk),
    )
    started["status_url"] = f"/api/v1/batches/{started['batch_id']}"
    return JSONResponse(started, status_code=202)


@router.get("/batches", response_model=list[BatchRow], responses=errors(401, 403, 422, 503))
async def list_batches(
    runtime: RuntimeDep,
    viewer: Reader,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=OFFSET_MAX)] = 0,
) -> list[dict[str, Any]]:
    """Imported batches, newest first, with their counts."""
    async with runtime.unit_of_work() as uow:
        return await batches.batches(uow, limit=limit, offset=offset)


@router.get(
    "/batches/{batch_id}",
    response_model=BatchDetail,
    responses=errors(401, 403, 404, 422, 503),
)
async def batch(batch_id: BatchId, runtime: RuntimeDep, viewer: Reader) -> dict[str, Any]:
    """A batch's progress (rows checked, registered, total), its row report and its cases."""
    async with runtime.unit_of_work() as uow:
        return await batches.batch(uow, batch_id)
