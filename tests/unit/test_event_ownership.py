"""Each event has one producer: the class says which, the outbox refuses the others' events,
and a service handles exactly the events it declares it consumes, none of its own."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from common.consumer import MessageContext
from common.envelope import Event
from common.events import CaseAccepted, CaseRejected, CaseSigned, SupervisionSignalRecorded
from common.outbox import ForeignEvent, Outbox, OutgoingMessage
from common.runtime import ServiceDefinition
from common.topics import DISPATCH_CASE_EVENTS, INTAKE_CASE_EVENTS, SUPERVISION_EVENTS

NOW = datetime(2026, 4, 12, 9, 30, tzinfo=UTC)


def test_an_event_class_names_its_producer_and_so_its_topic() -> None:
    assert (CaseSigned.producer, CaseSigned.topic) == ("dispatch", DISPATCH_CASE_EVENTS)
    assert (CaseRejected.producer, CaseRejected.topic) == ("intake", INTAKE_CASE_EVENTS)


def test_an_event_class_without_a_known_producer_or_with_a_taken_name_is_refused() -> None:
    with pytest.raises(TypeError):

        class NothingHappened(Event):
            pass

    with pytest.raises(ValueError, match="no service named 'hotline'"):

        class CallReceived(Event, producer="hotline"):
            pass

    with pytest.raises(ValueError, match="two event classes are named CaseSigned"):

        class CaseSigned(Event, producer="intake"):
            pass

    assert "NothingHappened" not in Event.registered()
    assert "CallReceived" not in Event.registered()
    assert Event.registered()["CaseSigned"].producer == "dispatch"


def test_an_outbox_emits_its_own_services_events() -> None:
    outbox = Outbox(producer="intake", topic=INTAKE_CASE_EVENTS)
    envelope = outbox.emit(CaseRejected(reason="不属于受理范围", actor="clerk:li"), case_id="c-1")
    assert envelope.producer == "intake"
    assert [m.topic for m in outbox.pending] == [INTAKE_CASE_EVENTS]


def test_an_outbox_refuses_an_event_another_service_owns() -> None:
    outbox = Outbox(producer="intake", topic=INTAKE_CASE_EVENTS)
    signed = CaseSigned(department="housing-construction", actor="handler:wang", signed_at=NOW)
    with pytest.raises(ForeignEvent, match="intake may not publish CaseSigned"):
        outbox.emit(signed, case_id="c-1")
    assert outbox.pending == []


def test_an_outbox_sends_raw_messages_only_to_its_own_topics() -> None:
    outbox = Outbox(producer="deadline", topic="deadline.timer-events.v1")

    def message(topic: str) -> OutgoingMessage:
        return OutgoingMessage(topic=topic, key="c-1", value=b"{}", headers=[])

    outbox.send_raw(message("deadline.timer-events.v1"))
    outbox.send_raw(message("deadline.dlq.v1"))
    for foreign in (SUPERVISION_EVENTS, "callback.dlq.v1"):
        with pytest.raises(ForeignEvent, match=f"deadline may not publish on {foreign}"):
            outbox.send_raw(message(foreign))
    assert [m.topic for m in outbox.pending] == ["deadline.timer-events.v1", "deadline.dlq.v1"]


async def handle(event: Any, ctx: MessageContext) -> None:
    return None


def definition(name: str, consumes: tuple[type[Event], ...]) -> ServiceDefinition:
    return ServiceDefinition(name=name, migrations=Path("."), consumes=consumes)


def test_a_service_subscribes_to_the_topics_of_the_events_it_consumes() -> None:
    supervision = definition("supervision", (CaseSigned, CaseAccepted, CaseRejected))
    assert supervision.topics == [INTAKE_CASE_EVENTS, DISPATCH_CASE_EVENTS]


def test_a_service_handles_exactly_what_it_declares_it_consumes() -> None:
    dispatch = definition("dispatch", (CaseAccepted,))
    dispatch.check_handlers({CaseAccepted: handle})
    with pytest.raises(ValueError, match=r"no handler for \['CaseAccepted'\]"):
        dispatch.check_handlers({})
    with pytest.raises(ValueError, match=r"does not declare it consumes: \['CaseRejected'\]"):
        dispatch.check_handlers({CaseAccepted: handle, CaseRejected: handle})


def test_a_service_does_not_consume_its_own_events() -> None:
    supervision = definition("supervision", (SupervisionSignalRecorded,))
    with pytest.raises(ValueError, match="consumes its own events"):
        supervision.check_handlers({SupervisionSignalRecorded: handle})
