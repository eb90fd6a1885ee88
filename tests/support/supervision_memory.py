"""Supervision on its in-memory store, for the application tests: events delivered to its
handler map at the moment they occurred, use cases run in one unit, and refusals checked to
have changed nothing and published nothing."""

from __future__ import annotations

import copy
from collections.abc import Awaitable, Callable, Iterable
from datetime import UTC, datetime
from typing import Any

import pytest

from common.auth import Principal
from common.consumer import MessageContext
from common.envelope import Envelope, Event
from common.errors import ApiError
from common.memory import MemoryDatabase
from common.vocabulary import Role
from supervision.config import Rules
from supervision.handlers import handlers
from supervision.repository.memory import MemoryStore
from tests.support.supervision_stories import PRODUCER_OF

RULES = Rules(buck_passing_max_returns=2, buck_passing_pair_bounces=2)
HANDLERS = handlers(RULES)
SUPERVISOR = Principal("s1", Role.SUPERVISOR)
NOW = datetime(2026, 3, 9, 8, 0, tzinfo=UTC)

Database = MemoryDatabase[MemoryStore]


def database() -> Database:
    return MemoryDatabase(MemoryStore(), producer="supervision")


def staff_of(department: str) -> Principal:
    return Principal(f"h-{department}", Role.HANDLER, department=department)


def envelope_of(event: Event, case_id: str, occurred_at: datetime = NOW) -> Envelope:
    producer = PRODUCER_OF.get(event.event_type, "dispatch")
    return Envelope.wrap(event, case_id=case_id, producer=producer, occurred_at=occurred_at)


async def deliver(db: Database, envelope: Envelope) -> list[Envelope]:
    """MemoryDatabase.deliver for an envelope of our own making (its moment, its id)."""
    before = len(db.published)
    async with db.unit_of_work(causation_id=str(envelope.event_id)) as uow:
        event = envelope.event()
        await HANDLERS[type(event)](event, MessageContext(uow, envelope, uow.outbox))
    return db.published[before:]


async def deliver_all(db: Database, envelopes: Iterable[Envelope]) -> None:
    for envelope in envelopes:
        await deliver(db, envelope)


async def run(db: Database, use_case: Callable[..., Awaitable[Any]], /, **arguments: Any) -> Any:
    async with db.unit_of_work() as uow:
        return await use_case(uow, **arguments)


async def refused(
    db: Database, code: str, use_case: Callable[..., Awaitable[Any]], /, **arguments: Any
) -> ApiError:
    """The use case refuses with `code`, leaving the store as it was and publishing nothing."""
    before, published = copy.deepcopy(vars(db.store)), len(db.published)
    with pytest.raises(ApiError) as refusal:
        await run(db, use_case, **arguments)
    assert refusal.value.code == code
    assert vars(db.store) == before
    assert len(db.published) == published
    return refusal.value
