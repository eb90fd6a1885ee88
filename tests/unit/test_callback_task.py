"""The callback task: attempts, giving up as unreachable, results, and the rating link."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from callback.domain.rating_link import LinkUnusable, check_usable, token_hash
from callback.domain.task import (
    AnswerWrongWithoutArticle,
    CallbackRules,
    CallbackTask,
    ReachedNeedsResult,
    TaskClosed,
    TaskState,
    UnreachablePolicy,
)
from common.vocabulary import CALLBACK_STATES_ZH, Satisfaction
from common.vocabulary import CallbackAttemptOutcome as Outcome

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
RULES = CallbackRules(max_failed_attempts=3, unreachable_policy=UnreachablePolicy.CLOSE_UNRATED)


def fresh() -> CallbackTask:
    return CallbackTask("20261120000001", 1, "urban-management")


def test_unanswered_calls_count_until_the_limit_then_the_task_is_unreachable() -> None:
    task = fresh()
    for expected in (1, 2):
        task, failed = task.record_failed_attempt(Outcome.NO_ANSWER, agent="a", at=NOW, rules=RULES)
        assert failed is None and task.failed_attempts == expected
        assert task.state is TaskState.OPEN
    task, failed = task.record_failed_attempt(Outcome.NO_ANSWER, agent="a", at=NOW, rules=RULES)
    assert task.state is TaskState.UNREACHABLE
    assert failed is not None
    assert (failed.attempts, failed.last_outcome, failed.round) == (3, "no_answer", 1)
    assert failed.policy_outcome == UnreachablePolicy.CLOSE_UNRATED.value


@pytest.mark.parametrize("outcome", [Outcome.WRONG_NUMBER, Outcome.REFUSED, Outcome.NO_CONTACT])
def test_a_wrong_number_a_refusal_or_no_phone_ends_the_task_at_once(outcome: Outcome) -> None:
    rules = CallbackRules(5, UnreachablePolicy.REFER_TO_SUPERVISION)
    task, failed = fresh().record_failed_attempt(outcome, agent="a", at=NOW, rules=rules)
    assert task.state is TaskState.UNREACHABLE and failed is not None
    assert failed.attempts == 1 and failed.policy_outcome == "refer_to_supervision"


def test_reached_is_recorded_as_a_result_not_as_a_failed_attempt() -> None:
    with pytest.raises(ReachedNeedsResult):
        fresh().record_failed_attempt(Outcome.REACHED, agent="a", at=NOW, rules=RULES)


def test_satisfaction_and_solved_are_recorded_separately() -> None:
    task, completed = fresh().complete(
        satisfaction=Satisfaction.BASICALLY_SATISFIED,
        solved=False,
        comment="态度好，但路灯还是不亮",
        agent="callback_agent:li",
        at=NOW,
    )
    assert task.state is TaskState.COMPLETED
    assert completed.satisfaction is Satisfaction.BASICALLY_SATISFIED and not completed.solved
    assert completed.needs_rework  # unsolved sends the case back even if the submitter is polite


def test_a_closed_task_refuses_more_attempts_and_results() -> None:
    done, _ = fresh().complete(
        satisfaction=Satisfaction.SATISFIED, solved=True, comment="", agent="a", at=NOW
    )
    with pytest.raises(TaskClosed):
        done.complete(
            satisfaction=Satisfaction.SATISFIED, solved=True, comment="", agent="a", at=NOW
        )
    gone, _ = fresh().record_failed_attempt(Outcome.WRONG_NUMBER, agent="a", at=NOW, rules=RULES)
    with pytest.raises(TaskClosed, match="第 1 轮回访已结束（无法回访）"):
        gone.record_failed_attempt(Outcome.NO_ANSWER, agent="a", at=NOW, rules=RULES)
    with pytest.raises(TaskClosed):
        gone.complete(
            satisfaction=Satisfaction.SATISFIED, solved=True, comment="", agent="a", at=NOW
        )


def test_a_rating_link_works_once_and_until_it_expires() -> None:
    expires = NOW + timedelta(hours=72)
    check_usable(expires_at=expires, used_at=None, now=NOW)
    with pytest.raises(LinkUnusable) as used:
        check_usable(expires_at=expires, used_at=NOW, now=NOW)
    assert used.value.code == "rating_link_used"
    with pytest.raises(LinkUnusable) as expired:
        check_usable(expires_at=expires, used_at=None, now=expires)
    assert expired.value.code == "rating_link_expired"
    assert token_hash("abc") != token_hash("abd") and len(token_hash("abc")) == 32


def test_every_task_state_has_its_chinese_label() -> None:
    assert set(CALLBACK_STATES_ZH) == {state.value for state in TaskState}


def test_an_answer_found_wrong_needs_the_article_it_came_from() -> None:
    with pytest.raises(AnswerWrongWithoutArticle):
        fresh().complete(
            satisfaction=Satisfaction.DISSATISFIED,
            solved=False,
            comment="",
            agent="a",
            at=NOW,
            answer_wrong=True,
        )
    answered = CallbackTask("20261120000001", 1, None, knowledge_article_id="KB-water-001")
    task, completed = answered.complete(
        satisfaction=Satisfaction.DISSATISFIED,
        solved=False,
        comment="",
        agent="a",
        at=NOW,
        answer_wrong=True,
    )
    assert task.state is TaskState.COMPLETED and completed.answer_wrong is True
