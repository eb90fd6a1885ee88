"""The alerts fire on the real thing: a Prometheus started by deploy/local/prometheus.sh
scrapes a deadline of the test's own (its own database and topics, so stopping it touches
nothing else), sees a forced overdue, a poison message and the stopped consumer, and fires
CivicloopOverdueGrowing, CivicloopDeadLetters and CivicloopServiceDown.

The rules are those of alerts.yml, made quick (tests/support/prometheus.py): every `for:`
at 1 s, scraped and evaluated every second, the overdue comparison with 10 s ago instead of
an hour. The overdue is forced as in test_deadline_lifecycle.py: assignments dated in March
2025 are long past, so every time limit and step of the ladder is due at once."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from pathlib import Path

import httpx
import pytest
import pytest_asyncio

from common.events import CaseAssigned
from common.topics import DISPATCH_CASE_EVENTS, qualified
from common.vocabulary import RequestKind
from deadline.domain.calendar import CHINA
from tests.support.events import publish_as
from tests.support.infra import Servers, TestRun, isolated_run
from tests.support.kafka import eventually, produce
from tests.support.prometheus import LocalPrometheus
from tests.support.stack import Stack

DEPARTMENT, CATEGORY = "urban-management", "streetlight"
#: CivicloopOverdueGrowing fires from 5 more overdue cases of a department.
FORCED = 6
#: Generous for a loaded machine; each condition usually holds within seconds.
WAIT = 90


@pytest_asyncio.fixture
async def own_run(infrastructure: Servers) -> AsyncIterator[TestRun]:
    async with isolated_run(infrastructure) as run:
        yield run


@pytest_asyncio.fixture
async def deadline(own_run: TestRun, tmp_path: Path) -> AsyncIterator[Stack]:
    stack = Stack(own_run, tmp_path)
    stack.start("deadline")
    try:
        await stack.wait_ready("deadline")
        yield stack
    finally:
        stack.stop_all()


@pytest.fixture
def prometheus(deadline: Stack, tmp_path: Path) -> Iterator[LocalPrometheus]:
    server = LocalPrometheus(tmp_path, [("deadline", deadline.ports["deadline"])])
    server.start()
    try:
        yield server
    finally:
        server.stop()


def long_ago_assigned() -> CaseAssigned:
    return CaseAssigned(
        category=CATEGORY,
        kind=RequestKind.COMPLAINT,
        lead_department=DEPARTMENT,
        actor="dispatcher:d1",
        assigned_at=datetime(2025, 3, 3, 9, 0, tzinfo=CHINA),
    )


async def test_overdue_poison_and_a_stopped_consumer_show_and_fire(
    prometheus: LocalPrometheus, deadline: Stack, own_run: TestRun
) -> None:
    async with httpx.AsyncClient(timeout=10) as http:

        async def value(expr: str) -> float:
            found = await prometheus.query(http, expr)
            return float(found[0]["value"][1]) if found else 0.0

        async def scraped() -> bool:
            return await value('up{service="deadline"}') == 1

        await eventually(scraped, timeout=WAIT, interval=0.5)

        # (1) a forced overdue
        for _ in range(FORCED):
            await publish_as(own_run, "dispatch", f"T{uuid.uuid4().hex[:12]}", long_ago_assigned())
        # (2) a poison message: not an envelope, on a topic deadline consumes
        topic = qualified(DISPATCH_CASE_EVENTS, own_run.topic_prefix)
        await produce(own_run.servers.kafka_bootstrap, topic, [(b"poison", b"{not an envelope")])

        overdue = f'civicloop_cases_overdue{{department="{DEPARTMENT}", category="{CATEGORY}"}}'

        async def all_overdue() -> bool:
            return await value(overdue) == FORCED

        await eventually(all_overdue, timeout=WAIT, interval=0.5)
        growing = await eventually(
            lambda: prometheus.firing(http, "CivicloopOverdueGrowing", department=DEPARTMENT),
            timeout=WAIT,
            interval=0.5,
        )
        assert growing[0]["severity"] == "warning"
        exceeded = f'sum(civicloop_deadlines_exceeded_total{{department="{DEPARTMENT}"}})'
        assert await value(exceeded) >= FORCED
        urged = f'civicloop_escalations_total{{department="{DEPARTMENT}", step="urge"}}'
        assert await value(urged) >= FORCED

        dead_lettered = (
            'civicloop_events_consumed_total{service="deadline", outcome="dead_lettered"}'
        )
        assert await eventually(lambda: value(dead_lettered), timeout=WAIT, interval=0.5) == 1
        await eventually(
            lambda: prometheus.firing(http, "CivicloopDeadLetters", service="deadline"),
            timeout=WAIT,
            interval=0.5,
        )

        # (3) the consumer stops: its process is gone
        deadline.kill("deadline")
        instance = f"127.0.0.1:{deadline.ports['deadline']}"

        async def down() -> bool:
            return bool(await prometheus.query(http, f'up{{instance="{instance}"}} == 0'))

        await eventually(down, timeout=WAIT, interval=0.5)
        await eventually(
            lambda: prometheus.firing(http, "CivicloopServiceDown", instance=instance),
            timeout=WAIT,
            interval=0.5,
        )
