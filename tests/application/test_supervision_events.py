"""Supervision's handler map on its in-memory store: every consumed event keeps its case's
facts; assignments, overdue limits, callbacks, referrals, returns and escalations file
signals and records once, and announce them."""

from __future__ import annotations

from datetime import timedelta

from common.events import (
    AccountabilityRecorded,
    BuckPassingDetected,
    CaseAssigned,
    CaseReopened,
    CaseUrged,
    DeadlineEscalated,
    SupervisionOrderIssued,
    SupervisionSignalRecorded,
)
from common.vocabulary import EscalationStep, RequestKind, Satisfaction, TimerStage
from supervision import handlers as supervision_handlers
from supervision.handlers import CONSUMES
from tests.support.supervision_memory import (
    HANDLERS,
    NOW,
    database,
    deliver,
    deliver_all,
    envelope_of,
)
from tests.support.supervision_stories import Story, envelopes

UM = "urban-management"


def assigned(department: str, round: int = 1) -> CaseAssigned:
    return CaseAssigned(
        category="road",
        kind=RequestKind.COMPLAINT,
        lead_department=department,
        round=round,
        actor="dispatcher:test",
        assigned_at=NOW,
    )


def escalated(step: EscalationStep, department: str | None = "roads") -> DeadlineEscalated:
    return DeadlineEscalated(
        timer_id=1,
        stage=TimerStage.RESOLUTION,
        department=department,
        step=step,
        working_days_overdue=3,
        due_at=NOW - timedelta(days=3),
        policy="test",
        respond_by=NOW + timedelta(days=2) if step is EscalationStep.SUPERVISION_ORDER else None,
    )


def accepted_story(case_id: str = "C-1") -> Story:
    return Story(case_id).registered(NOW, "road").accepted(NOW, "road")


def test_every_consumed_event_has_an_entry_and_the_rest_only_keep() -> None:
    special = {
        "CaseAssigned",
        "CaseReopened",
        "CaseReferredToSupervision",
        "CaseReturned",
        "DeadlineExceeded",
        "DeadlineEscalated",
        "CallbackCompleted",
    }
    assert set(HANDLERS) == set(CONSUMES)
    for model, handler in HANDLERS.items():
        assert (handler is supervision_handlers.keep) == (model.event_type not in special)


async def test_a_kept_event_folds_the_cases_facts_and_publishes_nothing() -> None:
    db = database()
    await deliver_all(db, envelopes([accepted_story()]))
    facts = await db.store.facts.facts_of("C-1")
    assert facts is not None and facts.category == "road"
    assert len(db.store.facts.events) == 2
    assert db.published == []


async def test_the_same_fact_published_twice_is_kept_once() -> None:
    db = database()
    story = accepted_story()
    twice = [*envelopes([story]), *envelopes([story])]  # new event ids, the same facts
    await deliver_all(db, twice)
    kept = [e.event_type for e in db.store.facts.events.values()]
    assert kept.count("CaseAccepted") == 1  # its fact: the case's first acceptance
    assert kept.count("CaseRegistered") == 2  # a registration names no fact: kept by id


async def test_an_assignment_names_the_department_and_files_the_waiting_signals() -> None:
    db = database()
    overdue = Story("C-1").overdue(NOW, TimerStage.SIGN, None)
    await deliver_all(db, envelopes([overdue]))
    assert db.published == []  # no department yet: the signal waits
    assert db.store.signals.rows[0]["department"] is None

    out = await deliver(db, envelope_of(assigned("roads"), "C-1"))
    assert db.store.cases.departments == {"C-1": "roads"}
    assert [e.event_type for e in out] == ["SupervisionSignalRecorded"]
    signal = db.events(SupervisionSignalRecorded)[0]
    assert (signal.signal, signal.department) == ("overdue", "roads")


async def test_a_reopening_hands_the_case_to_its_new_lead() -> None:
    db = database()
    await deliver(db, envelope_of(assigned("roads"), "C-1"))
    reopened = CaseReopened(
        lead_department="water", round=2, reason="r", actor="system", reopened_at=NOW
    )
    await deliver(db, envelope_of(reopened, "C-1"))
    assert db.store.cases.departments == {"C-1": "water"}


