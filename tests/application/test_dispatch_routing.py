"""Dispatch's handler-map entries on its in-memory store: CaseAccepted routed by rule, queued
for a dispatcher, or 转办 to an outside unit; a callback's outcome closing, reopening or
referring the case."""

from __future__ import annotations

import pytest

from common.consumer import UnknownCase
from common.events import (
    CallbackCompleted,
    CallbackFailed,
    CaseAccepted,
    CaseAssigned,
    CaseQueuedForDispatcher,
    CaseReopened,
    CaseTransferred,
)
from common.vocabulary import Satisfaction
from dispatch.domain.lifecycle import Action, CaseState
from dispatch.service import dispatcher
from tests.support.dispatch_world import (
    AT,
    DISPATCHER,
    MAX_ROUNDS,
    accepted,
    assigned,
    case_of,
    district,
    queued,
    resolved,
    resolved_again,
    state_of,
    step,
    the_handlers,
)


async def test_a_case_with_a_rule_is_assigned_to_the_rules_lead_and_co_handlers() -> None:
    db = district()
    out = await db.deliver(the_handlers(), accepted("pothole"), case_id="C-1")
    assert [e.event_type for e in out] == ["CaseAssigned"]
    (event,) = db.events(CaseAssigned)
    assert (event.lead_department, event.co_handlers) == ("roads", ["parks"])
    case = case_of(db, "C-1")
    assert (case.state, case.lead_department, case.co_handlers) == (
        CaseState.ASSIGNED,
        "roads",
        ("parks",),
    )
    assert db.store.cases.records["C-1"].words.title == "路面塌陷"
    assert [s.action for _, s in db.store.cases.actions] == [Action.ASSIGN]


async def test_a_case_without_a_lead_waits_for_a_dispatcher_with_the_reason() -> None:
    db = district()
    await db.deliver(the_handlers(), accepted("noise"), case_id="C-1")
    (event,) = db.events(CaseQueuedForDispatcher)
    assert "噪音扰民" in event.reason
    assert state_of(db, "C-1") is CaseState.AWAITING_DISPATCH
    assert db.store.cases.records["C-1"].queued_reason is not None


async def test_a_guessed_category_waits_for_a_dispatcher_though_it_has_a_rule() -> None:
    db = district()
    guess = accepted(
        "pothole", needs_dispatcher=True, category_confirmed=False, classification_confidence=0.4
    )
    await db.deliver(the_handlers(), guess, case_id="C-1")
    assert db.event_types() == ["CaseQueuedForDispatcher"]
    assert state_of(db, "C-1") is CaseState.AWAITING_DISPATCH


async def test_a_rule_naming_an_outside_unit_transfers_the_case() -> None:
    db = district()
    await db.deliver(the_handlers(), accepted("water-cut"), case_id="C-1")
    (event,) = db.events(CaseTransferred)
    assert event.unit == "water-co"
    assert state_of(db, "C-1") is CaseState.TRANSFERRED
    assert db.events(CaseAssigned) == []


async def test_a_repeated_acceptance_changes_nothing_and_publishes_nothing() -> None:
    db = district()
    await assigned(db)
    before = case_of(db, "C-1")
    out = await db.deliver(the_handlers(), accepted("pothole"), case_id="C-1")
    assert out == []
    assert case_of(db, "C-1") == before
    assert len(db.store.cases.actions) == 1


async def test_a_case_sent_back_and_accepted_again_is_dispatched_anew() -> None:
    db = district()
    await queued(db)
    await step(db, dispatcher.send_back, "C-1", DISPATCHER, reason="诉求不清，请补充")
    again: CaseAccepted = accepted("pothole", acceptance=2, title="补充后的诉求")
    out = await db.deliver(the_handlers(), again, case_id="C-1")
    assert [e.event_type for e in out] == ["CaseAssigned"]
    record = db.store.cases.records["C-1"]
    assert (record.case.state, record.case.category) == (CaseState.ASSIGNED, "pothole")
    assert record.words.title == "补充后的诉求"
    assert Action.READMIT in [s.action for _, s in db.store.cases.actions]


def completed(round: int, satisfaction: Satisfaction, *, solved: bool = True) -> CallbackCompleted:
    return CallbackCompleted(
        round=round, satisfaction=satisfaction, solved=solved, agent="a1", completed_at=AT
    )


async def test_a_satisfied_callback_closes_the_case() -> None:
    db = district()
    await resolved(db)
    out = await db.deliver(
        the_handlers(), completed(1, Satisfaction.SATISFIED), case_id="C-1", producer="callback"
    )
    assert [e.event_type for e in out] == ["CaseClosed"]
    assert state_of(db, "C-1") is CaseState.CLOSED


async def test_a_dissatisfied_callback_reopens_the_case_for_another_round() -> None:
    db = district()
    await resolved(db)
    await db.deliver(the_handlers(), completed(1, Satisfaction.DISSATISFIED), case_id="C-1")
    (event,) = db.events(CaseReopened)
    case = case_of(db, "C-1")
    assert (case.state, case.round) == (CaseState.ASSIGNED, 2)
    assert event.lead_department == "roads"


async def test_a_callback_failing_the_last_round_refers_the_case_to_supervision() -> None:
    db = district()
    await resolved(db)
    assert case_of(db, "C-1").round < MAX_ROUNDS
    await db.deliver(the_handlers(), completed(1, Satisfaction.DISSATISFIED), case_id="C-1")
    await resolved_again(db)
    out = await db.deliver(the_handlers(), completed(2, Satisfaction.DISSATISFIED), case_id="C-1")
    assert [e.event_type for e in out] == ["CaseReferredToSupervision"]
    assert state_of(db, "C-1") is CaseState.UNDER_SUPERVISION


def failed(policy: str) -> CallbackFailed:
    return CallbackFailed(
        round=1,
        attempts=3,
        last_outcome="no_answer",
        policy_outcome=policy,
        agent="a1",
        failed_at=AT,
    )


async def test_an_unreachable_submitter_closes_the_case_unrated_by_default_policy() -> None:
    db = district()
    await resolved(db)
    await db.deliver(the_handlers(), failed("close_unrated"), case_id="C-1")
    assert db.event_types()[-1] == "CaseClosed"
    assert state_of(db, "C-1") is CaseState.CLOSED


async def test_an_unreachable_submitter_goes_to_supervision_when_the_policy_says_so() -> None:
    db = district()
    await resolved(db)
    await db.deliver(the_handlers(), failed("refer_to_supervision"), case_id="C-1")
    assert db.event_types()[-1] == "CaseReferredToSupervision"
    assert state_of(db, "C-1") is CaseState.UNDER_SUPERVISION


@pytest.mark.parametrize(
    "event",
    [completed(1, Satisfaction.SATISFIED), failed("close_unrated")],
    ids=["completed", "failed"],
)
async def test_a_callback_on_an_unknown_case_fails_and_publishes_nothing(event: object) -> None:
    db = district()
    with pytest.raises(UnknownCase):
        await db.deliver(the_handlers(), event, case_id="C-404")  # type: ignore[arg-type]
    assert db.published == []
    assert db.store.cases.records == {}
