"""Idempotent, at-least-once consumption with bounded retries and a dead-letter topic.

A batch of records is processed in one transaction. Each record runs in a savepoint: its
event id goes into the inbox with the business fact it announces (a duplicate finds either
there and is skipped: a redelivery, or the same fact published again), its handler runs,
and what it emits joins the outbox. A record whose handler keeps failing after
`max_attempts` is written to the service's dead-letter topic (through the same outbox, so
the dead letter and the offset move together) with the error attached; a record that is
not a valid envelope goes there at once. Only after the transaction commits is the offset
committed. When the database or broker itself is unreachable, nothing can be decided: the
whole batch is retried with backoff until it succeeds or the service stops, and nothing is
committed meanwhile.
"""

from __future__ import annotations

import asyncio
import logging
import time
import traceback
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy import text

from common import logs, metrics
from common.db import Database
from common.envelope import Envelope, Event, MalformedMessage
from common.outages import is_infrastructure_error
from common.outbox import Outbox, OutgoingMessage, StoreFactory, Transaction, UnitOfWork
from common.topics import dead_letter_topic

log = logging.getLogger(__name__)

REPLAY_HEADER = "replay_for"
#: How many times a message was replayed. The consumer keeps it like any other header, so a
#: replay that fails again carries the count back into its new dead letter.
REPLAY_COUNT_HEADER = "replay_count"


