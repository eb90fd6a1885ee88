"""The background gauges' arithmetic and bookkeeping (common.watch), without a broker."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

import pytest
from prometheus_client import REGISTRY

from common import watch


class TP(NamedTuple):
    topic: str
    partition: int


class FakeConsumer:
    def __init__(self, ends: Mapping[TP, int], positions: Mapping[TP, int]) -> None:
        self.ends, self.positions = dict(ends), dict(positions)
        self.asked: list[list[Any]] = []

    def assignment(self) -> Iterable[Any]:
        return set(self.positions)

    async def end_offsets(self, partitions: list[Any]) -> Mapping[Any, int]:
        self.asked.append(partitions)
        return {p: self.ends[p] for p in partitions}

    async def position(self, partition: Any) -> int:
        return self.positions[partition]


def lag_of(service: str, topic: str, partition: int) -> float | None:
    labels = {"service": service, "group": service, "topic": topic, "partition": str(partition)}
    return REGISTRY.get_sample_value("civicloop_consumer_lag", labels)


async def test_lag_is_what_lies_between_the_position_and_the_end() -> None:
    consumer = FakeConsumer(
        ends={TP("a", 0): 10, TP("a", 1): 4, TP("b", 0): 7},
        positions={TP("a", 0): 3, TP("a", 1): 4, TP("b", 0): 9},  # b: end not yet refreshed
    )
    assert await watch.partition_lags(consumer) == {("a", 0): 7, ("a", 1): 0, ("b", 0): 0}


async def test_no_assignment_no_question_to_the_broker() -> None:
    consumer = FakeConsumer(ends={}, positions={})
    assert await watch.partition_lags(consumer) == {}
    assert consumer.asked == []


async def test_partitions_taken_away_by_a_rebalance_leave_the_gauge() -> None:
    gauge = watch.LagGauge("lagtest", "lagtest")
    one = FakeConsumer(
        ends={TP("t", 0): 5, TP("t", 1): 9}, positions={TP("t", 0): 1, TP("t", 1): 9}
    )
    await watch.sample_consumer_lag(gauge, [one])
    assert (lag_of("lagtest", "t", 0), lag_of("lagtest", "t", 1)) == (4, 0)

    after_rebalance = FakeConsumer(ends={TP("t", 1): 12}, positions={TP("t", 1): 9})
    await watch.sample_consumer_lag(gauge, [after_rebalance])
    assert lag_of("lagtest", "t", 0) is None
    assert lag_of("lagtest", "t", 1) == 3


async def test_a_dependency_that_fails_or_hangs_is_down(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(watch, "CHECK_TIMEOUT", 0.05)
    never = asyncio.Event()

    async def answers() -> bool:
        return True

    async def refuses() -> bool:
        raise ConnectionRefusedError

    async def hangs() -> bool:
        await never.wait()
        return True

    checks = {"postgresql": answers, "kafka": refuses, "other": hangs}
    assert await watch.check_dependencies("deptest", checks) == {
        "postgresql": True,
        "kafka": False,
        "other": False,
    }
    for name, up in (("postgresql", 1), ("kafka", 0), ("other", 0)):
        labels = {"service": "deptest", "dependency": name}
        assert REGISTRY.get_sample_value("civicloop_dependency_up", labels) == up
        seconds = REGISTRY.get_sample_value("civicloop_dependency_check_seconds", labels)
        assert seconds is not None and seconds < 1
