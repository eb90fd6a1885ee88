"""Callback use cases: open a task when a case is resolved (or resolved on the spot), record
attempts and results, and let the submitter rate through a one-time link."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from callback import measures, repository
from callback.domain.rating_link import LinkUnusable, check_usable, token_hash
from callback.domain.task import (
    CallbackRules,
    CallbackTask,
    ReachedNeedsResult,
    TaskClosed,
)
from common.clock import utcnow
from common.consumer import MessageContext
from common.errors import ApiError, Conflict, NotFound, Unprocessable
from common.events import (
    CaseRegistered,
    CaseResolved,
    CaseResolvedOnTheSpot,
    DeadlineSet,
    TransferAnswered,
)
from common.outbox import UnitOfWork
from common.vocabulary import CALLBACK_STATES_ZH, CallbackAttemptOutcome, Satisfaction, TimerStage

RATING_LINK_AGENT = "submitter:rating-link"


async def on_case_registered(event: CaseRegistered, ctx: MessageContext) -> None:
    """The title the agents' queue shows; kept from the start, as the task comes later."""
    await repository.remember_title(ctx.session, ctx.envelope.case_id, event.title)


async def on_case_resolved(event: CaseResolved, ctx: MessageContext) -> None:
    await repository.open_task(
        ctx.session,
        {
            "case_id": ctx.envelope.case_id,
            "round": event.round,
            "department": event.department,
            "source": "resolution",
            "result": event.result.value,
            "summary": event.summary,
            "resolved_at": event.resolved_at,
        },
    )


async def on_resolved_on_the_spot(event: CaseResolvedOnTheSpot, ctx: MessageContext) -> None:
    await repository.open_task(
        ctx.session,
        {
            "case_id": ctx.envelope.case_id,
            "round": 1,
            "department": None,
            "source": "on_the_spot",
            "category": event.category,
            "result": event.outcome,
            "summary": event.answer,
            "resolved_at": event.resolved_at,
        },
    )


async def on_transfer_answered(event: TransferAnswered, ctx: MessageContext) -> None:
    """An outside unit's answer (转办答复) is called back as a resolution is."""
    await repository.open_task(
        ctx.session,
        {
            "case_id": ctx.envelope.case_id,
            "round": event.round,
            "department": event.unit,
            "source": "transfer",
            "result": event.result.value,
            "summary": event.summary,
            "resolved_at": event.answered_at,
        },
    )


async def on_deadline_set(event: DeadlineSet, ctx: MessageContext) -> None:
    if event.stage is TimerStage.CALLBACK:
        await repository.set_due(ctx.session, ctx.envelope.case_id, event.round, event.due_at)


async def _open_task(uow: UnitOfWork, case_id: str, round: int | None = None) -> CallbackTask:
    task = await repository.task_for_update(uow.session, case_id, round)
    if task is None:
        raise NotFound(
            "no_callback_task", f"受理编号为 {case_id} 的诉求没有回访任务（可能尚未办结）"
        )
    return task


async def record_attempt(
    uow: UnitOfWork,
    *,
    case_id: str,
    outcome: CallbackAttemptOutcome,
    note: str,
    agent: str,
    rules: CallbackRules,
) -> CallbackTask:
    task = await _open_task(uow, case_id)
    now = utcnow()
    try:
        task, failed = task.record_failed_attempt(outcome, agent=agent, at=now, rules=rules)
    except TaskClosed as closed:
        raise Conflict("callback_closed", str(closed), state=closed.state.value) from closed
    except ReachedNeedsResult as reached:
        field = {"field": "outcome", "message": str(reached), "type": "reached_needs_result"}
        raise Unprocessable("reached_needs_result", str(reached), fields=[field]) from reached
    await repository.add_attempt(
        uow.session,
        {
            "case_id": case_id,
            "round": task.round,
            "outcome": outcome.value,
            "note": note,
            "agent": agent,
            "at": now,
        },
    )
    await repository.save_task(uow.session, task, {})
    if failed is not None:
        uow.emit(failed, case_id=case_id)
        measures.count_callback(uow, task, measures.UNREACHABLE)
    return task


