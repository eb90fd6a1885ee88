"""The scheduler writes alarm envelopes from a JSON template for speed: the bytes, the
headers and the event id (UUID v5 of case, timer and alarm) must be exactly those the
pydantic models give (Envelope.wrap's shape, with the event id fixed by the alarm), for every
alarm kind and for texts that need escaping, and they must read back as the typed event."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from common.envelope import Envelope
from deadline.service.scheduler import (
    ALARM_EVENT_NAMESPACE,
    alarm_event,
    alarm_event_id,
    alarm_messages,
    json_time,
)

SHANGHAI = timezone(timedelta(hours=8))
AT = datetime(2025, 3, 7, 9, 30, 0, 123456, tzinfo=UTC)


def alarm(kind: str, name: str, **fields: Any) -> dict[str, Any]:
    """A row as claim_due_alarms returns it (read by column name)."""
    row: dict[str, Any] = {
        "alarm_id": 7,
        "kind": kind,
        "name": name,
        "fraction": None,
        "days_after": 0,
        "timer_id": 42,
        "case_id": "C-2025-000042",
        "stage": "resolution",
        "department": "城管委",
        "started_at": datetime(2025, 3, 3, 1, 0, tzinfo=UTC),
        "due_at": datetime(2025, 3, 10, 9, 30, 0, 5, tzinfo=UTC),
        "policy": "resolution/kind=complaint",
        "policy_version": 3,
        "respond_by": None,
    }
    return row | fields


ALARMS = [
    alarm("warning", "warning-0.75", fraction=0.75),
    alarm("warning", "warning-1", fraction=1),
    alarm("exceeded", "exceeded", department=None),
    alarm("escalation", "urge", days_after=1),
    alarm("escalation", "supervision_order", days_after=3, stage="sign"),
    alarm(
        "escalation",
        "supervision_order",
        days_after=3,
        respond_by=datetime(2025, 3, 19, 17, 30, 0, 7, tzinfo=SHANGHAI),
    ),
    alarm("escalation", "accountability", days_after=5, due_at=datetime(2025, 3, 17, tzinfo=UTC)),
    alarm("exceeded", "exceeded", started_at=datetime(2025, 3, 3, 9, 0, tzinfo=SHANGHAI)),
    alarm("warning", "warning-0.5", fraction=0.5, case_id='C-"1"\\2', policy="sign/\t\u2028"),
]


def through_models(row: Any, at: datetime) -> Envelope:
    event = alarm_event(row)
    event_id = uuid.uuid5(
        ALARM_EVENT_NAMESPACE, f"{row['case_id']}/{row['timer_id']}/{row['name']}"
    )
    assert alarm_event_id(row) == event_id
    return Envelope(
        event_id=event_id,
        event_type=event.event_type,
        schema_version=event.schema_version,
        occurred_at=at,
        case_id=row["case_id"],
        correlation_id=str(event_id),
        producer="deadline",
        payload=event.model_dump(mode="json"),
    )


@pytest.mark.parametrize("row", ALARMS, ids=lambda r: f"{r['name']}-{r['department']}")
def test_bytes_and_headers_are_those_of_the_models(row: Any) -> None:
    expected = through_models(row, AT)
    (message,) = alarm_messages([row], at=AT, producer="deadline", topic="t")
    assert message.value == expected.to_bytes()
    assert message.headers == expected.headers()
    assert message.event_id == str(expected.event_id)
    assert message.key == row["case_id"]
    assert message.topic == "t"
    assert Envelope.from_bytes(message.value).event() == alarm_event(row)


def test_the_same_alarm_has_the_same_event_id() -> None:
    first, other = alarm_messages(ALARMS[:2], at=AT, producer="deadline", topic="t")
    (again,) = alarm_messages(ALARMS[:1], at=AT + timedelta(hours=1), producer="d", topic="t")
    assert first.event_id == again.event_id != other.event_id


@pytest.mark.parametrize(
    "moment",
    [AT, AT.replace(microsecond=0), datetime(2025, 3, 7, 17, 30, 5, tzinfo=SHANGHAI)],
)
def test_times_are_written_as_pydantic_writes_them(moment: datetime) -> None:
    reference = through_models(ALARMS[0], moment).model_dump_json()
    assert f'"occurred_at":"{json_time(moment)}"' in reference


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        json_time(datetime(2025, 3, 7, 9, 30))
