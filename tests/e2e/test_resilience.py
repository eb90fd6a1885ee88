"""Nothing is lost, and nothing happens twice, when a service is killed mid-stream."""

from __future__ import annotations

import asyncio
from collections import Counter

import asyncpg
import httpx

from common.envelope import Envelope
from common.topics import DISPATCH_CASE_EVENTS, qualified
from tests.support.infra import TestRun
from tests.support.kafka import eventually, read_until
from tests.support.loop import submit
from tests.support.stack import Stack

CASES = 60


async def test_killing_dispatch_mid_stream_loses_nothing_and_repeats_nothing(
    stack: Stack, http: httpx.AsyncClient, sql: asyncpg.Pool, e2e_run: TestRun
) -> None:
    case_ids: list[str] = []

    async def submit_some(count: int) -> None:
        for _ in range(count):
            case_ids.append((await submit(http, stack))["case_id"])

    await asyncio.gather(*(submit_some(CASES // 6) for _ in range(3)))
    stack.kill("dispatch")  # SIGKILL: no graceful shutdown, offsets and relay cut off
    await asyncio.gather(*(submit_some(CASES // 6) for _ in range(3)))
    stack.start("dispatch")
    await stack.wait_ready("dispatch")

    async def all_assigned() -> bool:
        count = await sql.fetchval(
            "SELECT count(*) FROM dispatch.cases WHERE case_id = ANY($1) AND state = 'assigned'",
            case_ids,
        )
        return bool(count == len(case_ids))

    await eventually(all_assigned, timeout=90)
    assigns = await sql.fetch(
        "SELECT case_id, count(*) AS n FROM dispatch.case_actions"
        " WHERE case_id = ANY($1) AND action = 'assign' GROUP BY case_id",
        case_ids,
    )
    assert len(assigns) == CASES and all(row["n"] == 1 for row in assigns)

    wanted = {c.encode() for c in case_ids}
    records = await read_until(
        e2e_run.servers.kafka_bootstrap,
        qualified(DISPATCH_CASE_EVENTS, e2e_run.topic_prefix),
        lambda rs: len({r.key for r in rs if r.key in wanted}) >= CASES,
        timeout=60,
    )
    assigned = {
        (e.case_id, e.event_id)
        for e in (Envelope.from_bytes(r.value) for r in records if r.key in wanted)
        if e.event_type == "CaseAssigned"
    }
    per_case = Counter(case_id for case_id, _ in assigned)
    assert set(per_case) == set(case_ids), "every case assigned"
    assert set(per_case.values()) == {1}, "one assignment event per case, whatever the redelivery"
