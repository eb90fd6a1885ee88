"""The business fact an event announces (Envelope.fact): the same for every publication of
one fact, whatever its event id, and different for another fact."""

from __future__ import annotations

from datetime import UTC, datetime

from common.envelope import Envelope, Event
from common.events import CallbackCompleted, CaseAccepted, CaseAssigned, CaseRejected
from common.vocabulary import Channel, RequestKind, Satisfaction

AT = datetime(2026, 4, 12, 9, 30, tzinfo=UTC)


def wrap(event: Event, case_id: str = "20260412000001") -> Envelope:
    return Envelope.wrap(event, case_id=case_id, producer="dispatch")


def assigned(**fields: object) -> CaseAssigned:
    values: dict[str, object] = {
        "category": "streetlight",
        "kind": RequestKind.COMPLAINT,
        "lead_department": "urban-management",
        "actor": "system:routing",
        "assigned_at": AT,
        **fields,
    }
    return CaseAssigned.model_validate(values)


def callback(round: int) -> CallbackCompleted:
    return CallbackCompleted(
        round=round,
        satisfaction=Satisfaction.DISSATISFIED,
        solved=False,
        agent="callback_agent:a",
        completed_at=AT,
    )


def test_the_same_fact_under_two_event_ids_is_one_fact() -> None:
    first, again = wrap(assigned(assignment=1)), wrap(assigned(assignment=1))
    assert first.event_id != again.event_id
    assert first.fact() == again.fact() is not None
    assert wrap(callback(1)).fact() == wrap(callback(1)).fact()


def test_another_round_assignment_or_case_is_another_fact() -> None:
    facts = {
        wrap(assigned(assignment=1)).fact(),
        wrap(assigned(assignment=2)).fact(),
        wrap(assigned(round=2, assignment=3)).fact(),
        wrap(assigned(assignment=1), case_id="20260412000002").fact(),
        wrap(callback(1)).fact(),
        wrap(callback(2)).fact(),
    }
    assert len(facts) == 6


def test_an_acceptance_is_a_fact_per_case_and_acceptance_number() -> None:
    accepted = CaseAccepted(
        category="streetlight",
        kind=RequestKind.COMPLAINT,
        channel=Channel.WEB,
        actor="system:auto-screening",
        accepted_at=AT,
    )
    assert wrap(accepted).fact() == '["CaseAccepted","20260412000001",1]'
    # accepted again after a dispatcher sent it back to screening: a fact of its own
    again = accepted.model_copy(update={"acceptance": 2})
    assert wrap(again).fact() == '["CaseAccepted","20260412000001",2]'


def test_without_an_identity_an_event_is_only_its_event_id() -> None:
    assert wrap(CaseRejected(reason="不属受理范围", actor="clerk:c")).fact() is None
    # an assignment from before the number was carried cannot be told from a re-route
    assert wrap(assigned()).fact() is None
    old = wrap(assigned(assignment=1))
    payload = {k: v for k, v in old.payload.items() if k != "assignment"}
    assert old.model_copy(update={"payload": payload}).fact() is None
