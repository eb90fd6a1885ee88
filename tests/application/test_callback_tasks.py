"""Callback's handler-map entries on its in-memory store: a registration keeps the title, a
resolution (on the spot, or an outside unit's answer) opens one task per round, and the
callback stage's DeadlineSet gives its due time, even when it comes first."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from callback.domain.task import TaskState
from callback.handlers import handlers
from callback.repository.memory import MemoryStore
from common.events import (
    CaseRegistered,
    CaseResolved,
    CaseResolvedOnTheSpot,
    DeadlineSet,
    TransferAnswered,
)
from common.memory import MemoryDatabase
from common.vocabulary import (
    Channel,
    RequestKind,
    ResolutionResult,
    ScreeningOutcome,
    SubmitterKind,
    TimerStage,
)

CASE = "20261120000001"
AT = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
DUE = AT + timedelta(days=2)


@pytest.fixture
def db() -> MemoryDatabase[MemoryStore]:
    return MemoryDatabase(MemoryStore(), producer="callback")


def resolved(round: int = 1, summary: str = "路灯已修复") -> CaseResolved:
    return CaseResolved(
        department="urban-management",
        result=ResolutionResult.SOLVED,
        summary=summary,
        round=round,
        actor="handler:wang",
        resolved_at=AT,
    )


def deadline(stage: TimerStage, round: int = 1, due_at: datetime | None = DUE) -> DeadlineSet:
    return DeadlineSet(
        timer_id=7, stage=stage, department=None, round=round, due_at=due_at, policy="callback"
    )


def registered(title: str) -> CaseRegistered:
    return CaseRegistered(
        channel=Channel.WINDOW,
        kind=RequestKind.HELP,
        category="street-lighting",
        title=title,
        description="路灯不亮",
        submitter_kind=SubmitterKind.PERSON,
        actor="clerk:zhao",
    )


async def test_a_registration_keeps_the_first_title_seen(db: MemoryDatabase[MemoryStore]) -> None:
    assert await db.deliver(handlers(), registered("路灯不亮"), case_id=CASE) == []
    await db.deliver(handlers(), registered("改过的标题"), case_id=CASE)
    assert db.store.titles.titles == {CASE: "路灯不亮"}


async def test_a_resolution_opens_one_task_per_round_and_a_redelivery_changes_nothing(
    db: MemoryDatabase[MemoryStore],
) -> None:
    assert await db.deliver(handlers(), resolved(), case_id=CASE) == []
    await db.deliver(handlers(), resolved(summary="再次投递"), case_id=CASE)
    await db.deliver(handlers(), resolved(round=2), case_id=CASE)
    row = db.store.tasks.row(CASE)
    assert row.state is TaskState.OPEN and row.failed_attempts == 0 and row.due_at is None
    assert (row.task.source, row.task.department, row.task.summary) == (
        "resolution",
        "urban-management",
        "路灯已修复",
    )
    assert (row.task.result, row.task.resolved_at) == ("solved", AT)
    assert sorted(db.store.tasks.rows) == [(CASE, 1), (CASE, 2)]
    assert db.published == []


async def test_a_resolution_on_the_spot_opens_a_first_round_task_with_its_category(
    db: MemoryDatabase[MemoryStore],
) -> None:
    on_the_spot = CaseResolvedOnTheSpot(
        category="street-lighting",
        kind=RequestKind.CONSULTATION,
        channel=Channel.WINDOW,
        outcome=ScreeningOutcome.ANSWER_CONSULTATION.value,
        answer="已当场解答",
        actor="clerk:zhao",
        resolved_at=AT,
    )
    await db.deliver(handlers(), on_the_spot, case_id=CASE)
    task = db.store.tasks.row(CASE).task
    assert (task.round, task.department, task.source, task.category) == (
        1,
        None,
        "on_the_spot",
        "street-lighting",
    )
    assert (task.result, task.summary) == ("answer_consultation", "已当场解答")


async def test_an_outside_units_answer_opens_a_task_for_its_round(
    db: MemoryDatabase[MemoryStore],
) -> None:
    answered = TransferAnswered(
        unit="power-grid",
        result=ResolutionResult.EXPLAINED,
        summary="已答复",
        round=2,
        actor="unit:li",
        answered_at=AT,
    )
    await db.deliver(handlers(), answered, case_id=CASE)
    task = db.store.tasks.row(CASE, 2).task
    assert (task.source, task.department, task.result, task.resolved_at) == (
        "transfer",
        "power-grid",
        "explained",
        AT,
    )


async def test_the_callback_stage_due_time_sets_the_task_and_other_stages_do_not(
    db: MemoryDatabase[MemoryStore],
) -> None:
    await db.deliver(handlers(), resolved(), case_id=CASE)
    await db.deliver(handlers(), deadline(TimerStage.RESOLUTION, due_at=AT), case_id=CASE)
    assert db.store.tasks.row(CASE).due_at is None
    await db.deliver(handlers(), deadline(TimerStage.CALLBACK), case_id=CASE)
    assert db.store.tasks.row(CASE).due_at == DUE
    await db.deliver(handlers(), deadline(TimerStage.CALLBACK, due_at=None), case_id=CASE)
    assert db.store.tasks.row(CASE).due_at is None
    assert db.published == []


async def test_a_due_time_that_comes_before_its_task_is_kept_for_it(
    db: MemoryDatabase[MemoryStore],
) -> None:
    await db.deliver(handlers(), deadline(TimerStage.CALLBACK, round=2), case_id=CASE)
    assert db.store.tasks.rows == {}
    await db.deliver(handlers(), resolved(round=2), case_id=CASE)
    assert db.store.tasks.row(CASE, 2).due_at == DUE
