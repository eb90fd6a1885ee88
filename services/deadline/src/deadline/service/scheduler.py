"""The scheduler's use case: due alarms claimed and announced in one transaction, each as
an event whose id is fixed by the alarm, written from a template for speed."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from common import metrics
from common.envelope import Event
from common.events import DeadlineEscalated, DeadlineExceeded, DeadlineWarningIssued
from common.outbox import OutgoingMessage
from common.vocabulary import EscalationStep, TimerStage
from deadline import measures
from deadline.domain.alarms import AlarmKind
from deadline.repository.store import AlarmUnit

#: Alarm event ids are derived from the alarm, so the same alarm always has the same id.
ALARM_EVENT_NAMESPACE = uuid.UUID("6f1d0c62-5a8e-4d0e-9a57-7f1c3c0de11a")


async def fire_due(uow: AlarmUnit, *, now: datetime, limit: int = 1000) -> int:
    """Ring every due alarm once: claimed and announced in the same transaction."""
    rows = await uow.store.alarms.claim_due(now=now, limit=limit)
    lag = metrics.TIMER_LAG.labels("deadline")  # a rolled-back claim counts again when rung
    for row in rows:
        lag.observe((now - row["alarm_due_at"]).total_seconds())
    outbox = uow.outbox
    for message in alarm_messages(rows, at=now, producer=outbox.producer, topic=outbox.topic):
        outbox.send_raw(message)
    measures.count_alarms(uow, rows)
    return len(rows)


def alarm_event(row: Any) -> Event:
    """The typed event of a claimed alarm (a row of claim_due_alarms, read by column name);
    alarm_messages writes the same thing as bytes."""
    common = {
        "timer_id": row["timer_id"],
        "stage": TimerStage(row["stage"]),
        "department": row["department"],
        "due_at": row["due_at"],
        "policy": row["policy"],
        "policy_version": row["policy_version"],
    }
    kind = AlarmKind(row["kind"])
    if kind is AlarmKind.WARNING:
        return DeadlineWarningIssued(fraction=row["fraction"], **common)
    if kind is AlarmKind.EXCEEDED:
        return DeadlineExceeded(started_at=row["started_at"], **common)
    return DeadlineEscalated(
        step=EscalationStep(row["name"]),
        working_days_overdue=row["days_after"],
        respond_by=row["respond_by"],
        **common,
    )


def alarm_event_id(row: Any) -> uuid.UUID:
    return uuid.UUID(_alarm_event_id_text(row))


def _alarm_event_id_text(row: Any) -> str:
    """uuid5(ALARM_EVENT_NAMESPACE, "case/timer/alarm name") as text, written directly
    (without a UUID object) since a burst makes tens of thousands."""
    name = f"{row['case_id']}/{row['timer_id']}/{row['name']}"
    digest = bytearray(hashlib.sha1(_NAMESPACE_BYTES + name.encode()).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def alarm_messages(
    rows: Iterable[Any], *, at: datetime, producer: str, topic: str
) -> list[OutgoingMessage]:
    """The outbox messages announcing claimed alarms, each with an event id fixed by the
    alarm: should an alarm ever be announced twice, consumers drop the second copy by id.

    A burst rings tens of thousands of alarms: building two pydantic models per alarm was a
    third of the scheduler's time, and encoding a dict with json still a sixth. So the JSON
    is written from a template in the field order of Envelope and the payload models, the
    free texts (case id, department, policy, producer) escaped by the JSON encoder, the
    rest being numbers, times, ids and enum values. The bytes are those
    Envelope(...).to_bytes() gives; tests/unit/test_alarm_message.py holds them equal."""
    occurred_at = json_time(at)
    producer_json = _json(producer)
    producer_header = producer.encode()
    messages = []
    for row in rows:
        case_id = row["case_id"]
        event_id = _alarm_event_id_text(row)
        event, payload = _alarm_payload(row)
        value = (
            f'{{"event_id":"{event_id}","event_type":"{event.event_type}",'
            f'"schema_version":{event.schema_version},"occurred_at":"{occurred_at}",'
            f'"case_id":{_json(case_id)},"correlation_id":"{event_id}",'
            f'"causation_id":null,"producer":{producer_json},"payload":{payload}}}'
        )
        messages.append(
            OutgoingMessage(
                topic=topic,
                key=case_id,
                value=value.encode(),
                headers=[
                    ("event_type", event.event_type.encode()),
                    ("event_id", event_id.encode()),
                    ("correlation_id", event_id.encode()),
                    ("schema_version", str(event.schema_version).encode()),
                    ("producer", producer_header),
                ],
                event_id=event_id,
            )
        )
    return messages


def _alarm_payload(row: Any) -> tuple[type[Event], str]:
    """The event model and its payload as JSON, fields in the model's order."""
    kind = AlarmKind(row["kind"])
    event: type[Event]
    end = ""
    if kind is AlarmKind.WARNING:
        event, middle = DeadlineWarningIssued, f'"fraction":{float(row["fraction"])!r},'
    elif kind is AlarmKind.EXCEEDED:
        event, middle = DeadlineExceeded, f'"started_at":"{json_time(row["started_at"])}",'
    else:
        step, days = EscalationStep(row["name"]).value, int(row["days_after"])
        event, middle = DeadlineEscalated, f'"step":"{step}","working_days_overdue":{days},'
        answer = row["respond_by"]
        end = ',"respond_by":' + ("null" if answer is None else f'"{json_time(answer)}"')
    timer_id, stage = int(row["timer_id"]), TimerStage(row["stage"]).value
    department, due_at = _json(row["department"]), json_time(row["due_at"])
    policy, version = _json(row["policy"]), int(row["policy_version"])
    payload = (
        f'{{"timer_id":{timer_id},"stage":"{stage}","department":{department},{middle}'
        f'"due_at":"{due_at}","policy":{policy},"policy_version":{version}{end}}}'
    )
    return event, payload


#: Compact, UTF-8 kept as is: how pydantic's model_dump_json writes a text (or null).
_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_NAMESPACE_BYTES = ALARM_EVENT_NAMESPACE.bytes


def json_time(value: datetime) -> str:
    """A timezone-aware datetime as pydantic writes it in JSON (UTC as Z)."""
    if value.utcoffset() is None:
        raise ValueError(f"naive datetime {value!r} in an alarm")
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text
