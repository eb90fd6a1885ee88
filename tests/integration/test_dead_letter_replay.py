"""civicloop-dlq on real Kafka and PostgreSQL, against a service (run through the same runtime
every service uses) that dead-letters what it cannot process: filters, discard with its
reason, refusal of malformed messages, the replay count and its limit, and the command line.
Every test works on case ids of its own, so the tests share one dead-letter topic safely.
"""

from __future__ import annotations

import asyncio
import os
import sys
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from aiokafka import AIOKafkaConsumer, TopicPartition
from sqlalchemy import text

from common.consumer import MessageContext
from common.dlq.cli import main
from common.dlq.commands import Target, discard, list_dead_letters, replay
from common.dlq.letters import Filters
from common.dlq.selection import Outcome, ReplayRules
from common.envelope import Envelope
from common.events import CaseRejected
from common.runtime import Runtime
from common.topics import INTAKE_CASE_EVENTS, qualified
from tests.support.infra import ROOT, TestRun
from tests.support.kafka import eventually, produce
from tests.support.probe import PROBE, probe_service

healed: set[str] = set()  # case ids whose "poison" the probe now processes


async def record_effect(event: CaseRejected, ctx: MessageContext) -> None:
    if event.reason.startswith("poison") and ctx.envelope.case_id not in healed:
        raise ValueError("poison pill: this handler cannot process it")
    await ctx.store.execute(
        text("INSERT INTO supervision.effects (case_id, reason) VALUES (:c, :r)"),
        {"c": ctx.envelope.case_id, "r": event.reason},
    )


@pytest_asyncio.fixture(scope="module")
async def probe(
    test_run: TestRun, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Runtime]:
    async with probe_service(
        test_run,
        Path(tmp_path_factory.mktemp("probe_migrations")),
        effects_columns="case_id text, reason text",
        handler=record_effect,
        max_attempts=2,
    ) as runtime:
        yield runtime


def target(run: TestRun) -> Target:
    return Target(PROBE, run.servers.kafka_bootstrap, run.database_url, run.topic_prefix)


def new_case() -> str:
    return f"dlq-{uuid.uuid4().hex[:8]}"


def of_case(case_id: str, **more: Any) -> Filters:
    return Filters(case_ids=frozenset({case_id}), **more)


async def send(run: TestRun, case_id: str, *values: bytes) -> None:
    await produce(
        run.servers.kafka_bootstrap,
        qualified(INTAKE_CASE_EVENTS, run.topic_prefix),
        [(case_id.encode(), value) for value in values],
    )


def rejected(case_id: str, reason: str) -> bytes:
    event = CaseRejected(reason=reason, actor="test")
    return Envelope.wrap(event, case_id=case_id, producer="intake").to_bytes()


async def dead_letters(run: TestRun, case_id: str, count: int) -> list[dict[str, Any]]:
    """The case's dead letters, once there are `count` of them."""

    async def listed() -> list[dict[str, Any]]:
        found = await list_dead_letters(target(run), of_case(case_id))
        return found if len(found) >= count else []

    found: list[dict[str, Any]] = await eventually(listed, interval=0.2)
    return found


async def reasons(runtime: Runtime, case_id: str) -> list[str]:
    async with runtime.db.session() as session:
        rows = await session.execute(
            text("SELECT reason FROM supervision.effects WHERE case_id = :c"), {"c": case_id}
        )
        return [row.reason for row in rows]


async def test_filters_pick_dead_letters_by_event_type_case_and_time(
    probe: Runtime, test_run: TestRun
) -> None:
    mine, other = new_case(), new_case()
    before = datetime.now(UTC)
    await send(test_run, mine, rejected(mine, "poison"), b"{not an envelope")
    await send(test_run, other, rejected(other, "poison"))
    await dead_letters(test_run, mine, 2)
    await dead_letters(test_run, other, 1)
    after = datetime.now(UTC) + timedelta(seconds=1)
    run = target(test_run)

    typed = await list_dead_letters(run, of_case(mine, event_types=frozenset({"CaseRejected"})))
    assert [(d["event_type"], d["error_type"], d["status"]) for d in typed] == [
        ("CaseRejected", "ValueError", "pending")
    ]
    both = Filters(case_ids=frozenset({mine, other}))
    assert len(await list_dead_letters(run, both)) == 3
    assert len(await list_dead_letters(run, of_case(mine, since=before, until=after))) == 2
    assert await list_dead_letters(run, of_case(mine, since=after)) == []
    assert await list_dead_letters(run, of_case(mine, until=before)) == []

    healed.update({mine, other})
    summary = await replay(run, of_case(other), actor="test")
    assert summary.acted == 1
    assert summary.counts[Outcome.FILTERED] == summary.read - 1
    await eventually(lambda: reasons(probe, other))
    assert await reasons(probe, mine) == [], "the filter kept the other case's letters back"
    statuses = {d["case_id"]: d["status"] for d in await list_dead_letters(run, both)}
    assert statuses == {mine: "pending", other: "replayed"}


async def test_a_discarded_dead_letter_is_recorded_with_its_reason_and_never_replayed(
    probe: Runtime, test_run: TestRun
) -> None:
    case_id = new_case()
    await send(test_run, case_id, rejected(case_id, "poison never"), rejected(case_id, "poison 2"))
    first, _ = await dead_letters(test_run, case_id, 2)
    run = target(test_run)
    position = Filters(positions=frozenset({(first["partition"], first["offset"])}))

    with pytest.raises(ValueError, match="reason"):
        await discard(run, position, reason=" ", actor="ops-zhang")
    summary = await discard(run, position, reason="test data from training", actor="ops-zhang")
    assert summary.acted == 1
    again = await discard(run, position, reason="twice", actor="ops-li")
    assert (again.acted, again.counts[Outcome.DISCARDED]) == (0, 1)

    listed = await list_dead_letters(run, position)
    assert [(d["status"], d["reason"], d["decided_by"]) for d in listed] == [
        ("discarded", "test data from training", "ops-zhang")
    ]
    assert listed[0]["decided_at"] is not None

    healed.add(case_id)
    replayed = await replay(run, of_case(case_id), actor="test")
    assert (replayed.acted, replayed.counts[Outcome.DISCARDED]) == (1, 1)
    # Same key, same partition: had the discarded one been sent, it would be there first.
    await eventually(lambda: reasons(probe, case_id))
    assert await reasons(probe, case_id) == ["poison 2"]


