"""Timer burst benchmark: a million open timers, then 100,000 alarms falling due at the same
instant, rung by real deadline replica processes.

    uv run python bench/timer_burst.py [--timers 1000000] [--burst 100000] [--replicas 1]

Needs Kafka and PostgreSQL (KAFKA_BOOTSTRAP_SERVERS, DATABASE_URL; default the local ones of
deploy/local/env.sh). Works in a database and topic prefix of its own, removed at the end.

Prints:
- timers created per second (one INSERT ... SELECT generate_series, with one alarm each);
- the lag from the instant the burst fell due to each event on Kafka: by the broker's
  record timestamp (the relay's send) and by this script's receive time; p50, p99, max;
- each replica's peak resident memory (VmHWM from /proc/<pid>/status).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
import httpx
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from common.db import Database
from common.migrations import migrate
from common.topics import DEADLINE_TIMER_EVENTS, qualified
from common.topics_admin import apply_catalogue, delete_prefixed

ROOT = Path(__file__).resolve().parents[1]
MIGRATIONS = ROOT / "services" / "deadline" / "migrations"
KAFKA = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:19092")
SERVER = os.environ.get(
    "DATABASE_URL", "postgresql+asyncpg://civic:civic@127.0.0.1:54329/civic"
).replace("postgresql+asyncpg://", "postgresql://")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def create_timers(url: str, timers: int) -> float:
    """All timers open, each with its limit alarm far in the future; returns seconds taken."""
    connection = await asyncpg.connect(url)
    started = time.perf_counter()
    try:
        await connection.execute(
            """
            WITH t AS (
              INSERT INTO deadline.timers (case_id, stage, round, attempt, kind, category,
                department, policy, policy_version, limit_minutes, extension_minutes,
                consumed_minutes, started_at, anchor_at, due_at, state)
              SELECT 'B' || i, 'resolution', 1, 1, 'complaint', 'bench', 'dept-' || (i % 343),
                'resolution', 1, 2100, 0, 0, now(), now(), now() + interval '30 days', 'running'
              FROM generate_series(1, $1::int) AS i RETURNING id)
            INSERT INTO deadline.timer_alarms (timer_id, kind, name, days_after, due_at)
            SELECT id, 'exceeded', 'exceeded', 0, now() + interval '30 days' FROM t
            """,
            timers,
        )
        await connection.execute("ANALYZE deadline.timers; ANALYZE deadline.timer_alarms")
    finally:
        await connection.close()
    return time.perf_counter() - started


async def make_due(url: str, burst: int, due: datetime) -> None:
    connection = await asyncpg.connect(url)
    try:
        await connection.execute(
            "UPDATE deadline.timer_alarms SET due_at = $2 WHERE timer_id IN"
            " (SELECT id FROM deadline.timers ORDER BY id LIMIT $1)",
            burst,
            due,
        )
    finally:
        await connection.close()


def start_replica(url: str, prefix: str, port: int, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": url.replace("postgresql://", "postgresql+asyncpg://"),
        "KAFKA_BOOTSTRAP_SERVERS": KAFKA,
        "TOPIC_PREFIX": prefix,
        "HTTP_PORT": str(port),
        "LOG_LEVEL": "WARNING",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "deadline"], env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT
    )


async def wait_ready(port: int, process: subprocess.Popen[bytes]) -> None:
    async with httpx.AsyncClient() as client:
        for _ in range(300):
            if process.poll() is not None:
                raise RuntimeError("replica exited; see its log")
            try:
                if (await client.get(f"http://127.0.0.1:{port}/readyz")).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.2)
    raise TimeoutError("replica not ready")


async def partition_ids(topic: str) -> list[int]:
    admin = AIOKafkaAdminClient(bootstrap_servers=KAFKA)
    await admin.start()
    try:
        (described,) = await admin.describe_topics([topic])
    finally:
        await admin.close()
    return sorted(p["partition"] for p in described["partitions"])


async def collect(topic: str, count: int, started: asyncio.Event) -> list[tuple[float, float]]:
    """(broker timestamp, receive time) of the next `count` records on the topic."""
    consumer = AIOKafkaConsumer(bootstrap_servers=KAFKA, enable_auto_commit=False)
    await consumer.start()
    try:
        partitions = [TopicPartition(topic, p) for p in await partition_ids(topic)]
        consumer.assign(partitions)
        await consumer.seek_to_end(*partitions)
        for partition in partitions:
            await consumer.position(partition)
        started.set()
        seen: list[tuple[float, float]] = []
        limit = time.time() + 600
        while len(seen) < count and time.time() < limit:
            batch = await consumer.getmany(timeout_ms=500, max_records=5000)
            now = time.time()
            seen += [(r.timestamp / 1000, now) for rs in batch.values() for r in rs]
        return seen
    finally:
        await consumer.stop()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timers", type=int, default=1_000_000)
    parser.add_argument("--burst", type=int, default=100_000)
    parser.add_argument("--replicas", type=int, default=1)
    parser.add_argument("--lead-seconds", type=float, default=5.0)
    args = parser.parse_args()

    token = uuid.uuid4().hex[:8]
    database, prefix = f"civicbench_{token}", f"bench{token}."
    url = f"{SERVER.rpartition('/')[0]}/{database}"
    admin = await asyncpg.connect(SERVER)
    await admin.execute(f'CREATE DATABASE "{database}"')
    await admin.close()
    await apply_catalogue(KAFKA, prefix=prefix)
    replicas: list[subprocess.Popen[bytes]] = []
    logs = ROOT / ".local" / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    try:
        db = Database(url.replace("postgresql://", "postgresql+asyncpg://"), schema="deadline")
        await migrate(db, MIGRATIONS)
        await db.dispose()
        seconds = await create_timers(url, args.timers)
        print(f"$ uv run python bench/timer_burst.py {' '.join(sys.argv[1:])}".rstrip())
        print(f"timers created: {args.timers:,} in {seconds:.1f} s, {args.timers / seconds:,.0f}/s")

        ports = [free_port() for _ in range(args.replicas)]
        for n, port in enumerate(ports):
            replicas.append(start_replica(url, prefix, port, logs / f"bench-deadline-{n}.log"))
        for port, process in zip(ports, replicas, strict=True):
            await wait_ready(port, process)

        topic = qualified(DEADLINE_TIMER_EVENTS, prefix)
        listening = asyncio.Event()
        reader = asyncio.create_task(collect(topic, args.burst, listening))
        await listening.wait()
        due = datetime.now(UTC) + timedelta(seconds=args.lead_seconds)
        await make_due(url, args.burst, due)
        seen = await reader
        epoch = due.timestamp()
        broker = [max(0.0, stamp - epoch) for stamp, _ in seen]
        received = [max(0.0, got - epoch) for _, got in seen]
        print(f"burst: {args.burst:,} alarms due at once, {args.replicas} replica(s)")
        print(f"events on Kafka: {len(seen):,} (expected {args.burst:,})")
        for label, lags in (("broker timestamp", broker), ("received", received)):
            print(
                f"lag due -> {label}: p50 {percentile(lags, 0.5):.2f} s,"
                f" p99 {percentile(lags, 0.99):.2f} s, max {max(lags):.2f} s,"
                f" mean {statistics.fmean(lags):.2f} s"
            )
        for n, process in enumerate(replicas):
            print(f"replica {n} peak RSS (VmHWM): {peak_rss_mb(process.pid):.0f} MB")
    finally:
        for process in replicas:
            process.terminate()
        for process in replicas:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        await delete_prefixed(KAFKA, prefix)
        admin = await asyncpg.connect(SERVER)
        await admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        await admin.close()


if __name__ == "__main__":
    asyncio.run(main())
