"""What a unit of work or a consumed message asks to run after commit (a business counter)
runs once the transaction has committed: never after a rollback, and once for a message
whose handler failed before it succeeded; never for a message that was dead-lettered."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import pytest_asyncio

from common.consumer import EventConsumer, MessageContext
from common.db import Database
from common.envelope import Envelope
from common.events import CaseRejected
from common.migrations import migrate
from common.outbox import Outbox, UnitOfWork
from tests.support.infra import TestRun


@pytest_asyncio.fixture(scope="module")
async def db(
    test_run: TestRun, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Database]:
    database = Database(test_run.database_url, schema="supervision")
    await migrate(database, Path(tmp_path_factory.mktemp("no_service_migrations")))
    yield database
    await database.dispose()


@dataclass
class Record:
    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    headers: list[tuple[str, bytes]]


def record(reason: str, offset: int) -> Record:
    case_id = f"commit-{uuid.uuid4().hex[:8]}"
    envelope = Envelope.wrap(
        CaseRejected(reason=reason, actor="test"), case_id=case_id, producer="intake"
    )
    return Record("intake.case-events.v1", 0, offset, case_id.encode(), envelope.to_bytes(), [])


def outbox() -> Outbox:
    return Outbox(producer="supervision", topic="supervision.supervision-events.v1")


async def test_a_unit_of_work_runs_its_callbacks_after_commit_only(db: Database) -> None:
    ran: list[str] = []
    async with UnitOfWork(db, outbox(), shards=4) as uow:
        uow.after_commit(lambda: ran.append("committed"))
        assert ran == [], "not before the commit"
    assert ran == ["committed"]

    with pytest.raises(RuntimeError):
        async with UnitOfWork(db, outbox(), shards=4) as uow:
            uow.after_commit(lambda: ran.append("rolled back"))
            raise RuntimeError("the state change fails")
    assert ran == ["committed"]


async def test_a_failing_callback_does_not_undo_the_commit(db: Database) -> None:
    ran: list[str] = []

    def broken() -> None:
        raise ValueError("a metric that cannot be counted")

    async with UnitOfWork(db, outbox(), shards=4) as uow:
        uow.after_commit(broken)
        uow.after_commit(lambda: ran.append("next"))
    assert ran == ["next"]


async def test_a_message_counts_once_however_often_its_handler_was_tried(db: Database) -> None:
    counted: list[str] = []
    attempts: dict[str, int] = {}

    async def handler(event: CaseRejected, ctx: MessageContext) -> None:
        attempts[event.reason] = attempts.get(event.reason, 0) + 1
        ctx.after_commit(lambda: counted.append(event.reason))
        if event.reason == "fails once" and attempts[event.reason] == 1:
            raise ValueError("a passing failure")
        if event.reason == "always fails":
            raise ValueError("a poison pill")

    consumer = EventConsumer(
        service="supervision",
        db=db,
        handlers={CaseRejected: handler},
        events_topic="supervision.supervision-events.v1",
        shards=4,
        max_attempts=3,
        retry_delay=0.01,
    )
    await consumer.process([record("plain", 1), record("fails once", 2), record("always fails", 3)])

    assert attempts["always fails"] == 3, "tried, then dead-lettered"
    assert attempts["fails once"] == 2
    assert sorted(counted) == ["fails once", "plain"]