async def test_malformed_dead_letters_are_refused_unless_forced_and_count_their_replays(
    probe: Runtime, test_run: TestRun
) -> None:
    case_id = new_case()
    await send(test_run, case_id, b"{not an envelope")
    (malformed,) = await dead_letters(test_run, case_id, 1)
    assert (malformed["error_type"], malformed["replays"]) == ("MalformedMessage", 0)
    run = target(test_run)

    refused = await replay(run, of_case(case_id), actor="test")
    assert (refused.acted, refused.counts[Outcome.MALFORMED]) == (0, 1)
    assert [d["status"] for d in await list_dead_letters(run, of_case(case_id))] == ["pending"]

    forced = await replay(run, of_case(case_id), ReplayRules(force=True), actor="test")
    assert forced.acted == 1
    letters = await dead_letters(test_run, case_id, 2)
    assert [(d["status"], d["replays"]) for d in letters] == [("replayed", 0), ("pending", 1)]


async def test_a_message_that_keeps_failing_is_refused_after_max_replays(
    probe: Runtime, test_run: TestRun
) -> None:
    case_id = new_case()
    await send(test_run, case_id, rejected(case_id, "poison"))
    await dead_letters(test_run, case_id, 1)
    run, rules = target(test_run), ReplayRules(max_replays=2)

    for count in (2, 3):
        assert (await replay(run, of_case(case_id), rules, actor="test")).acted == 1
        await dead_letters(test_run, case_id, count)
    refused = await replay(run, of_case(case_id), rules, actor="test")
    assert (refused.acted, refused.counts[Outcome.TOO_MANY_REPLAYS]) == (0, 1)
    letters = await list_dead_letters(run, of_case(case_id))
    assert [(d["replays"], d["status"]) for d in letters] == [
        (0, "replayed"),
        (1, "replayed"),
        (2, "pending"),
    ]

    healed.add(case_id)
    allowed = await replay(run, of_case(case_id), ReplayRules(max_replays=3), actor="test")
    assert allowed.acted == 1
    await eventually(lambda: reasons(probe, case_id))
    assert await reasons(probe, case_id) == ["poison"]


async def test_the_command_line_discards_replays_with_progress_and_sums_up(
    probe: Runtime, test_run: TestRun, capsys: pytest.CaptureFixture[str]
) -> None:
    case_id = new_case()
    await send(test_run, case_id, rejected(case_id, "poison a"), rejected(case_id, "poison b"))
    first, _ = await dead_letters(test_run, case_id, 2)

    with pytest.raises(SystemExit) as refused:
        main(
            [
                "discard",
                PROBE,
                "--reason",
                "x",
                "--bootstrap",
                "k:9092",
                "--database-url",
                "postgresql://d/b",
            ]
        )
    assert refused.value.code == 2 and "discard needs a filter" in capsys.readouterr().err
    code, out, _ = await cli(
        test_run,
        "discard",
        PROBE,
        "--offset",
        str(first["offset"]),
        "--reason",
        "dup",
        "--by",
        "ops",
    )
    assert code == 0 and "discarded 1 of" in out

    healed.add(case_id)
    code, out, err = await cli(
        test_run, "replay", PROBE, "--case-id", case_id, "--progress-every", "1", "--by", "ops"
    )
    assert code == 0, err
    assert "replayed 1 of" in out and "1 skipped as discarded" in out
    assert "read, 1 replayed" in err, f"no progress line: {err!r}"
    await eventually(lambda: reasons(probe, case_id))
    assert await reasons(probe, case_id) == ["poison b"]


async def cli(run: TestRun, *args: str) -> tuple[int, str, str]:
    environment = {
        **os.environ,
        "KAFKA_BOOTSTRAP_SERVERS": run.servers.kafka_bootstrap,
        "DATABASE_URL": run.database_url,
        "TOPIC_PREFIX": run.topic_prefix,
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "common.dlq.cli",
        *args,
        env=environment,
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def test_what_the_former_replay_group_had_passed_is_not_replayed_again(
    probe: Runtime, test_run: TestRun
) -> None:
    """Runs last: it marks every dead letter so far as replayed the former way."""
    case_id = new_case()
    await send(test_run, case_id, rejected(case_id, "poison"))
    (letter,) = await dead_letters(test_run, case_id, 1)
    run = target(test_run)
    consumer = AIOKafkaConsumer(
        bootstrap_servers=run.bootstrap, group_id=run.legacy_group, enable_auto_commit=False
    )
    await consumer.start()
    try:
        place = TopicPartition(run.topic, letter["partition"])
        consumer.assign([place])
        await consumer.commit({place: letter["offset"] + 1})
    finally:
        await consumer.stop()

    (listed,) = await list_dead_letters(run, of_case(case_id))
    assert (listed["status"], listed["decided_by"]) == (
        "replayed",
        f"consumer group {run.legacy_group}",
    )
    healed.add(case_id)
    summary = await replay(run, of_case(case_id), actor="test")
    assert (summary.acted, summary.counts[Outcome.REPLAYED]) == (0, 1)
