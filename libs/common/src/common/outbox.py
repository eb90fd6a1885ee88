"""Transactional outbox: events are rows committed with the state change they announce;
the relay publishes them to Kafka afterwards.

Order: a case's events share a shard (hash of the case id). One relay at a time holds a
shard (a transaction-scoped advisory lock), publishes its rows in id order with the
idempotent producer and deletes them only after the broker acknowledged them. A crash
between publish and delete republishes; consumers drop the duplicate by event id.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from aiokafka import AIOKafkaProducer
from aiokafka.partitioner import DefaultPartitioner
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from common import metrics
from common.db import Database, driver_connection
from common.envelope import Envelope, Event
from common.topics import dead_letter_topic, qualified

log = logging.getLogger(__name__)
#: The producer's own partitioner (send() uses it when no partitioner is configured).
_PARTITIONER = DefaultPartitioner()


def shard_of(key: str | None, shards: int) -> int:
    return zlib.crc32((key or "").encode()) % shards


@dataclass
class OutgoingMessage:
    topic: str
    key: str | None
    value: bytes
    headers: list[tuple[str, bytes]]
    event_id: str | None = None


class ForeignEvent(ValueError):
    """A service tried to publish an event another service owns (Event.producer), or on a
    topic not its own: a bug, never a condition to handle."""


@dataclass
class Outbox:
    """Collects what a unit of work will publish; written on commit, never before."""

    producer: str
    topic: str
    correlation_id: str | None = None
    causation_id: str | None = None
    pending: list[OutgoingMessage] = field(default_factory=list)
    #: Run once the unit of work has committed (never after a rollback): counting a fact
    #: for Prometheus when it is certain, not when it is attempted.
    after_commit: list[Callable[[], None]] = field(default_factory=list)

    def emit(self, event: Event, *, case_id: str) -> Envelope:
        if (event.producer, event.topic) != (self.producer, self.topic):
            raise ForeignEvent(
                f"{self.producer} may not publish {event.event_type} on {self.topic}:"
                f" {event.producer} publishes it, on {event.topic}"
            )
        envelope = Envelope.wrap(
            event,
            case_id=case_id,
            producer=self.producer,
            correlation_id=self.correlation_id,
            causation_id=self.causation_id,
        )
        self.pending.append(
            OutgoingMessage(
                topic=self.topic,
                key=case_id,
                value=envelope.to_bytes(),
                headers=envelope.headers(),
                event_id=str(envelope.event_id),
            )
        )
        return envelope

    def send_raw(self, message: OutgoingMessage) -> None:
        """A message already encoded (a dead letter, an alarm written from a template): only
        to the service's own events topic or its dead-letter topic."""
        if message.topic not in (self.topic, dead_letter_topic(self.producer)):
            raise ForeignEvent(f"{self.producer} may not publish on {message.topic}")
        self.pending.append(message)


async def write_outbox(
    session: AsyncSession, schema: str, messages: Sequence[OutgoingMessage], shards: int
) -> None:
    """All of a unit of work's messages in one statement (one round trip, however many):
    the rows travel as arrays and are numbered in the order they were emitted, which is
    the order the relay publishes them in."""
    if not messages:
        return
    await session.execute(
        text(
            f"INSERT INTO {schema}.outbox (shard, topic, key, value, headers, event_id)"
            " SELECT m.shard, m.topic, m.key, m.value, CAST(m.headers AS jsonb),"
            "  CAST(m.event_id AS uuid)"
            " FROM unnest(CAST(:shards AS integer[]), CAST(:topics AS text[]),"
            "  CAST(:keys AS text[]), CAST(:values AS bytea[]), CAST(:headers AS text[]),"
            "  CAST(:event_ids AS text[]))"
            "  WITH ORDINALITY AS m(shard, topic, key, value, headers, event_id, n)"
            " ORDER BY m.n"
        ),
        {
            "shards": [shard_of(m.key, shards) for m in messages],
            "topics": [m.topic for m in messages],
            "keys": [m.key for m in messages],
            "values": [m.value for m in messages],
            "headers": [
                json.dumps([[k, v.decode("utf-8", "replace")] for k, v in m.headers])
                for m in messages
            ],
            "event_ids": [m.event_id for m in messages],
        },
    )