async def test_an_overdue_limit_is_a_signal_against_the_named_department_once() -> None:
    db = database()
    (envelope,) = envelopes([Story("C-1").overdue(NOW, TimerStage.RESOLUTION, "roads")])
    await deliver(db, envelope)
    await deliver(db, envelope)  # redelivered
    assert len(db.store.signals.rows) == 1
    assert db.event_types() == ["SupervisionSignalRecorded"]
    assert db.events(SupervisionSignalRecorded)[0].evidence_event_id == str(envelope.event_id)


async def test_a_dissatisfied_callback_is_a_signal_against_the_cases_department() -> None:
    db = database()
    await deliver(db, envelope_of(assigned("roads"), "C-1"))
    (callback,) = envelopes([Story("C-1").callback(NOW, Satisfaction.DISSATISFIED, True)])
    await deliver(db, callback)
    signal = db.events(SupervisionSignalRecorded)[0]
    assert (signal.signal, signal.department) == ("dissatisfied", "roads")


async def test_a_satisfied_callback_files_no_signal() -> None:
    db = database()
    await deliver(db, envelope_of(assigned("roads"), "C-1"))
    await deliver_all(db, envelopes([Story("C-1").callback(NOW, Satisfaction.SATISFIED, True)]))
    assert db.store.signals.rows == []
    assert db.published == []


async def test_a_referral_is_a_signal_against_the_lead() -> None:
    db = database()
    from common.events import CaseReferredToSupervision

    referred = CaseReferredToSupervision(
        lead_department="roads", round=3, reason="r", actor="system", referred_at=NOW
    )
    await deliver(db, envelope_of(referred, "C-1"))
    signal = db.events(SupervisionSignalRecorded)[0]
    assert (signal.signal, signal.department) == ("referred", "roads")


async def test_returns_past_the_limit_are_buck_passing_announced_once() -> None:
    db = database()
    story = Story("C-1")
    for n in range(1, 5):
        story.returned(NOW + timedelta(hours=n), "roads" if n % 2 else "water", n)
    await deliver_all(db, envelopes([story]))
    rules = {row["rule"] for row in db.store.buck_passing.rows}
    assert rules and len(rules) == len(db.store.buck_passing.rows)
    assert len(db.events(BuckPassingDetected)) == len(rules)
    assert db.events(BuckPassingDetected)[-1].returns_in_case >= 3


async def test_two_returns_are_not_buck_passing() -> None:
    db = database()
    story = Story("C-1").returned(NOW, "roads", 1).returned(NOW, "water", 2)
    await deliver_all(db, envelopes([story]))
    assert db.store.buck_passing.rows == []
    assert db.published == []


async def test_the_ladder_urges_then_orders_then_refers_for_accountability_once_each() -> None:
    db = database()
    await deliver(db, envelope_of(assigned("roads"), "C-1"))
    (overdue,) = envelopes([Story("C-1").overdue(NOW, TimerStage.RESOLUTION, "roads")])
    await deliver(db, overdue)
    steps = [
        envelope_of(escalated(step), "C-1")
        for step in (
            EscalationStep.URGE,
            EscalationStep.SUPERVISION_ORDER,
            EscalationStep.ACCOUNTABILITY,
        )
    ]
    for envelope in [*steps, *steps]:  # each escalation redelivered
        await deliver(db, envelope)

    assert [e.source for e in db.events(CaseUrged)] == ["escalation"]
    (order,) = db.events(SupervisionOrderIssued)
    assert order.respond_by == NOW + timedelta(days=2)
    (record,) = db.events(AccountabilityRecorded)
    assert record.evidence_event_ids == [str(overdue.event_id), str(steps[2].event_id)]
    assert len(db.store.urges.rows) == len(db.store.orders.rows) == 1
    assert len(db.store.accountability.rows) == 1
    assert db.store.urges.rows[0]["source_event_id"] == steps[0].event_id


async def test_an_escalation_naming_no_department_goes_to_the_cases_lead() -> None:
    db = database()
    await deliver(db, envelope_of(assigned("roads"), "C-1"))
    await deliver(db, envelope_of(escalated(EscalationStep.URGE, department=None), "C-1"))
    assert db.events(CaseUrged)[0].department == "roads"
