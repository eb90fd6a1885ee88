"""Reading topics in tests: everything on a topic, until a condition holds or time runs out."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient


async def read_until(
    bootstrap: str,
    topic: str,
    done: Callable[[Sequence[Any]], bool],
    *,
    timeout: float = 30.0,
) -> list[Any]:
    """All records of the topic from the beginning, read until done(records) or timeout."""
    async with _from_beginning(bootstrap, topic) as (consumer, _):
        records: list[Any] = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            batch = await consumer.getmany(timeout_ms=200)
            for partition_records in batch.values():
                records.extend(partition_records)
            if done(records):
                return records
        return records


async def read_all(bootstrap: str, topic: str, *, timeout: float = 120.0) -> list[Any]:
    """Every record on the topic up to its end offsets as they were when called; fails
    when they cannot be read within `timeout` (a slow machine reads late, never less)."""
    async with _from_beginning(bootstrap, topic) as (consumer, partitions):
        ends = await consumer.end_offsets(partitions)
        records: list[Any] = []
        deadline = time.monotonic() + timeout
        while [p for p in partitions if await consumer.position(p) < ends[p]]:
            assert time.monotonic() < deadline, f"{topic} not read to its end in {timeout} s"
            batch = await consumer.getmany(timeout_ms=200)
            for partition_records in batch.values():
                records.extend(partition_records)
        return records


@contextlib.asynccontextmanager
async def _from_beginning(
    bootstrap: str, topic: str
) -> AsyncIterator[tuple[AIOKafkaConsumer, list[TopicPartition]]]:
    """A consumer assigned every partition of the topic, at its beginning."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        partitions = [TopicPartition(topic, p) for p in await partition_ids(bootstrap, topic)]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        yield consumer, partitions
    finally:
        await consumer.stop()


async def partition_ids(bootstrap: str, topic: str) -> list[int]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        (described,) = await admin.describe_topics([topic])
    finally:
        await admin.close()
    assert described["error_code"] == 0, f"topic {topic} not found: {described}"
    return [p["partition"] for p in described["partitions"]]


async def produce(
    bootstrap: str, topic: str, messages: Sequence[tuple[bytes | None, bytes]]
) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        for key, value in messages:
            await producer.send_and_wait(topic, value=value, key=key)
    finally:
        await producer.stop()


async def eventually(
    probe: Callable[[], Any], *, timeout: float = 30.0, interval: float = 0.1
) -> Any:
    """Await probe() until it returns something truthy; fail with its last value."""
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        last = await probe()
        if last:
            return last
        await asyncio.sleep(interval)
    raise AssertionError(f"condition not met within {timeout} s; last value: {last!r}")