StoreT_co = TypeVar("StoreT_co", covariant=True)
#: Builds a service's store (its repositories, by aggregate) over a transaction's session.
StoreFactory = Callable[[AsyncSession], Any]


class Transaction(Protocol[StoreT_co]):
    """A unit of work as a use case sees it: the service's store, and events that commit
    with it. UnitOfWork is the PostgreSQL one; common.memory has the in-memory one that
    application tests run the same use cases on."""

    @property
    def store(self) -> StoreT_co: ...

    def emit(self, event: Event, *, case_id: str) -> Envelope: ...

    def after_commit(self, callback: Callable[[], None]) -> None: ...


class UnitOfWork:
    """One transaction: the state change and the events announcing it commit together."""

    def __init__(
        self,
        db: Database,
        outbox: Outbox,
        *,
        shards: int,
        on_commit: asyncio.Event | None = None,
        store: StoreFactory | None = None,
    ) -> None:
        self.db = db
        self.outbox = outbox
        self.shards = shards
        self._on_commit = on_commit
        self.session: AsyncSession = db.session()
        #: the service's repositories over this session (ServiceDefinition.store)
        self.store: Any = store(self.session) if store is not None else None

    def emit(self, event: Event, *, case_id: str) -> Envelope:
        return self.outbox.emit(event, case_id=case_id)

    def after_commit(self, callback: Callable[[], None]) -> None:
        self.outbox.after_commit.append(callback)

    async def __aenter__(self) -> UnitOfWork:
        await self.session.begin()
        return self

    async def __aexit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        try:
            if exc_type is None:
                await write_outbox(self.session, self.db.schema, self.outbox.pending, self.shards)
                await self.session.commit()
                if self.outbox.pending and self._on_commit is not None:
                    self._on_commit.set()
                run_after_commit(self.outbox.after_commit)
            else:
                await self.session.rollback()
        finally:
            await self.session.close()


def run_after_commit(callbacks: Sequence[Callable[[], None]]) -> None:
    """What was committed is done: a failing callback (a metric) is logged, never raised."""
    for callback in callbacks:
        try:
            callback()
        except Exception:
            log.exception("after-commit callback failed")


