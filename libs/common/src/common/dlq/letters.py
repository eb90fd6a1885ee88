"""A dead letter as the tool sees it, read from its Kafka record, and the filters that pick
dead letters out. No I/O here."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from common.consumer import REPLAY_COUNT_HEADER, REPLAY_HEADER
from common.envelope import Envelope, MalformedMessage

#: A time given without a zone is a time in the district's own.
LOCAL_ZONE = ZoneInfo("Asia/Shanghai")
MALFORMED = MalformedMessage.__name__


class DeadLetterRecord(Protocol):
    """The parts of a Kafka ConsumerRecord a dead letter is read from."""

    partition: int
    offset: int
    timestamp: int
    key: bytes | None
    value: bytes | None
    headers: Sequence[tuple[str, bytes]]


@dataclass(frozen=True)
class DeadLetter:
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    headers: tuple[tuple[str, bytes], ...]
    failed_at: datetime
    replays: int
    event_id: uuid.UUID | None = None
    event_type: str | None = None
    case_id: str | None = None

    @classmethod
    def from_record(cls, record: DeadLetterRecord) -> DeadLetter:
        headers = tuple(record.headers or ())
        found = _text_headers(headers)
        try:
            envelope: Envelope | None = Envelope.from_bytes(record.value)
        except MalformedMessage:
            envelope = None
        key = record.key.decode("utf-8", "replace") if record.key is not None else None
        return cls(
            partition=record.partition,
            offset=record.offset,
            key=record.key,
            value=record.value,
            headers=headers,
            failed_at=_failed_at(found.get("dlq.failed_at"), record.timestamp),
            replays=_count(found.get(REPLAY_COUNT_HEADER)),
            event_id=envelope.event_id if envelope else None,
            event_type=envelope.event_type if envelope else found.get("event_type"),
            case_id=envelope.case_id if envelope else key,
        )

    def header(self, name: str) -> str | None:
        return _text_headers(self.headers).get(name)

    @property
    def error_type(self) -> str | None:
        return self.header("dlq.error_type")

    @property
    def is_malformed(self) -> bool:
        """It was not a valid event (or did not fit its model): replaying it as it is fails
        again, unless the consumer has learnt something since."""
        return self.error_type == MALFORMED

    @property
    def original(self) -> str:
        return (
            f"{self.header('dlq.original_topic')}[{self.header('dlq.original_partition')}]"
            f"@{self.header('dlq.original_offset')}"
        )

    def replay_headers(self, service: str) -> list[tuple[str, bytes]]:
        """The original headers, addressed to the service that failed it, counted once more."""
        kept = [
            (k, v)
            for k, v in self.headers
            if not k.startswith("dlq.") and k not in (REPLAY_HEADER, REPLAY_COUNT_HEADER)
        ]
        return [
            *kept,
            (REPLAY_HEADER, service.encode()),
            (REPLAY_COUNT_HEADER, str(self.replays + 1).encode()),
        ]


@dataclass(frozen=True)
class Filters:
    """Which dead letters a command is about: every criterion given must hold; within one
    criterion, any of its values."""

    event_types: frozenset[str] = field(default_factory=frozenset)
    case_ids: frozenset[str] = field(default_factory=frozenset)
    since: datetime | None = None  # failed at or after
    until: datetime | None = None  # failed before
    positions: frozenset[tuple[int, int]] = field(default_factory=frozenset)
    event_ids: frozenset[uuid.UUID] = field(default_factory=frozenset)

    @property
    def is_empty(self) -> bool:
        return self == Filters()

    def matches(self, letter: DeadLetter) -> bool:
        return (
            (not self.event_types or letter.event_type in self.event_types)
            and (not self.case_ids or letter.case_id in self.case_ids)
            and (self.since is None or letter.failed_at >= self.since)
            and (self.until is None or letter.failed_at < self.until)
            and (not self.positions or (letter.partition, letter.offset) in self.positions)
            and (not self.event_ids or letter.event_id in self.event_ids)
        )


def parse_time(value: str) -> datetime:
    """ISO 8601, a date or a date and time; without a zone, Asia/Shanghai."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"not an ISO 8601 time: {value!r}") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=LOCAL_ZONE)


def parse_position(value: str) -> tuple[int, int]:
    """`OFFSET` (partition 0: dead-letter topics have one) or `PARTITION:OFFSET`."""
    partition, _, offset = value.rpartition(":")
    try:
        place = (int(partition or 0), int(offset))
    except ValueError:
        raise ValueError(f"not an offset or PARTITION:OFFSET: {value!r}") from None
    if min(place) < 0:
        raise ValueError(f"not an offset or PARTITION:OFFSET: {value!r}")
    return place


def _text_headers(headers: Sequence[tuple[str, bytes]]) -> dict[str, str]:
    return {k: v.decode("utf-8", "replace") for k, v in headers}


def _failed_at(header: str | None, timestamp_ms: int) -> datetime:
    if header:
        try:
            parsed = datetime.fromisoformat(header)
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
        except ValueError:
            pass
    return datetime.fromtimestamp(timestamp_ms / 1000, UTC)


def _count(header: str | None) -> int:
    return int(header) if header and header.isdigit() else 0
