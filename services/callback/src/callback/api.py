"""Callback HTTP routes: the agents' queue, attempts and results, and the submitter's own
rating link (public, no login)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict, Field

from callback import repository, service
from callback.config import Settings
from callback.views import CallbackTaskDetail, CallbackTaskView, IssuedRatingLink, TaskProgress
from common.auth import Principal, require
from common.bounds import OFFSET_MAX
from common.errors import NotFound
from common.http_docs import errors
from common.runtime import Runtime, get_runtime
from common.text import Text
from common.vocabulary import CallbackAttemptOutcome, Role, Satisfaction

router = APIRouter(prefix="/api/v1", tags=["callback"])
RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
Agent = Annotated[Principal, Depends(require(Role.CALLBACK_AGENT))]
Reader = Annotated[Principal, Depends(require(Role.CALLBACK_AGENT, Role.SUPERVISOR, Role.ADMIN))]


class Rating(BaseModel):
    model_config = ConfigDict(extra="forbid")
    satisfaction: Satisfaction = Field(description="满意 / 基本满意 / 不满意")
    solved: bool = Field(description="was the matter actually solved (asked separately)")
    comment: Text = Field(default="", max_length=2000)


class RatingQuestions(BaseModel):
    satisfaction: list[Satisfaction]
    solved: list[bool]


class RatingPage(BaseModel):
    """What the submitter sees before rating: which case and round, and how it was resolved."""

    case_id: str
    round: int
    result: str = Field(description="solved | partly_solved | explained")
    resolved_at: datetime
    expires_at: datetime
    questions: RatingQuestions


class RatingRecorded(BaseModel):
    case_id: str
    round: int
    state: str


class Attempt(BaseModel):
    model_config = ConfigDict(extra="forbid")
    outcome: CallbackAttemptOutcome = Field(
        description="no_answer | wrong_number | refused | no_contact (the case has no phone); "
        "reached: record the result instead"
    )
    note: Text = Field(default="", max_length=2000)


def _task(task: Any) -> dict[str, Any]:
    return {
        "case_id": task.case_id,
        "round": task.round,
        "state": task.state.value,
        "failed_attempts": task.failed_attempts,
    }


@router.get(
    "/callbacks",
    response_model=list[CallbackTaskView],
    responses=errors(401, 403, 422, 503),
)
async def callback_queue(
    runtime: RuntimeDep,
    _: Reader,
    state: Annotated[Literal["open", "completed", "unreachable"], Query()] = "open",
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=OFFSET_MAX)] = 0,
) -> list[dict[str, Any]]:
    """Open tasks come earliest-due first; a page at a time (limit, offset)."""
    async with runtime.db.session() as session:
        return await repository.queue(session, state=state, limit=limit, offset=offset)


@router.get(
    "/callbacks/{case_id}",
    response_model=list[CallbackTaskDetail],
    responses=errors(401, 403, 404, 422, 503),
)
async def callback_detail(case_id: str, runtime: RuntimeDep, _: Reader) -> list[dict[str, Any]]:
    async with runtime.db.session() as session:
        found = await repository.case_tasks(session, case_id)
    if not found:
        raise NotFound("no_callback_task", f"受理编号为 {case_id} 的诉求没有回访任务")
    return found


@router.post(
    "/callbacks/{case_id}/attempts",
    response_model=TaskProgress,
    responses=errors(401, 403, 404, 409, 422, 503),
)
async def record_attempt(
    case_id: str, attempt: Attempt, runtime: RuntimeDep, agent: Agent
) -> dict[str, Any]:
    async with runtime.unit_of_work() as uow:
        task = await service.record_attempt(
            uow,
            case_id=case_id,
            outcome=attempt.outcome,
            note=attempt.note,
            agent=agent.actor,
            rules=runtime.settings_as(Settings).rules(),
        )
    return _task(task)


@router.post(
    "/callbacks/{case_id}/result",
    response_model=TaskProgress,
    responses=errors(401, 403, 404, 409, 422, 503),
)
async def record_result(
    case_id: str, rating: Rating, runtime: RuntimeDep, agent: Agent
) -> dict[str, Any]:
    async with runtime.unit_of_work() as uow:
        task = await service.record_result(
            uow,
            case_id=case_id,
            satisfaction=rating.satisfaction,
            solved=rating.solved,
            comment=rating.comment,
            agent=agent.actor,
        )
    return _task(task)


@router.post(
    "/callbacks/{case_id}/rating-link",
    status_code=201,
    response_model=IssuedRatingLink,
    responses=errors(401, 403, 404, 409, 422, 503),
)
async def issue_rating_link(case_id: str, runtime: RuntimeDep, agent: Agent) -> dict[str, Any]:
    """The link is shown once, for the agent to send to the submitter (SMS, WeChat)."""
    settings = runtime.settings_as(Settings)
    async with runtime.unit_of_work() as uow:
        link = await service.issue_rating_link(
            uow,
            case_id=case_id,
            agent=agent.actor,
            valid_for=timedelta(hours=settings.rating_link_hours),
        )
    base = settings.public_base_url.rstrip("/")
    return {
        "case_id": link.case_id,
        "round": link.round,
        "url": f"{base}/rate/{link.token}",
        "token": link.token,
        "expires_at": link.expires_at,
    }


@router.get(
    "/public/ratings/{token}", response_model=RatingPage, responses=errors(404, 410, 422, 503)
)
async def rating_page(token: str, runtime: RuntimeDep) -> dict[str, Any]:
    async with runtime.unit_of_work() as uow:
        return await service.rating_link_view(uow, token)


@router.post(
    "/public/ratings/{token}",
    response_model=RatingRecorded,
    responses=errors(404, 409, 410, 422, 503),
)
async def submit_rating(token: str, rating: Rating, runtime: RuntimeDep) -> dict[str, Any]:
    async with runtime.unit_of_work() as uow:
        task = await service.submit_rating(
            uow,
            token=token,
            satisfaction=rating.satisfaction,
            solved=rating.solved,
            comment=rating.comment,
        )
    return {"case_id": task.case_id, "round": task.round, "state": task.state.value}
