"""Several deadline replicas on one schema, thousands of alarms due at the same instant, the
output topic read back from Kafka: every alarm announced, none twice. Then a replica is
killed (SIGKILL) in the middle of a burst: the survivor and the restarted replica finish it,
nothing is lost, and whatever the outbox relay re-sent after the crash carries the same
event id (alarm event ids are derived from the alarm), so consumers drop it by that id."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any

import asyncpg
import pytest
import pytest_asyncio

from common.envelope import Envelope
from common.topics import DEADLINE_TIMER_EVENTS, qualified
from tests.support.deadline import DeadlineProcess, alarm_key
from tests.support.infra import TestRun
from tests.support.kafka import eventually, read_all, read_until

ALARMS_PER_TIMER = 3


@pytest_asyncio.fixture(scope="module")
async def schema_ready(
    test_run: TestRun, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Path]:
    """Migrations and the seeded policy, by a replica that then stops."""
    logs = tmp_path_factory.mktemp("replica_logs")
    first = DeadlineProcess(test_run, logs, name="migrate", SCHEDULER_ENABLED="false")
    first.start()
    try:
        await first.ready()
    finally:
        first.stop()
    yield logs


async def due_burst(run: TestRun, prefix: str, timers: int) -> set[tuple[int, str]]:
    """`timers` running timers with three alarms each, all due a second ago."""
    connection = await asyncpg.connect(run.plain_database_url)
    try:
        rows = await connection.fetch(
            """
            WITH t AS (
              INSERT INTO deadline.timers (case_id, stage, round, attempt, kind, category,
                department, policy, policy_version, limit_minutes, extension_minutes,
                consumed_minutes, started_at, anchor_at, due_at, state)
              SELECT $1 || i, 'resolution', 1, 1, 'complaint', 'burst', 'dept-' || (i % 20),
                'resolution', 1, 2100, 0, 0, now() - interval '30 days',
                now() - interval '30 days', now() - interval '1 second', 'running'
              FROM generate_series(1, $2::int) AS i RETURNING id)
            INSERT INTO deadline.timer_alarms (timer_id, kind, name, fraction, days_after, due_at)
            SELECT t.id, k.kind, k.name, k.fraction, 0, now() - interval '1 second'
            FROM t, (VALUES ('warning', 'warning-0.5', 0.5::float8),
                            ('warning', 'warning-0.75', 0.75::float8),
                            ('exceeded', 'exceeded', NULL::float8)) AS k(kind, name, fraction)
            RETURNING timer_id, name
            """,
            prefix,
            timers,
        )
    finally:
        await connection.close()
    return {(r["timer_id"], r["name"]) for r in rows}


async def outbox_drained(run: TestRun, prefix: str) -> bool:
    connection = await asyncpg.connect(run.plain_database_url)
    try:
        waiting: int = await connection.fetchval(
            "SELECT count(*) FROM deadline.outbox WHERE key LIKE $1 || '%'", prefix
        )
    finally:
        await connection.close()
    return waiting == 0


async def fired_count(run: TestRun, prefix: str) -> int:
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


async def announced(run: TestRun, prefix: str, expected: int) -> list[Envelope]:
    """This burst's events on the topic, once at least `expected` distinct ids are there and
    the outbox is empty: a late duplicate can only come from a row still in the outbox."""
    topic = qualified(DEADLINE_TIMER_EVENTS, run.topic_prefix)

    def distinct(records: Sequence[Any]) -> int:
        ids = {dict(r.headers)["event_id"] for r in records if r.key.startswith(prefix.encode())}
        return len(ids)

    await read_until(
        run.servers.kafka_bootstrap, topic, lambda rs: distinct(rs) >= expected, timeout=180
    )
    await eventually(lambda: outbox_drained(run, prefix), timeout=60)
    records = await read_all(run.servers.kafka_bootstrap, topic)
    envelopes = [Envelope.from_bytes(r.value) for r in records]
    return [e for e in envelopes if e.case_id.startswith(prefix)]


async def test_two_replicas_announce_every_alarm_exactly_once(
    test_run: TestRun, schema_ready: Path
) -> None:
    expected = await due_burst(test_run, "R2-", 3000)
    assert len(expected) == 3000 * ALARMS_PER_TIMER
    replicas = [
        DeadlineProcess(test_run, schema_ready, name=f"replica-{n}", SCHEDULER_BATCH="200")
        for n in (1, 2)
    ]
    for replica in replicas:
        replica.start()
    try:
        events = await announced(test_run, "R2-", len(expected))
    finally:
        for replica in replicas:
            replica.stop()
    keys = Counter(alarm_key(e) for e in events)
    assert set(keys) == expected
    assert [k for k, n in keys.items() if n > 1] == []  # no crash: not even a re-send
    assert len({e.event_id for e in events}) == len(events)
    assert await fired_count(test_run, "R2-") == len(expected)


async def test_a_replica_killed_mid_burst_loses_nothing(
    test_run: TestRun, schema_ready: Path
) -> None:
    expected = await due_burst(test_run, "RK-", 6000)
    victim = DeadlineProcess(test_run, schema_ready, name="victim", SCHEDULER_BATCH="100")
    survivor = DeadlineProcess(test_run, schema_ready, name="survivor", SCHEDULER_BATCH="100")
    victim.start()
    survivor.start()
    try:
        limit = time.monotonic() + 120
        while (fired := await fired_count(test_run, "RK-")) < len(expected) // 10:
            assert time.monotonic() < limit, "the burst did not start"
            await asyncio.sleep(0.02)
        victim.kill()  # in the middle of claiming and publishing
        assert fired < len(expected), "the burst ended before the kill; make it bigger"
        victim.start()  # and it comes back
        events = await announced(test_run, "RK-", len(expected))
    finally:
        victim.stop()
        survivor.stop()
    by_alarm: dict[tuple[int, str], set[str]] = {}
    for envelope in events:
        by_alarm.setdefault(alarm_key(envelope), set()).add(str(envelope.event_id))
    assert set(by_alarm) == expected  # none lost
    # a copy re-sent after the crash is the same event (same id): consumers drop it
    assert [k for k, ids in by_alarm.items() if len(ids) > 1] == []
    resent = len(events) - len(by_alarm)
    print(f"killed at {fired}/{len(expected)} claimed; re-sent copies: {resent}")
    assert await fired_count(test_run, "RK-") == len(expected)
