"""The background gauges against real PostgreSQL and Kafka: the age of the oldest unpublished
outbox row, and a consumer group's lag from its positions and the partitions' end offsets."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from prometheus_client import REGISTRY
from sqlalchemy import text

from common import watch
from common.db import Database
from common.events import CaseRejected
from common.migrations import migrate
from common.outbox import Outbox, OutboxRelay, UnitOfWork
from common.topics import INTAKE_CASE_EVENTS, qualified
from tests.support.infra import TestRun
from tests.support.kafka import eventually


@pytest_asyncio.fixture(scope="module")
async def db(
    test_run: TestRun, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Database]:
    database = Database(test_run.database_url, schema="intake")
    await migrate(database, Path(tmp_path_factory.mktemp("no_service_migrations")))
    yield database
    await database.dispose()


async def test_the_outbox_gauges_show_rows_waiting_and_how_long(
    db: Database, test_run: TestRun
) -> None:
    relay = OutboxRelay(  # never started: nothing publishes the rows
        db,
        bootstrap_servers=test_run.servers.kafka_bootstrap,
        client_id="gauge-test",
        topic_prefix=test_run.topic_prefix,
        shards=4,
        poll_seconds=0.05,
    )
    await watch.sample_outbox(relay, "intake")
    assert REGISTRY.get_sample_value("civicloop_outbox_backlog", {"schema": "intake"}) == 0
    assert (
        REGISTRY.get_sample_value("civicloop_outbox_oldest_age_seconds", {"schema": "intake"}) == 0
    )

    for reason in ("first", "second"):
        async with UnitOfWork(
            db, Outbox(producer="intake", topic=INTAKE_CASE_EVENTS), shards=4
        ) as uow:
            uow.emit(CaseRejected(reason=reason, actor="test"), case_id=f"age-{reason}")
    async with db.session() as session, session.begin():
        await session.execute(
            text(
                "UPDATE intake.outbox SET created_at = now() - interval '10 minutes'"
                " WHERE key = 'age-first'"
            )
        )

    await watch.sample_outbox(relay, "intake")
    assert REGISTRY.get_sample_value("civicloop_outbox_backlog", {"schema": "intake"}) == 2
    age = REGISTRY.get_sample_value("civicloop_outbox_oldest_age_seconds", {"schema": "intake"})
    assert age is not None and 600 <= age < 660


async def test_consumer_lag_counts_what_the_group_has_not_consumed(test_run: TestRun) -> None:
    bootstrap = test_run.servers.kafka_bootstrap
    topic = qualified(INTAKE_CASE_EVENTS, test_run.topic_prefix)
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        for n in range(5):
            await producer.send_and_wait(topic, value=b"{}", key=str(n).encode(), partition=3)
    finally:
        await producer.stop()
    group = f"lag-{uuid.uuid4().hex[:8]}"
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=group,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        max_poll_records=2,
    )
    await consumer.start()
    try:
        got: list[object] = []

        async def two_consumed() -> bool:
            batch = await consumer.getmany(timeout_ms=200, max_records=2 - len(got))
            got.extend(record for records in batch.values() for record in records)
            return len(got) == 2

        await eventually(two_consumed)
        lags = await watch.partition_lags(consumer)
        assert lags[(topic, 3)] == 3
        assert {lag for (_, partition), lag in lags.items() if partition != 3} == {0}
        assert len(lags) == len(consumer.assignment()) == 12

        gauge = watch.LagGauge("lag-integration", group)
        await watch.sample_consumer_lag(gauge, [consumer])
        labels = {"service": "lag-integration", "group": group, "topic": topic, "partition": "3"}
        assert REGISTRY.get_sample_value("civicloop_consumer_lag", labels) == 3
    finally:
        await consumer.stop()
