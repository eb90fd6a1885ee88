"""Callback use cases: open a task when a case is resolved; record what the submitter said."""

from __future__ import annotations

from callback import repository
from callback.domain.task import CallbackTask, TaskAlreadyCompleted
from common.clock import utcnow
from common.consumer import MessageContext
from common.errors import Conflict, NotFound
from common.events import CaseResolved
from common.outbox import UnitOfWork
from common.vocabulary import Satisfaction


async def on_case_resolved(event: CaseResolved, ctx: MessageContext) -> None:
    await repository.open_task(
        ctx.session,
        {
            "case_id": ctx.envelope.case_id,
            "round": event.round,
            "department": event.department,
            "result": event.result.value,
            "resolved_at": event.resolved_at,
        },
    )


async def record_result(
    uow: UnitOfWork,
    *,
    case_id: str,
    satisfaction: Satisfaction,
    solved: bool,
    comment: str,
    agent: str,
) -> CallbackTask:
    task = await repository.latest_task(uow.session, case_id)
    if task is None:
        raise NotFound("no_callback_task", f"case {case_id} has no callback task (not resolved?)")
    now = utcnow()
    try:
        task, completed = task.complete(
            satisfaction=satisfaction, solved=solved, comment=comment, agent=agent, at=now
        )
    except TaskAlreadyCompleted as done:
        raise Conflict("callback_already_recorded", str(done)) from done
    await repository.record_result(
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
    return task
