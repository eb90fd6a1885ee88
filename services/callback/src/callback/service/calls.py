"""An agent's calls: attempts that did not reach the submitter (the last allowed one makes
the task unreachable) and the result of one that did."""

from __future__ import annotations

from callback import measures
from callback.domain.task import (
    AnswerWrongWithoutArticle,
    CallbackRules,
    CallbackTask,
    ReachedNeedsResult,
    TaskClosed,
)
from callback.repository.store import AttemptRecord, CallbackResult, Unit
from common.clock import utcnow
from common.errors import Conflict, NotFound, Unprocessable
from common.vocabulary import CallbackAttemptOutcome, Satisfaction


async def open_task(uow: Unit, case_id: str, round: int | None = None) -> CallbackTask:
    """The case's task (the given round's, or the latest), locked; 404 when there is none."""
    task = await uow.store.tasks.for_update(case_id, round)
    if task is None:
        raise NotFound(
            "no_callback_task", f"受理编号为 {case_id} 的诉求没有回访任务（可能尚未办结）"
        )
    return task


async def record_attempt(
    uow: Unit,
    *,
    case_id: str,
    outcome: CallbackAttemptOutcome,
    note: str,
    agent: str,
    rules: CallbackRules,
) -> CallbackTask:
    task = await open_task(uow, case_id)
    now = utcnow()
    try:
        task, failed = task.record_failed_attempt(outcome, agent=agent, at=now, rules=rules)
    except TaskClosed as closed:
        raise Conflict("callback_closed", str(closed), state=closed.state.value) from closed
    except ReachedNeedsResult as reached:
        field = {"field": "outcome", "message": str(reached), "type": "reached_needs_result"}
        raise Unprocessable("reached_needs_result", str(reached), fields=[field]) from reached
    await uow.store.tasks.add_attempt(AttemptRecord(case_id, task.round, outcome, note, agent, now))
    await uow.store.tasks.save(task)
    if failed is not None:
        uow.emit(failed, case_id=case_id)
        measures.count_callback(uow, task, measures.UNREACHABLE)
    return task


async def record_result(
    uow: Unit,
    *,
    case_id: str,
    satisfaction: Satisfaction,
    solved: bool,
    comment: str,
    agent: str,
    round: int | None = None,
    answer_wrong: bool = False,
) -> CallbackTask:
    task = await open_task(uow, case_id, round)
    now = utcnow()
    try:
        task, completed = task.complete(
            satisfaction=satisfaction,
            solved=solved,
            comment=comment,
            agent=agent,
            at=now,
            answer_wrong=answer_wrong,
        )
    except TaskClosed as closed:
        raise Conflict(
            "callback_already_recorded", str(closed), state=closed.state.value
        ) from closed
    except AnswerWrongWithoutArticle as no_article:
        field = {"field": "answer_wrong", "message": str(no_article), "type": "no_article"}
        raise Unprocessable("answer_wrong_without_article", str(no_article), fields=[field]) from (
            no_article
        )
    await uow.store.tasks.add_attempt(
        AttemptRecord(case_id, task.round, CallbackAttemptOutcome.REACHED, comment, agent, now)
    )
    await uow.store.tasks.save(
        task, CallbackResult(satisfaction, solved, comment, agent, now, answer_wrong)
    )
    uow.emit(completed, case_id=case_id)
    measures.count_callback(uow, task, satisfaction)
    return task
