"""Imported batches (座谈会, 大走访): the batches the figures know, and the progress figures
a supervisor publishes on the public problem list (问题清单)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Response

from common.http_docs import errors
from supervision import batches
from supervision.api import LIST, Reader, RuntimeDep, Supervisor
from supervision.schemas import BatchProgress, KnownBatch, PublishBatch

#: included in figures_api's router, which gives it the /api/v1 prefix
router = APIRouter(tags=["supervision"])
BatchId = Annotated[str, Path(min_length=1, max_length=200)]


@router.get("/batches", response_model=list[KnownBatch], responses=LIST)
async def known_batches(runtime: RuntimeDep, principal: Reader) -> list[dict[str, Any]]:
    async with runtime.db.session() as session:
        return await batches.known(session)


@router.post(
    "/problem-list/batches",
    status_code=201,
    response_model=BatchProgress,
    responses=errors(401, 403, 404, 422, 503),
)
async def publish_batch(
    command: PublishBatch, runtime: RuntimeDep, principal: Supervisor
) -> dict[str, Any]:
    async with runtime.unit_of_work() as uow:
        return await batches.publish(uow.session, command.batch_id, principal)


@router.delete(
    "/problem-list/batches/{batch_id}",
    status_code=204,
    response_class=Response,
    responses=errors(401, 403, 404, 422, 503),
)
async def withdraw_batch(batch_id: BatchId, runtime: RuntimeDep, principal: Supervisor) -> Response:
    async with runtime.unit_of_work() as uow:
        await batches.withdraw(uow.session, batch_id)
    return Response(status_code=204)


@router.get(
    "/public/problem-list/batches",
    response_model=list[BatchProgress],
    responses=errors(422, 503),
)
async def published_batches(runtime: RuntimeDep) -> list[dict[str, Any]]:
    async with runtime.db.session() as session:
        return await batches.published_progress(session)
