"""Gauges every service samples in the background: its outbox (rows waiting, age of the
oldest), its consumer's lag per partition, and whether PostgreSQL and Kafka answer.

A sample that cannot be taken (the database or broker gone) leaves the last values in place;
the dependency gauges and the consumer's retries say why.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any, Protocol

from common import metrics
from common.outbox import OutboxRelay

log = logging.getLogger(__name__)

#: How long one sample may take before it is given up.
SAMPLE_TIMEOUT = 5.0
#: How long PostgreSQL or Kafka may take to answer a check (as /readyz allows).
CHECK_TIMEOUT = 3.0


class Partition(Protocol):
    topic: str
    partition: int


class PositionedConsumer(Protocol):
    """The parts of aiokafka's AIOKafkaConsumer read here."""

    def assignment(self) -> Iterable[Any]: ...

    async def end_offsets(self, partitions: list[Any]) -> Mapping[Any, int]: ...

    async def position(self, partition: Any) -> int: ...


async def sample_outbox(relay: OutboxRelay, schema: str) -> None:
    backlog = await relay.backlog()
    metrics.OUTBOX_BACKLOG.labels(schema).set(backlog.rows)
    metrics.OUTBOX_OLDEST_AGE.labels(schema).set(backlog.oldest_age_seconds)


async def partition_lags(consumer: PositionedConsumer) -> dict[tuple[str, int], int]:
    """(topic, partition) -> messages between the consumer's position and the partition's
    end, for the partitions assigned to this consumer now. The end offsets are asked of the
    broker: the consumer's own high-water marks stop moving when it stops fetching."""
    assigned: list[Any] = sorted(consumer.assignment(), key=lambda p: (p.topic, p.partition))
    if not assigned:
        return {}
    ends = await consumer.end_offsets(assigned)
    lags = {}
    for partition in assigned:
        position = await consumer.position(partition)
        lags[(partition.topic, partition.partition)] = max(ends[partition] - position, 0)
    return lags


class LagGauge:
    """One consumer group's lag in this process; partitions handed to another replica by a
    rebalance disappear from it rather than keep their last value."""

    def __init__(self, service: str, group: str) -> None:
        self.service = service
        self.group = group
        self.shown: set[tuple[str, int]] = set()

    def show(self, lags: Mapping[tuple[str, int], int]) -> None:
        for topic, partition in self.shown - lags.keys():
            metrics.CONSUMER_LAG.remove(self.service, self.group, topic, str(partition))
        for (topic, partition), lag in lags.items():
            metrics.CONSUMER_LAG.labels(self.service, self.group, topic, str(partition)).set(lag)
        self.shown = set(lags)


async def sample_consumer_lag(gauge: LagGauge, consumers: Iterable[PositionedConsumer]) -> None:
    lags: dict[tuple[str, int], int] = {}
    for consumer in consumers:
        lags.update(await partition_lags(consumer))
    gauge.show(lags)


async def check_dependencies(
    service: str, checks: Mapping[str, Callable[[], Awaitable[bool]]]
) -> dict[str, bool]:
    """Run every check once, side by side; one that fails or takes longer than
    CHECK_TIMEOUT counts as down."""

    async def check_one(name: str, check: Callable[[], Awaitable[bool]]) -> bool:
        started = time.perf_counter()
        try:
            up = await asyncio.wait_for(check(), CHECK_TIMEOUT)
        except Exception:
            up = False
        metrics.DEPENDENCY_UP.labels(service, name).set(1 if up else 0)
        metrics.DEPENDENCY_SECONDS.labels(service, name).set(time.perf_counter() - started)
        return up

    results = await asyncio.gather(*(check_one(name, check) for name, check in checks.items()))
    return dict(zip(checks, results, strict=True))


async def every(seconds: float, sample: Callable[[], Awaitable[object]]) -> None:
    """Take `sample` now and then every `seconds`, until cancelled."""
    while True:
        try:
            await asyncio.wait_for(sample(), SAMPLE_TIMEOUT)
        except Exception as error:
            log.debug("sample failed", extra={"error": repr(error)})
        await asyncio.sleep(seconds)
