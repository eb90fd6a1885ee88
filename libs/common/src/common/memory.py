"""The in-memory unit of work: application tests run a service's use cases and handler-map
entries on its in-memory store (`<service>.repository.memory`) in microseconds, with no
PostgreSQL and no Kafka.

It keeps what a transaction promises. Events emitted in a unit are published only when it
commits, each checked for ownership by the same Outbox a running service uses; a unit that
raises leaves the store as it found it (a deep copy taken on entry is put back) and
publishes nothing, so a test can show that a refused command changed nothing.

Proof of delivery (inbox, outbox relay, dead letters) belongs to the tests on a real broker
and database; this is for the rules in between.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar

from common.consumer import Handler, MessageContext
from common.envelope import Envelope, Event
from common.outbox import Outbox, run_after_commit
from common.topics import EVENTS_TOPIC_OF

StoreT = TypeVar("StoreT")
EventT = TypeVar("EventT", bound=Event)


class MemoryDatabase(Generic[StoreT]):
    """One service's store and what its committed units published, in order."""

    def __init__(self, store: StoreT, *, producer: str) -> None:
        self.store = store
        self.producer = producer
        self.published: list[Envelope] = []

    def unit_of_work(self, *, causation_id: str | None = None) -> MemoryUnitOfWork[StoreT]:
        return MemoryUnitOfWork(self, causation_id=causation_id)

    def events(self, kind: type[EventT]) -> list[EventT]:
        """The committed events of one type, typed, oldest first."""
        return [
            event
            for event in (envelope.event() for envelope in self.published)
            if isinstance(event, kind)
        ]

    def event_types(self) -> list[str]:
        return [envelope.event_type for envelope in self.published]

    async def deliver(
        self,
        handlers: Mapping[type[Event], Handler],
        event: Event,
        *,
        case_id: str,
        producer: str | None = None,
    ) -> list[Envelope]:
        """Hand `event` to its handler-map entry in one unit, as the consumer would, and
        return what that unit published. A type with no entry raises KeyError: the service
        does not consume it."""
        handler = handlers[type(event)]
        incoming = Envelope.wrap(event, case_id=case_id, producer=producer or event.producer)
        before = len(self.published)
        async with self.unit_of_work(causation_id=str(incoming.event_id)) as uow:
            await handler(event, MessageContext(uow, incoming, uow.outbox))
        return self.published[before:]


class MemoryUnitOfWork(Generic[StoreT]):
    """A Transaction (common.outbox) over a MemoryDatabase."""

    def __init__(self, database: MemoryDatabase[StoreT], *, causation_id: str | None) -> None:
        self.database = database
        self.outbox = Outbox(
            producer=database.producer,
            topic=EVENTS_TOPIC_OF[database.producer],
            causation_id=causation_id,
        )
        self._snapshot: dict[str, Any] = {}

    @property
    def store(self) -> StoreT:
        return self.database.store

    def emit(self, event: Event, *, case_id: str) -> Envelope:
        return self.outbox.emit(event, case_id=case_id)

    def after_commit(self, callback: Callable[[], None]) -> None:
        self.outbox.after_commit.append(callback)

    async def __aenter__(self) -> MemoryUnitOfWork[StoreT]:
        self._snapshot = copy.deepcopy(vars(self.database.store))
        return self

    async def __aexit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if exc_type is not None:
            state = vars(self.database.store)
            state.clear()
            state.update(self._snapshot)
            return
        self.database.published.extend(
            Envelope.from_bytes(message.value) for message in self.outbox.pending
        )
        run_after_commit(self.outbox.after_commit)
