"""The transactional outbox over real PostgreSQL and Kafka.

An event exists only if its transaction committed; once committed it reaches Kafka even if
the process dies before publishing; a case's events arrive in the order they were made,
even with two relays competing for the work.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from sqlalchemy import text

from common.db import Database
from common.envelope import Envelope
from common.events import CaseRejected
from common.migrations import migrate
from common.outbox import Outbox, OutboxRelay, UnitOfWork
from common.topics import INTAKE_CASE_EVENTS, qualified
from tests.support.infra import TestRun
from tests.support.kafka import read_until

SHARDS = 4


@pytest_asyncio.fixture(scope="module")
async def db(
    test_run: TestRun, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Database]:
    database = Database(test_run.database_url, schema="intake")
    await migrate(database, Path(tmp_path_factory.mktemp("no_service_migrations")))
    yield database
    await database.dispose()


def relay_for(db: Database, run: TestRun) -> OutboxRelay:
    return OutboxRelay(
        db,
        bootstrap_servers=run.servers.kafka_bootstrap,
        client_id="outbox-test",
        topic_prefix=run.topic_prefix,
        shards=SHARDS,
        poll_seconds=0.02,
    )


async def emit(db: Database, case_id: str, reason: str) -> Envelope:
    async with UnitOfWork(
        db, Outbox(producer="intake", topic=INTAKE_CASE_EVENTS), shards=SHARDS
    ) as uow:
        return uow.emit(CaseRejected(reason=reason, actor="test"), case_id=case_id)


async def backlog(db: Database, case_id: str) -> int:
    async with db.session() as session:
        count = await session.scalar(
            text("SELECT count(*) FROM intake.outbox WHERE key = :k"), {"k": case_id}
        )
    return int(count or 0)


def envelopes_of(records: list, case_id: str) -> list[Envelope]:
    return [Envelope.from_bytes(r.value) for r in records if r.key == case_id.encode()]


async def test_committed_event_survives_a_crash_before_publish(
    db: Database, test_run: TestRun
) -> None:
    case_id = f"crash-{uuid.uuid4().hex[:8]}"
    sent = await emit(db, case_id, "committed, then the process died")
    # The process "dies" here: no relay ever ran in it. The event waits in PostgreSQL.
    assert await backlog(db, case_id) == 1

    relay = relay_for(db, test_run)  # a new process starts its relay
    await relay.start()
    try:
        assert await relay.publish_pending() >= 1
    finally:
        await relay.stop()

    topic = qualified(INTAKE_CASE_EVENTS, test_run.topic_prefix)
    records = await read_until(
        test_run.servers.kafka_bootstrap, topic, lambda rs: bool(envelopes_of(list(rs), case_id))
    )
    (received,) = envelopes_of(records, case_id)
    assert received.event_id == sent.event_id
    assert received.event_type == "CaseRejected"
    assert received.payload["reason"] == "committed, then the process died"
    assert await backlog(db, case_id) == 0, "published rows leave the outbox"


async def test_rolled_back_work_publishes_nothing(db: Database) -> None:
    case_id = f"rollback-{uuid.uuid4().hex[:8]}"
    with pytest.raises(RuntimeError, match="failed after emitting"):
        async with UnitOfWork(
            db, Outbox(producer="intake", topic=INTAKE_CASE_EVENTS), shards=SHARDS
        ) as uow:
            uow.emit(CaseRejected(reason="never", actor="test"), case_id=case_id)
            raise RuntimeError("the use case failed after emitting")
    assert await backlog(db, case_id) == 0


async def test_two_relays_keep_each_case_in_order(db: Database, test_run: TestRun) -> None:
    cases = [f"order-{uuid.uuid4().hex[:6]}-{n}" for n in range(4)]
    per_case = 40
    relays = [relay_for(db, test_run), relay_for(db, test_run)]
    for relay in relays:
        await relay.start()
    tasks = [asyncio.create_task(relay.run()) for relay in relays]
    try:
        for seq in range(per_case):
            for case_id in cases:
                await emit(db, case_id, str(seq))
        topic = qualified(INTAKE_CASE_EVENTS, test_run.topic_prefix)

        def all_arrived(records: list) -> bool:
            return all(len(envelopes_of(records, c)) >= per_case for c in cases)

        records = await read_until(
            test_run.servers.kafka_bootstrap, topic, lambda rs: all_arrived(list(rs)), timeout=60
        )
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for relay in relays:
            await relay.stop()
    for case_id in cases:
        reasons = [e.payload["reason"] for e in envelopes_of(records, case_id)]
        distinct = list(dict.fromkeys(reasons))  # a republished duplicate would repeat a value
        assert distinct == [str(n) for n in range(per_case)], f"{case_id} out of order: {reasons}"


async def test_outbox_headers_carry_type_and_ids(db: Database, test_run: TestRun) -> None:
    case_id = f"headers-{uuid.uuid4().hex[:8]}"
    sent = await emit(db, case_id, "headers")
    async with db.session() as session:
        headers = await session.scalar(
            text("SELECT headers FROM intake.outbox WHERE key = :k"), {"k": case_id}
        )
    as_dict = dict(headers if isinstance(headers, list) else json.loads(headers))
    assert as_dict["event_type"] == "CaseRejected"
    assert as_dict["event_id"] == str(sent.event_id)
    assert as_dict["correlation_id"] == sent.correlation_id
