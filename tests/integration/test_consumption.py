"""Consumption over real Kafka and PostgreSQL, through the same runtime every service uses:
a redelivered event changes nothing; a message that cannot be processed lands on the
dead-letter topic with its error while the consumer goes on; a replay brings it back.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from sqlalchemy import text

from common.consumer import MessageContext
from common.dlq.commands import Target, replay
from common.envelope import Envelope
from common.events import CaseRejected, SupervisionSignalRecorded
from common.runtime import Runtime
from common.topics import INTAKE_CASE_EVENTS, SUPERVISION_EVENTS, dead_letter_topic, qualified
from tests.support.infra import TestRun
from tests.support.kafka import eventually, produce, read_until
from tests.support.probe import PROBE, probe_service

healed = {"poison": False}


async def record_effect(event: CaseRejected, ctx: MessageContext) -> None:
    if event.reason == "poison" and not healed["poison"]:
        raise ValueError("poison pill: this handler cannot process it")
    await ctx.store.execute(
        text("INSERT INTO supervision.effects (event_id, case_id, reason) VALUES (:e, :c, :r)"),
        {"e": ctx.envelope.event_id, "c": ctx.envelope.case_id, "r": event.reason},
    )
    ctx.emit(
        SupervisionSignalRecorded(
            signal="probe",
            department=None,
            evidence_event_id=str(ctx.envelope.event_id),
            observed_at=datetime.now(UTC),
        )
    )


@pytest_asyncio.fixture(scope="module")
async def probe(
    test_run: TestRun, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Runtime]:
    async with probe_service(
        test_run,
        Path(tmp_path_factory.mktemp("probe_migrations")),
        effects_columns="event_id uuid, case_id text, reason text",
        handler=record_effect,
        max_attempts=3,
    ) as runtime:
        yield runtime


def envelope(case_id: str, reason: str) -> Envelope:
    return Envelope.wrap(
        CaseRejected(reason=reason, actor="test"), case_id=case_id, producer="intake"
    )


async def effects(runtime: Runtime, case_id: str) -> list[Any]:
    async with runtime.db.session() as session:
        rows = await session.execute(
            text("SELECT event_id, reason FROM supervision.effects WHERE case_id = :c"),
            {"c": case_id},
        )
        return list(rows)


async def send(run: TestRun, *messages: tuple[str, bytes]) -> None:
    await produce(
        run.servers.kafka_bootstrap,
        qualified(INTAKE_CASE_EVENTS, run.topic_prefix),
        [(key.encode(), value) for key, value in messages],
    )


async def test_the_same_event_delivered_twice_changes_nothing(
    probe: Runtime, test_run: TestRun
) -> None:
    case_id = f"dup-{uuid.uuid4().hex[:8]}"
    twice = envelope(case_id, "delivered twice")
    sentinel = envelope(case_id, "sentinel")
    await send(test_run, (case_id, twice.to_bytes()), (case_id, twice.to_bytes()))
    await send(test_run, (case_id, sentinel.to_bytes()))

    await eventually(lambda: _has_reason(probe, case_id, "sentinel"))
    rows = await effects(probe, case_id)
    assert [r.reason for r in rows].count("delivered twice") == 1

    signals = await read_until(
        test_run.servers.kafka_bootstrap,
        qualified(SUPERVISION_EVENTS, test_run.topic_prefix),
        lambda rs: len(_evidence(rs, {twice.event_id, sentinel.event_id})) >= 2,
    )
    evidence = _evidence(signals, {twice.event_id, sentinel.event_id})
    assert evidence.count(str(twice.event_id)) == 1, "one effect, one event, for one event id"


async def test_unprocessable_messages_are_dead_lettered_and_the_consumer_goes_on(
    probe: Runtime, test_run: TestRun
) -> None:
    case_id = f"dlq-{uuid.uuid4().hex[:8]}"
    not_json = b"{this is not an envelope"
    bad_payload = envelope(case_id, "x").model_copy(update={"payload": {"actor": "t"}})
    poison = envelope(case_id, "poison")
    after = envelope(case_id, "after the bad ones")
    await send(
        test_run,
        (case_id, not_json),
        (case_id, bad_payload.to_bytes()),
        (case_id, poison.to_bytes()),
        (case_id, after.to_bytes()),
    )

    await eventually(lambda: _has_reason(probe, case_id, "after the bad ones"))
    dead = await _dead_letters(test_run, case_id, 3)
    by_value = {r.value: _headers(r) for r in dead}

    assert by_value[not_json]["dlq.error_type"] == "MalformedMessage"
    assert by_value[not_json]["dlq.attempts"] == "1"
    assert "CaseRejected payload invalid" in by_value[bad_payload.to_bytes()]["dlq.error"]
    poisoned = by_value[poison.to_bytes()]
    assert poisoned["dlq.error_type"] == "ValueError"
    assert "poison pill" in poisoned["dlq.error"]
    assert poisoned["dlq.attempts"] == "3"
    assert poisoned["dlq.consumer"] == PROBE
    assert poisoned["dlq.original_topic"] == qualified(INTAKE_CASE_EVENTS, test_run.topic_prefix)
    assert poisoned["dlq.original_offset"].isdigit()
    assert [r.reason for r in await effects(probe, case_id)] == ["after the bad ones"]


async def test_replay_brings_a_dead_letter_back_once_the_cause_is_fixed(
    probe: Runtime, test_run: TestRun
) -> None:
    case_id = f"dlq-{uuid.uuid4().hex[:8]}"
    poison = envelope(case_id, "poison")
    await send(test_run, (case_id, poison.to_bytes()))
    await _dead_letters(test_run, case_id, 1)

    healed["poison"] = True
    try:
        target = Target(
            PROBE, test_run.servers.kafka_bootstrap, test_run.database_url, test_run.topic_prefix
        )
        summary = await replay(target, actor="test")
        assert summary.acted >= 1
        await eventually(lambda: _has_reason(probe, case_id, "poison"))
    finally:
        healed["poison"] = False
    assert [r.reason for r in await effects(probe, case_id)] == ["poison"]


async def _has_reason(runtime: Runtime, case_id: str, reason: str) -> bool:
    return any(r.reason == reason for r in await effects(runtime, case_id))


def _headers(record: Any) -> dict[str, str]:
    return {k: v.decode() for k, v in record.headers}


def _evidence(records: Any, event_ids: set[uuid.UUID]) -> list[str]:
    wanted = {str(e) for e in event_ids}
    found = [Envelope.from_bytes(r.value).payload["evidence_event_id"] for r in records]
    return [e for e in found if e in wanted]


async def _dead_letters(run: TestRun, case_id: str, count: int) -> list[Any]:
    def mine(records: Any) -> list[Any]:
        return [r for r in records if r.key == case_id.encode()]

    records = await read_until(
        run.servers.kafka_bootstrap,
        qualified(dead_letter_topic(PROBE), run.topic_prefix),
        lambda rs: len(mine(rs)) >= count,
    )
    found = mine(records)
    assert len(found) >= count, f"expected {count} dead letters, found {len(found)}"
    return found
