"""The agents' routes: the queue and one case's tasks, attempts, results and rating links."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query

from callback.api.schemas import (
    AgentRating,
    Attempt,
    CallbackTaskDetail,
    CallbackTaskView,
    IssuedRatingLink,
    TaskProgress,
)
from callback.config import Settings
from callback.domain.task import CallbackTask
from callback.repository import views
from callback.service import calls, rating_links
from common.auth import Principal, require
from common.bounds import OFFSET_MAX
from common.errors import NotFound
from common.http_docs import errors
from common.runtime import RuntimeDep
from common.vocabulary import Role

router = APIRouter(prefix="/api/v1", tags=["callback"])
Agent = Annotated[Principal, Depends(require(Role.CALLBACK_AGENT))]
Reader = Annotated[Principal, Depends(require(Role.CALLBACK_AGENT, Role.SUPERVISOR, Role.ADMIN))]


def _task(task: CallbackTask) -> dict[str, Any]:
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
        return await views.queue(session, state=state, limit=limit, offset=offset)


@router.get(
    "/callbacks/{case_id}",
    response_model=list[CallbackTaskDetail],
    responses=errors(401, 403, 404, 422, 503),
)
async def callback_detail(case_id: str, runtime: RuntimeDep, _: Reader) -> list[dict[str, Any]]:
    async with runtime.db.session() as session:
        found = await views.case_tasks(session, case_id)
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
        task = await calls.record_attempt(
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
    case_id: str, rating: AgentRating, runtime: RuntimeDep, agent: Agent
) -> dict[str, Any]:
    """The reached submitter's answers; answer_wrong sends the knowledge article the answer
    came from back to its unit for review."""
    async with runtime.unit_of_work() as uow:
        task = await calls.record_result(
            uow,
            case_id=case_id,
            satisfaction=rating.satisfaction,
            solved=rating.solved,
            comment=rating.comment,
            agent=agent.actor,
            answer_wrong=rating.answer_wrong,
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
        link = await rating_links.issue_rating_link(
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