async def record_result(
    uow: UnitOfWork,
    *,
    case_id: str,
    satisfaction: Satisfaction,
    solved: bool,
    comment: str,
    agent: str,
    round: int | None = None,
) -> CallbackTask:
    task = await _open_task(uow, case_id, round)
    now = utcnow()
    try:
        task, completed = task.complete(
            satisfaction=satisfaction, solved=solved, comment=comment, agent=agent, at=now
        )
    except TaskClosed as closed:
        raise Conflict(
            "callback_already_recorded", str(closed), state=closed.state.value
        ) from closed
    await repository.add_attempt(
        uow.session,
        {
            "case_id": case_id,
            "round": task.round,
            "outcome": CallbackAttemptOutcome.REACHED.value,
            "note": comment,
            "agent": agent,
            "at": now,
        },
    )
    await repository.save_task(
        uow.session,
        task,
        {
            "satisfaction": satisfaction.value,
            "solved": solved,
            "comment": comment,
            "agent": agent,
            "completed_at": now,
        },
    )
    uow.emit(completed, case_id=case_id)
    measures.count_callback(uow, task, satisfaction)
    return task


@dataclass(frozen=True)
class IssuedLink:
    token: str
    case_id: str
    round: int
    expires_at: datetime


async def issue_rating_link(
    uow: UnitOfWork, *, case_id: str, agent: str, valid_for: timedelta
) -> IssuedLink:
    """The token is returned once, for the agent to send by SMS; only its hash is kept."""
    task = await _open_task(uow, case_id)
    if task.state.value != "open":
        raise Conflict(
            "callback_closed",
            f"受理编号为 {case_id} 的诉求的回访已结束（{CALLBACK_STATES_ZH[task.state]}）",
            state=task.state.value,
        )
    token = secrets.token_urlsafe(24)
    now = utcnow()
    expires_at = now + valid_for
    await repository.add_rating_link(
        uow.session,
        {
            "token_hash": token_hash(token),
            "case_id": case_id,
            "round": task.round,
            "issued_by": agent,
            "issued_at": now,
            "expires_at": expires_at,
        },
    )
    return IssuedLink(token, case_id, task.round, expires_at)


async def _usable_link(session: Any, token: str) -> Any:
    link = await repository.rating_link_for_update(session, token_hash(token))
    if link is None:
        raise NotFound("rating_link_not_found", "没有这个评价链接")
    try:
        check_usable(expires_at=link.expires_at, used_at=link.used_at, now=utcnow())
    except LinkUnusable as unusable:
        raise Gone(unusable.code, str(unusable)) from unusable
    return link


class Gone(ApiError):
    status = 410


async def rating_link_view(uow: UnitOfWork, token: str) -> dict[str, Any]:
    link = await _usable_link(uow.session, token)
    task = await repository.task_row(uow.session, link.case_id, link.round)
    return {
        "case_id": link.case_id,
        "round": link.round,
        "result": task.result,
        "resolved_at": task.resolved_at,
        "expires_at": link.expires_at,
        "questions": {
            "satisfaction": [s.value for s in Satisfaction],
            "solved": [True, False],
        },
    }


async def submit_rating(
    uow: UnitOfWork, *, token: str, satisfaction: Satisfaction, solved: bool, comment: str
) -> CallbackTask:
    link = await _usable_link(uow.session, token)
    task = await record_result(
        uow,
        case_id=link.case_id,
        round=link.round,
        satisfaction=satisfaction,
        solved=solved,
        comment=comment,
        agent=RATING_LINK_AGENT,
    )
    await repository.use_rating_link(uow.session, token_hash(token), utcnow())
    return task
