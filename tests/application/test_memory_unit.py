"""The in-memory unit of work keeps a transaction's promises: all or nothing, events only
on commit, and only the service's own events."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest

from common.consumer import MessageContext
from common.events import CallbackCompleted, CaseResolved
from common.memory import MemoryDatabase
from common.outbox import ForeignEvent, Transaction
from common.vocabulary import ResolutionResult, Satisfaction

AT = datetime(2026, 3, 9, 8, 0, tzinfo=UTC)


@dataclass
class Tasks:
    rounds: dict[str, int] = field(default_factory=dict)


def completed(round: int) -> CallbackCompleted:
    return CallbackCompleted(
        round=round, satisfaction=Satisfaction.SATISFIED, solved=True, agent="a", completed_at=AT
    )


async def complete(uow: Transaction[Tasks], case_id: str) -> None:
    uow.store.rounds[case_id] = uow.store.rounds.get(case_id, 0) + 1
    uow.emit(completed(uow.store.rounds[case_id]), case_id=case_id)


async def test_a_committed_unit_keeps_its_change_and_publishes_its_events() -> None:
    db = MemoryDatabase(Tasks(), producer="callback")
    async with db.unit_of_work() as uow:
        await complete(uow, "C-1")
    assert db.store.rounds == {"C-1": 1}
    assert [event.round for event in db.events(CallbackCompleted)] == [1]
    assert db.published[0].case_id == "C-1"


async def test_a_failed_unit_leaves_the_store_as_it_was_and_publishes_nothing() -> None:
    db = MemoryDatabase(Tasks(rounds={"C-1": 1}), producer="callback")
    with pytest.raises(RuntimeError, match="refused"):
        async with db.unit_of_work() as uow:
            await complete(uow, "C-1")
            raise RuntimeError("refused")
    assert db.store.rounds == {"C-1": 1}
    assert db.published == []


async def test_a_unit_refuses_an_event_its_service_does_not_own() -> None:
    db = MemoryDatabase(Tasks(), producer="callback")
    resolved = CaseResolved(
        department="roads",
        result=ResolutionResult.SOLVED,
        summary="修好了",
        actor="h",
        resolved_at=AT,
    )
    with pytest.raises(ForeignEvent):
        async with db.unit_of_work() as uow:
            uow.emit(resolved, case_id="C-1")
    assert db.published == []


async def test_deliver_runs_the_handler_map_entry_and_returns_what_it_published() -> None:
    db = MemoryDatabase(Tasks(), producer="callback")

    async def on_resolved(event: CaseResolved, ctx: MessageContext) -> None:
        await complete(ctx, ctx.envelope.case_id)

    resolved = CaseResolved(
        department="roads",
        result=ResolutionResult.SOLVED,
        summary="修好了",
        actor="h",
        resolved_at=AT,
    )
    out = await db.deliver({CaseResolved: on_resolved}, resolved, case_id="C-7")
    assert [envelope.event_type for envelope in out] == ["CallbackCompleted"]
    assert out[0].causation_id is not None
    with pytest.raises(KeyError):
        await db.deliver({}, resolved, case_id="C-7")
