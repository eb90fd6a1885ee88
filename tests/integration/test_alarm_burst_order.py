"""A burst larger than a batch: the scheduler claims the next batch while the previous one
is still writing, and must still announce each case's alarms in due order (the later batch
commits its outbox rows only after the earlier one). Real deadline process, real Kafka.
And the claim, sent on the driver connection under the session, belongs to the caller's
transaction: rolled back, it rings nothing."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
import pytest
import pytest_asyncio

from common.db import Database
from common.topics import DEADLINE_TIMER_EVENTS, qualified
from deadline.repository.alarms import claim_due_alarms
from tests.support.deadline import DeadlineProcess, alarm_key, alarms_in
from tests.support.infra import TestRun
from tests.support.kafka import read_until

CASES, ROUNDS = 30, 10  # three alarms per round: 900 alarms, nine batches of 100


@pytest_asyncio.fixture(scope="module")
async def logs(test_run: TestRun, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Path]:
    """Migrations and the seeded policy, by a replica that then stops."""
    folder = tmp_path_factory.mktemp("order_logs")
    first = DeadlineProcess(test_run, folder, name="migrate", SCHEDULER_ENABLED="false")
    first.start()
    try:
        await first.ready()
    finally:
        first.stop()
    yield folder


async def interleaved_alarms(run: TestRun) -> dict[tuple[int, str], datetime]:
    """Every case has one alarm due in each of 30 consecutive seconds, half an hour ago, so
    every batch holds alarms of every case. Returns each alarm's due time."""
    connection = await asyncpg.connect(run.plain_database_url)
    try:
        rows = await connection.fetch(
            """
            WITH t AS (
              INSERT INTO deadline.timers (case_id, stage, round, attempt, kind, category,
                department, policy, policy_version, limit_minutes, extension_minutes,
                consumed_minutes, started_at, anchor_at, due_at, state)
              SELECT 'BO-' || c, 'resolution', r, 1, 'complaint', 'order', 'dept',
                'resolution', 1, 2100, 0, 0, now() - interval '30 days',
                now() - interval '30 days', now() - interval '1 second', 'running'
              FROM generate_series(1, $1::int) AS c, generate_series(1, $2::int) AS r
              RETURNING id, round)
            INSERT INTO deadline.timer_alarms (timer_id, kind, name, fraction, days_after, due_at)
            SELECT t.id, k.kind, k.name, k.fraction, 0,
              now() - interval '30 minutes' + ((t.round - 1) * 3 + k.slot) * interval '1 second'
            FROM t, (VALUES (0, 'warning', 'warning-0.5', 0.5::float8),
                            (1, 'warning', 'warning-0.75', 0.75::float8),
                            (2, 'exceeded', 'exceeded', NULL::float8))
                 AS k(slot, kind, name, fraction)
            RETURNING timer_id, name, due_at
            """,
            CASES,
            ROUNDS,
        )
    finally:
        await connection.close()
    return {(r["timer_id"], r["name"]): r["due_at"] for r in rows}


async def test_each_case_hears_its_alarms_in_due_order(test_run: TestRun, logs: Path) -> None:
    due = await interleaved_alarms(test_run)
    assert len(due) == CASES * ROUNDS * 3
    replica = DeadlineProcess(test_run, logs, name="order", SCHEDULER_BATCH="100")
    replica.start()
    topic = qualified(DEADLINE_TIMER_EVENTS, test_run.topic_prefix)
    try:
        records = await read_until(
            test_run.servers.kafka_bootstrap,
            topic,
            lambda rs: len(alarms_in(rs)) >= len(due),
            timeout=120,
        )
    finally:
        replica.stop()
    heard: dict[str, list[datetime]] = defaultdict(list)
    for envelope in alarms_in(records):  # a case has one partition: its records are in order
        heard[envelope.case_id].append(due[alarm_key(envelope)])
    assert len(heard) == CASES
    for case_id, times in heard.items():
        assert len(times) == ROUNDS * 3, case_id
        assert times == sorted(times), f"{case_id} heard its alarms out of due order"


async def fired_of(run: TestRun, prefix: str) -> int:
    connection = await asyncpg.connect(run.plain_database_url)
    try:
        count: int = await connection.fetchval(
            "SELECT count(*) FROM deadline.timer_alarms a JOIN deadline.timers t"
            " ON t.id = a.timer_id WHERE t.case_id LIKE $1 || '%' AND a.fired_at IS NOT NULL",
            prefix,
        )
    finally:
        await connection.close()
    return count


async def test_a_claim_rolled_back_rings_nothing(test_run: TestRun, logs: Path) -> None:
    connection = await asyncpg.connect(test_run.plain_database_url)
    try:  # due tomorrow: no replica of this module rings them
        await connection.execute(
            """
            WITH t AS (
              INSERT INTO deadline.timers (case_id, stage, round, attempt, kind, category,
                department, policy, policy_version, limit_minutes, extension_minutes,
                consumed_minutes, started_at, anchor_at, due_at, state)
              SELECT 'RB-' || i, 'resolution', 1, 1, 'complaint', 'rollback', 'dept',
                'resolution', 1, 2100, 0, 0, now(), now(), now() + interval '1 day', 'running'
              FROM generate_series(1, 3) AS i RETURNING id)
            INSERT INTO deadline.timer_alarms (timer_id, kind, name, days_after, due_at)
            SELECT id, 'exceeded', 'exceeded', 0, now() + interval '1 day' FROM t
            """
        )
    finally:
        await connection.close()
    later = datetime.now(UTC) + timedelta(days=2)
    db = Database(test_run.database_url, schema="deadline")
    try:
        async with db.session() as session:
            await session.begin()
            claimed = await claim_due_alarms(session, now=later, limit=100)
            assert {r["case_id"] for r in claimed} >= {"RB-1", "RB-2", "RB-3"}
            await session.rollback()
        assert await fired_of(test_run, "RB-") == 0
        async with db.session() as session, session.begin():
            await claim_due_alarms(session, now=later, limit=100)
        assert await fired_of(test_run, "RB-") == 3
    finally:
        await db.dispose()