class Record(Protocol):
    """The parts of a Kafka ConsumerRecord this module reads."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    headers: Sequence[tuple[str, bytes]]


@dataclass
class MessageContext:
    """What a handler gets besides its event: the service's store and a way to emit events.
    The unit of work is PostgreSQL's in a running service, common.memory's in an
    application test. A handler passes the context itself to its use case as the unit
    (a Transaction): what it emits then carries this message as its cause, and is dropped
    with the message's savepoint if the handler fails; the batch's own `uow` is not for
    use cases."""

    uow: Transaction[Any]
    envelope: Envelope
    outbox: Outbox

    @property
    def store(self) -> Any:
        return self.uow.store

    def emit(self, event: Event, *, case_id: str | None = None) -> Envelope:
        return self.outbox.emit(event, case_id=case_id or self.envelope.case_id)

    def after_commit(self, callback: Callable[[], None]) -> None:
        """Run once the batch commits with this handler's work in it; an attempt that fails
        (and is retried, or dead-lettered) drops what it asked for."""
        self.outbox.after_commit.append(callback)


Handler = Callable[[Any, MessageContext], Awaitable[None]]


class UnknownCase(LookupError):
    """An event about a case this consumer has no record of, though handling it needs one: it
    fails like any handler error and is dead-lettered, to be replayed once the case's earlier
    events have arrived (docs/events.md)."""

    def __init__(self, case_id: str, event_type: str) -> None:
        super().__init__(
            f"unknown_case: {event_type} for case {case_id}, of which there is no record"
        )


class _SlowPath(Exception):
    """The batch needs the record-by-record path (savepoints, retries, dead letters)."""


class EventConsumer:
    def __init__(
        self,
        *,
        service: str,
        db: Database,
        handlers: Mapping[type[Event], Handler],
        events_topic: str,
        shards: int,
        max_attempts: int = 3,
        on_commit: asyncio.Event | None = None,
        retry_delay: float = 0.05,
        max_backoff: float = 5.0,
        store: StoreFactory | None = None,
    ) -> None:
        self.service = service
        self.store = store
        self.db = db
        #: by event type name, as the envelope names it
        self.handlers = {model.event_type: handler for model, handler in handlers.items()}
        self.events_topic = events_topic
        self.shards = shards
        self.max_attempts = max_attempts
        self.on_commit = on_commit
        self.retry_delay = retry_delay
        self.max_backoff = max_backoff
        self.stopping = False
        self.healthy = True

    async def process(self, records: Sequence[Record]) -> None:
        """Return once every record's effect (or dead letter) is committed.

        A failure of the batch as a whole (the database gone, a failed commit) blames no
        message: the batch is retried with backoff, never skipped, until it commits or the
        service stops; then it raises and the caller must not acknowledge.
        """
        started = time.perf_counter()
        backoff = self.retry_delay
        while True:
            try:
                await self._process_once(records)
                self.healthy = True
                break
            except Exception as error:
                self.healthy = False
                reason = "infrastructure" if is_infrastructure_error(error) else "batch"
                metrics.CONSUMER_RETRIES.labels(self.service, reason).inc()
                log.warning("batch failed, retrying", extra={"reason": reason}, exc_info=error)
                if self.stopping:
                    raise
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, self.max_backoff)
        metrics.HANDLER_SECONDS.labels(self.service).observe(time.perf_counter() - started)

    async def _process_once(self, records: Sequence[Record]) -> None:
        try:
            await self._process_fast(records)
            return
        except _SlowPath:
            pass
        await self._process_slow(records)

    async def _process_fast(self, records: Sequence[Record]) -> None:
        """The common case: every record valid and every handler succeeds. One bulk inbox
        insert, no savepoints. Anything else rolls back and takes the careful path."""
        work, outcomes = self._plan(records)
        outbox = Outbox(producer=self.service, topic=self.events_topic)
        async with UnitOfWork(
            self.db, outbox, shards=self.shards, on_commit=self.on_commit, store=self.store
        ) as uow:
            fresh = await self._claim_in_inbox(uow, work)
            for envelope, handler, _ in work:
                if str(envelope.event_id) not in fresh:
                    outcomes.append((envelope.event_type, "duplicate"))
                    continue
                fresh.discard(str(envelope.event_id))  # a repeat within the batch is a duplicate
                emitted = self._outbox_caused_by(envelope)
                try:
                    await handler(envelope.event(), MessageContext(uow, envelope, emitted))
                except Exception as error:
                    if is_infrastructure_error(error):
                        raise
                    raise _SlowPath from error
                outbox.pending.extend(emitted.pending)
                outbox.after_commit.extend(emitted.after_commit)
                outcomes.append((envelope.event_type, "processed"))
        self._count(outcomes)

    def _plan(
        self, records: Sequence[Record]
    ) -> tuple[list[tuple[Envelope, Handler, str]], list[tuple[str, str]]]:
        """The envelopes to handle (with their topic); _SlowPath when a record needs
        individual care."""
        work: list[tuple[Envelope, Handler, str]] = []
        outcomes: list[tuple[str, str]] = []
        for record in records:
            if not self._addressed_to_me(record):
                raise _SlowPath
            try:
                envelope = Envelope.from_bytes(record.value)
            except MalformedMessage:
                raise _SlowPath from None
            handler = self.handlers.get(envelope.event_type)
            if handler is None:
                outcomes.append((envelope.event_type, "ignored"))
            else:
                work.append((envelope, handler, record.topic))
        return work, outcomes

    async def _claim_in_inbox(
        self, uow: UnitOfWork, work: Sequence[tuple[Envelope, Handler, str]]
    ) -> set[str]:
        """Record every event id and fact at once; return the ids of events seen for the first
        time (neither their id nor their fact known yet)."""
        if not work:
            return set()
        inserted = await uow.session.execute(
            text(
                f"INSERT INTO {self.db.schema}.inbox (event_id, topic, fact)"
                " SELECT * FROM unnest(CAST(:ids AS uuid[]), CAST(:topics AS text[]),"
                " CAST(:facts AS text[])) ON CONFLICT DO NOTHING RETURNING event_id"
            ),
            {
                "ids": [str(envelope.event_id) for envelope, _, _ in work],
                "topics": [topic for _, _, topic in work],
                "facts": [envelope.fact() for envelope, _, _ in work],
            },
        )
        return {str(row[0]) for row in inserted}

    def _outbox_caused_by(self, envelope: Envelope) -> Outbox:
        logs.correlation_id.set(envelope.correlation_id)
        logs.case_id.set(envelope.case_id)
        return Outbox(
            producer=self.service,
            topic=self.events_topic,
            correlation_id=envelope.correlation_id,
            causation_id=str(envelope.event_id),
        )

    def _count(self, outcomes: Sequence[tuple[str, str]]) -> None:
        for event_type, outcome in outcomes:
            metrics.EVENTS_CONSUMED.labels(self.service, event_type, outcome).inc()

    async def _process_slow(self, records: Sequence[Record]) -> None:
        outbox = Outbox(producer=self.service, topic=self.events_topic)
        outcomes: list[tuple[str, str]] = []
        async with UnitOfWork(
            self.db, outbox, shards=self.shards, on_commit=self.on_commit, store=self.store
        ) as uow:
            for record in records:
                outcomes.append(await self._process_record(uow, outbox, record))
        self._count(outcomes)

    async def _process_record(
        self, uow: UnitOfWork, outbox: Outbox, record: Record
    ) -> tuple[str, str]:
        if not self._addressed_to_me(record):
            return "-", "ignored"
        try:
            envelope = Envelope.from_bytes(record.value)
        except MalformedMessage as error:
            outbox.send_raw(self._dead_letter(record, error, attempts=1))
            return "malformed", "dead_lettered"
        handler = self.handlers.get(envelope.event_type)
        if handler is None:
            return envelope.event_type, "ignored"
        last_error: Exception | None = None
        for attempt in range(1, self.max_attempts + 1):
            emitted = self._outbox_caused_by(envelope)
            try:
                async with uow.session.begin_nested():
                    if not await self._first_delivery(uow, envelope, record.topic):
                        return envelope.event_type, "duplicate"
                    event = envelope.event()
                    await handler(event, MessageContext(uow, envelope, emitted))
                outbox.pending.extend(emitted.pending)
                outbox.after_commit.extend(emitted.after_commit)
                return envelope.event_type, "processed"
            except MalformedMessage as error:
                outbox.send_raw(self._dead_letter(record, error, attempts=attempt))
                return envelope.event_type, "dead_lettered"
            except Exception as error:
                if is_infrastructure_error(error):
                    raise
                last_error = error
                metrics.CONSUMER_RETRIES.labels(self.service, "handler").inc()
                log.warning(
                    "handler failed",
                    extra={"event_type": envelope.event_type, "attempt": attempt},
                    exc_info=error,
                )
                await asyncio.sleep(self.retry_delay * attempt)
        assert last_error is not None
        outbox.send_raw(self._dead_letter(record, last_error, attempts=self.max_attempts))
        return envelope.event_type, "dead_lettered"

    def _addressed_to_me(self, record: Record) -> bool:
        """A replayed dead letter is meant for the one service that failed it."""
        for key, value in record.headers or ():
            if key == REPLAY_HEADER:
                return value.decode() == self.service
        return True

    async def _first_delivery(self, uow: UnitOfWork, envelope: Envelope, topic: str) -> bool:
        inserted = await uow.session.execute(
            text(
                f"INSERT INTO {self.db.schema}.inbox (event_id, topic, fact)"
                " VALUES (:id, :topic, :fact) ON CONFLICT DO NOTHING RETURNING event_id"
            ),
            {"id": envelope.event_id, "topic": topic, "fact": envelope.fact()},
        )
        return inserted.first() is not None

    def _dead_letter(
        self, record: Record, error: BaseException, *, attempts: int
    ) -> OutgoingMessage:
        log.error(
            "dead-lettering message",
            extra={"topic": record.topic, "offset": record.offset, "error": str(error)[:500]},
        )
        headers = [(k, v) for k, v in (record.headers or ()) if not k.startswith("dlq.")]
        headers += [
            ("dlq.error", str(error)[:4000].encode()),
            ("dlq.error_type", type(error).__name__.encode()),
            ("dlq.traceback", "".join(traceback.format_exception(error))[-4000:].encode()),
            ("dlq.original_topic", record.topic.encode()),
            ("dlq.original_partition", str(record.partition).encode()),
            ("dlq.original_offset", str(record.offset).encode()),
            ("dlq.consumer", self.service.encode()),
            ("dlq.attempts", str(attempts).encode()),
            ("dlq.failed_at", datetime.now(UTC).isoformat().encode()),
        ]
        return OutgoingMessage(
            topic=dead_letter_topic(self.service),
            key=record.key.decode("utf-8", "replace") if record.key is not None else None,
            value=record.value or b"",
            headers=headers,
        )