class OutboxRelay:
    def __init__(
        self,
        db: Database,
        *,
        bootstrap_servers: str,
        client_id: str,
        topic_prefix: str,
        shards: int,
        poll_seconds: float,
        batch_size: int = 5000,
    ) -> None:
        self.db = db
        self.bootstrap_servers = bootstrap_servers
        self.client_id = client_id
        self._producer: AIOKafkaProducer | None = None
        self.prefix = topic_prefix
        self.shards = shards
        self.poll_seconds = poll_seconds
        self.batch_size = batch_size
        self.wake = asyncio.Event()
        self.healthy = True

    async def start(self) -> None:
        """The producer is idempotent (no duplicates or reordering on its retries).

        A partition has one produce request in flight at a time, so its throughput is a
        batch per round trip: 256 KiB batches (about 400 envelopes, the default 16 KiB held
        about 25) keep a burst from queueing behind round trips. No compression: events are
        small and the relay's CPU, not the network, is what a burst spends."""
        self._producer = AIOKafkaProducer(
            bootstrap_servers=self.bootstrap_servers,
            client_id=self.client_id,
            enable_idempotence=True,
            acks="all",
            linger_ms=5,
            max_batch_size=256 * 1024,
        )
        await self._producer.start()

    async def stop(self) -> None:
        if self._producer is not None:
            await self._producer.stop()
            self._producer = None

    @property
    def producer(self) -> AIOKafkaProducer:
        if self._producer is None:
            raise RuntimeError("outbox relay not started")
        return self._producer

    async def run(self) -> None:
        backoff = self.poll_seconds
        while True:
            try:
                moved = await self.publish_pending()
                self.healthy = True
                backoff = self.poll_seconds
            except Exception:
                self.healthy = False
                log.exception("outbox relay failed; retrying")
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 5.0)
                continue
            if moved == 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.wake.wait(), self.poll_seconds)
                self.wake.clear()

    async def publish_pending(self) -> int:
        """One transaction per pass: lock every shard this relay can, publish their oldest
        rows in id order (so in order within each shard), delete what the broker acked."""
        schema = self.db.schema
        async with self.db.session() as session, session.begin():
            shards = list(
                await session.scalars(
                    text(
                        # The shards with rows, by skipping through the (shard, id)
                        # index: one probe per shard, where SELECT DISTINCT read the whole
                        # backlog on every pass (tens of ms at 100,000 rows).
                        "WITH RECURSIVE busy AS ("
                        f" (SELECT shard FROM {schema}.outbox ORDER BY shard LIMIT 1)"
                        " UNION ALL"
                        f" SELECT (SELECT o.shard FROM {schema}.outbox o"
                        "  WHERE o.shard > busy.shard ORDER BY o.shard LIMIT 1)"
                        " FROM busy WHERE busy.shard IS NOT NULL)"
                        " SELECT shard FROM busy WHERE shard IS NOT NULL"
                        " AND pg_try_advisory_xact_lock(hashtext(:lock), shard)"
                    ),
                    {"lock": f"{schema}.outbox"},
                )
            )
            if not shards:
                return 0
            # The batch is read and deleted on the asyncpg connection under the session
            # (same transaction): through SQLAlchemy's result rows and its jsonb codec,
            # reading 5,000 rows cost several times what the driver alone does.
            driver = await driver_connection(session)
            rows = await driver.fetch(
                f"SELECT id, topic, key, value, headers::text AS headers FROM {schema}.outbox"
                " WHERE shard = ANY($1::integer[]) ORDER BY id LIMIT $2",
                shards,
                self.batch_size,
            )
            await self._send(rows)
            await driver.execute(
                f"DELETE FROM {schema}.outbox WHERE id = ANY($1::bigint[])",
                [row["id"] for row in rows],
            )
        metrics.OUTBOX_PUBLISHED.labels(schema).inc(len(rows))
        return len(rows)

    async def _send(self, rows: Sequence[Any]) -> None:
        """Publish outbox rows in order and wait for the broker's acks.

        The records are packed into one batch per partition here and handed over whole
        (send_batch): send() per record cost a coroutine, a metadata check and a future
        each, a quarter of a burst's CPU. Partitions are chosen as send() chooses them (the
        default partitioner: murmur2 of the key), so a case keeps its partition, and each
        partition's batches are handed over in row order."""
        producer = self.producer
        partitions_of: dict[str, list[int]] = {}
        open_batches: dict[tuple[str, int], Any] = {}
        deliveries = []
        for row in rows:
            topic = qualified(row["topic"], self.prefix)
            if topic not in partitions_of:
                partitions_of[topic] = sorted(await producer.partitions_for(topic))
            key = row["key"].encode() if row["key"] is not None else None
            partition = _PARTITIONER(key, partitions_of[topic], partitions_of[topic])
            record = {
                "timestamp": None,
                "key": key,
                "value": row["value"],
                "headers": [(k, v.encode()) for k, v in json.loads(row["headers"])],
            }
            batch = open_batches.get((topic, partition))
            if batch is None or batch.append(**record) is None:
                if batch is not None:  # full: hand it over, start the next
                    deliveries.append(await producer.send_batch(batch, topic, partition=partition))
                batch = open_batches[(topic, partition)] = producer.create_batch()
                if batch.append(**record) is None:
                    raise ValueError(f"outbox row {row['id']} does not fit in a batch")
        for (topic, partition), batch in open_batches.items():
            deliveries.append(await producer.send_batch(batch, topic, partition=partition))
        await asyncio.gather(*deliveries)

    async def backlog(self) -> Backlog:
        async with self.db.session() as session:
            row = (
                await session.execute(
                    text(
                        "SELECT count(*), coalesce(extract(epoch FROM now() - min(created_at)), 0)"
                        f" FROM {self.db.schema}.outbox"
                    )
                )
            ).one()
        return Backlog(rows=int(row[0]), oldest_age_seconds=max(float(row[1]), 0.0))


@dataclass(frozen=True)
class Backlog:
    """What waits in an outbox: how many rows, and for how long the oldest has waited."""

    rows: int
    oldest_age_seconds: float
