"""The submitter's own rating page: public, no login, one use (rating_links.py)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from callback.api.schemas import Rating, RatingPage, RatingRecorded
from callback.service import rating_links
from common.http_docs import errors
from common.runtime import RuntimeDep

router = APIRouter(prefix="/api/v1", tags=["callback"])


@router.get(
    "/public/ratings/{token}", response_model=RatingPage, responses=errors(404, 410, 422, 503)
)
async def rating_page(token: str, runtime: RuntimeDep) -> dict[str, Any]:
    async with runtime.unit_of_work() as uow:
        return await rating_links.rating_link_view(uow, token)


@router.post(
    "/public/ratings/{token}",
    response_model=RatingRecorded,
    responses=errors(404, 409, 410, 422, 503),
)
async def submit_rating(token: str, rating: Rating, runtime: RuntimeDep) -> dict[str, Any]:
    async with runtime.unit_of_work() as uow:
        task = await rating_links.submit_rating(
            uow,
            token=token,
            satisfaction=rating.satisfaction,
            solved=rating.solved,
            comment=rating.comment,
        )
    return {"case_id": task.case_id, "round": task.round, "state": task.state.value}
