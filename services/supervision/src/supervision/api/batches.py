"""Imported batches (座谈会, 大走访): the batches the figures know, and the progress figures
a supervisor publishes on the public problem list (问题清单)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path, Response

from common.http_docs import errors
from common.runtime import RuntimeDep
from supervision.api.access import LIST, ON_ITEM, Reader, Supervisor, act
from supervision.api.access import router as new_router
from supervision.api.schemas import BatchProgress, KnownBatch, PublishBatch
from supervision.service import problems as use_cases

router = new_router()
BatchId = Annotated[str, Path(min_length=1, max_length=200)]


@router.get("/batches", response_model=list[KnownBatch], responses=LIST)
async def known_batches(runtime: RuntimeDep, principal: Reader) -> list[dict[str, Any]]:
    return await act(runtime, use_cases.known_batches)


@router.post(
    "/problem-list/batches", status_code=201, response_model=BatchProgress, responses=ON_ITEM
)
async def publish_batch(
    command: PublishBatch, runtime: RuntimeDep, principal: Supervisor
) -> dict[str, Any]:
    return await act(
        runtime, use_cases.publish_batch, batch_id=command.batch_id, principal=principal
    )


@router.delete(
    "/problem-list/batches/{batch_id}",
    status_code=204,
    response_class=Response,
    responses=ON_ITEM,
)
async def withdraw_batch(batch_id: BatchId, runtime: RuntimeDep, principal: Supervisor) -> Response:
    await act(runtime, use_cases.withdraw_batch, batch_id=batch_id)
    return Response(status_code=204)


@router.get(
    "/public/problem-list/batches", response_model=list[BatchProgress], responses=errors(422, 503)
)
async def published_batches(runtime: RuntimeDep) -> list[dict[str, Any]]:
    return await act(runtime, use_cases.published_progress)
