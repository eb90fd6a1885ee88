"""An agent's calls on callback's in-memory store: failed attempts until the task is
unreachable (CallbackFailed, with the district's policy), a result (CallbackCompleted), and
the refusals, each of which changes nothing and publishes nothing."""

from __future__ import annotations

import copy
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import pytest

from callback.domain.task import CallbackRules, TaskState, UnreachablePolicy
from callback.repository.memory import MemoryStore
from callback.repository.store import AttemptRecord, CallbackResult, NewTask, Unit
from callback.service import calls
from common.errors import ApiError
from common.events import CallbackCompleted, CallbackFailed
from common.memory import MemoryDatabase
from common.vocabulary import CallbackAttemptOutcome as Outcome
from common.vocabulary import Satisfaction

CASE = "20261120000001"
AT = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
RULES = CallbackRules(
    max_failed_attempts=2, unreachable_policy=UnreachablePolicy.REFER_TO_SUPERVISION
)
DB = MemoryDatabase[MemoryStore]


def task(round: int = 1) -> NewTask:
    return NewTask(CASE, round, "urban-management", "resolution", None, "solved", "修好了", AT)


@pytest.fixture
async def db() -> DB:
    db = MemoryDatabase(MemoryStore(), producer="callback")
    async with db.unit_of_work() as uow:
        await uow.store.tasks.open(task())
    return db


async def attempt(db: DB, outcome: Outcome, case_id: str = CASE) -> TaskState:
    async with db.unit_of_work() as uow:
        done = await calls.record_attempt(
            uow, case_id=case_id, outcome=outcome, note="无人接听", agent="agent:li", rules=RULES
        )
    return done.state


async def result(db: DB, satisfaction: Satisfaction = Satisfaction.SATISFIED) -> TaskState:
    async with db.unit_of_work() as uow:
        done = await calls.record_result(
            uow,
            case_id=CASE,
            satisfaction=satisfaction,
            solved=False,
            comment="态度好，问题没解决",
            agent="agent:li",
        )
    return done.state


async def refused(db: DB, use_case: Callable[[Unit], Awaitable[object]], code: str) -> int:
    """The use case is refused with `code` and leaves the store and the topic as they were;
    returns the refusal's HTTP status."""
    before = copy.deepcopy(db.store)
    published = len(db.published)
    with pytest.raises(ApiError) as refusal:
        async with db.unit_of_work() as uow:
            await use_case(uow)
    assert refusal.value.code == code
    assert db.store == before
    assert len(db.published) == published
    return refusal.value.status


def attempting(outcome: Outcome, case_id: str = CASE) -> Callable[[Unit], Awaitable[object]]:
    return lambda uow: calls.record_attempt(
        uow, case_id=case_id, outcome=outcome, note="", agent="a", rules=RULES
    )


def resulting(case_id: str = CASE) -> Callable[[Unit], Awaitable[object]]:
    return lambda uow: calls.record_result(
        uow,
        case_id=case_id,
        satisfaction=Satisfaction.DISSATISFIED,
        solved=False,
        comment="",
        agent="a",
    )


async def test_unanswered_calls_count_until_the_last_allowed_one_gives_up(db: DB) -> None:
    assert await attempt(db, Outcome.NO_ANSWER) is TaskState.OPEN
    assert db.published == []
    assert await attempt(db, Outcome.NO_ANSWER) is TaskState.UNREACHABLE
    row = db.store.tasks.row(CASE)
    assert (row.state, row.failed_attempts) == (TaskState.UNREACHABLE, 2)
    assert [a.outcome for a in db.store.tasks.attempts] == [Outcome.NO_ANSWER] * 2
    [failed] = db.events(CallbackFailed)
    assert (failed.round, failed.attempts, failed.last_outcome) == (1, 2, "no_answer")
    assert (failed.policy_outcome, failed.agent) == ("refer_to_supervision", "agent:li")
    assert db.published[0].case_id == CASE


async def test_a_wrong_number_gives_up_at_once(db: DB) -> None:
    assert await attempt(db, Outcome.WRONG_NUMBER) is TaskState.UNREACHABLE
    assert db.event_types() == ["CallbackFailed"]


async def test_a_result_completes_the_latest_round_and_keeps_the_answers(db: DB) -> None:
    async with db.unit_of_work() as uow:
        await uow.store.tasks.open(task(round=2))
    assert await result(db, Satisfaction.BASICALLY_SATISFIED) is TaskState.COMPLETED
    assert db.store.tasks.row(CASE, 1).state is TaskState.OPEN
    row = db.store.tasks.row(CASE, 2)
    assert row.state is TaskState.COMPLETED and row.result is not None
    kept = row.result
    assert kept == CallbackResult(
        Satisfaction.BASICALLY_SATISFIED, False, "态度好，问题没解决", "agent:li", kept.completed_at
    )
    [call] = db.store.tasks.attempts
    assert call == AttemptRecord(
        CASE, 2, Outcome.REACHED, "态度好，问题没解决", "agent:li", kept.completed_at
    )
    [completed] = db.events(CallbackCompleted)
    assert (completed.round, completed.satisfaction, completed.solved) == (
        2,
        Satisfaction.BASICALLY_SATISFIED,
        False,
    )
    assert completed.needs_rework


async def test_no_task_is_404(db: DB) -> None:
    assert await refused(db, attempting(Outcome.NO_ANSWER, "NOPE"), "no_callback_task") == 404
    assert await refused(db, resulting("NOPE"), "no_callback_task") == 404


async def test_reached_is_not_an_attempt_but_a_result(db: DB) -> None:
    assert await refused(db, attempting(Outcome.REACHED), "reached_needs_result") == 422


async def test_a_finished_task_refuses_attempts_and_a_second_result(db: DB) -> None:
    await result(db)
    assert await refused(db, attempting(Outcome.NO_ANSWER), "callback_closed") == 409
    assert await refused(db, resulting(), "callback_already_recorded") == 409
    assert db.event_types() == ["CallbackCompleted"]


async def test_an_unreachable_task_refuses_a_result(db: DB) -> None:
    await attempt(db, Outcome.REFUSED)
    assert await refused(db, resulting(), "callback_already_recorded") == 409
    assert db.event_types() == ["CallbackFailed"]


async def test_a_refused_unit_is_rolled_back_whole(db: DB) -> None:
    """What a use case wrote before the refusal in the same unit is undone with it."""

    async def counted_then_refused(uow: Unit) -> None:
        await attempting(Outcome.NO_ANSWER)(uow)
        await attempting(Outcome.REACHED)(uow)

    assert await refused(db, counted_then_refused, "reached_needs_result") == 422
