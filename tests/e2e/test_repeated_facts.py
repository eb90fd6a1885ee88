"""A business fact published twice, under two event ids, is handled once by every consumer;
an event about a case a consumer has no record of follows one policy (docs/events.md).

The repeat is the same envelope with a new event id and time, as a producer that repeats
itself would publish it. To know a consumer has dealt with it, a marker is published behind
it on the same topic and key: not an event, so the consumer dead-letters it at once, and
its dead letter means everything before it on the partition has been handled."""

from __future__ import annotations

import json
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

import asyncpg
import httpx

from common.envelope import Envelope
from common.events import (
    CallbackCompleted,
    CaseAssigned,
    CaseRegistered,
    CaseResolved,
    CaseReturned,
)
from common.topics import (
    CALLBACK_EVENTS,
    DISPATCH_CASE_EVENTS,
    INTAKE_CASE_EVENTS,
    dead_letter_topic,
    qualified,
)
from common.vocabulary import (
    Channel,
    RequestKind,
    ResolutionResult,
    Role,
    Satisfaction,
    SubmitterKind,
)
from tests.support.events import publish, publish_as
from tests.support.infra import TestRun
from tests.support.kafka import eventually, produce, read_until
from tests.support.loop import CALLBACK_AGENT, act, dispatch_case, submit, timers, wait_state
from tests.support.stack import Stack
from tests.support.staff import headers_for

LEAD = "urban-management"
SUPERVISOR = headers_for(Role.SUPERVISOR)


async def published(
    run: TestRun, topic: str, case_id: str, done: Callable[[list[str]], bool]
) -> list[Envelope]:
    """The case's events on `topic`, read until done(their types)."""

    def mine(records: Sequence[Any]) -> list[Envelope]:
        return [Envelope.from_bytes(r.value) for r in records if r.key == case_id.encode()]

    records = await read_until(
        run.servers.kafka_bootstrap,
        qualified(topic, run.topic_prefix),
        lambda rs: done([e.event_type for e in mine(rs)]),
    )
    found = mine(records)
    assert done([e.event_type for e in found]), [e.event_type for e in found]
    return found


async def the_event(run: TestRun, topic: str, case_id: str, event_type: str) -> Envelope:
    (found,) = [
        e
        for e in await published(run, topic, case_id, lambda types: event_type in types)
        if e.event_type == event_type
    ]
    return found


async def republish(run: TestRun, envelope: Envelope) -> Envelope:
    again = envelope.model_copy(update={"event_id": uuid.uuid4(), "occurred_at": datetime.now(UTC)})
    await publish(run.servers.kafka_bootstrap, run.topic_prefix, [again])
    return again


async def handled_so_far(run: TestRun, topic: str, case_id: str, service: str) -> list[Any]:
    """Wait until `service` has handled everything published on `topic` for the case so far;
    return its dead letters of the case, the marker left out."""
    marker = f"marker {uuid.uuid4()}".encode()
    bootstrap = run.servers.kafka_bootstrap
    await produce(bootstrap, qualified(topic, run.topic_prefix), [(case_id.encode(), marker)])
    records = await read_until(
        bootstrap,
        qualified(dead_letter_topic(service), run.topic_prefix),
        lambda rs: any(r.value == marker for r in rs),
        timeout=60,
    )
    assert any(r.value == marker for r in records), f"{service} never reached the marker"
    return [r for r in records if r.key == case_id.encode() and not r.value.startswith(b"marker ")]


def header(record: Any, name: str) -> str:
    return next(value.decode() for key, value in record.headers if key == name)


async def signals(http: httpx.AsyncClient, stack: Stack, case_id: str) -> list[dict[str, Any]]:
    response = await http.get(
        f"{stack.url('supervision')}/api/v1/signals",
        params={"case_id": case_id},
        headers=SUPERVISOR,
    )
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()
    return found


def unhappy(round: int = 1) -> CallbackCompleted:
    return CallbackCompleted(
        round=round,
        satisfaction=Satisfaction.DISSATISFIED,
        solved=False,
        comment="路灯仍然不亮",
        agent="callback_agent:test",
        completed_at=datetime.now(UTC),
    )


async def signed_case(http: httpx.AsyncClient, stack: Stack) -> tuple[dict[str, Any], Envelope]:
    """A case intake accepted and dispatch assigned, signed by its lead; its CaseAssigned."""
    receipt = await submit(http, stack)
    case_id = receipt["case_id"]
    await wait_state(http, stack, case_id, "assigned")
    assigned = await the_event(stack.run, DISPATCH_CASE_EVENTS, case_id, "CaseAssigned")
    assert (await act(http, stack, case_id, "sign")).status_code == 200
    return receipt, assigned


async def test_dispatch_acts_once_on_a_case_accepted_twice_and_a_callback_reported_twice(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    run = stack.run
    (receipt, _) = await signed_case(http, stack)
    case_id = receipt["case_id"]
    accepted = await the_event(run, INTAKE_CASE_EVENTS, case_id, "CaseAccepted")
    resolved = await act(http, stack, case_id, "resolve", result="solved", summary="已修复")
    assert resolved.status_code == 200, resolved.text

    await republish(run, accepted)
    assert await handled_so_far(run, INTAKE_CASE_EVENTS, case_id, "dispatch") == []
    callback = unhappy()
    await publish_as(run, "callback", case_id, callback, callback)  # two event ids
    assert await handled_so_far(run, CALLBACK_EVENTS, case_id, "dispatch") == []

    case = await wait_state(http, stack, case_id, "assigned", round=2)
    assert [a["action"] for a in case["actions"]] == ["assign", "sign", "resolve", "reopen"]
    emitted = await published(
        run, DISPATCH_CASE_EVENTS, case_id, lambda types: "CaseReopened" in types
    )
    counts = Counter(e.event_type for e in emitted)
    assert (counts["CaseAssigned"], counts["CaseReopened"]) == (1, 1)


async def test_dispatch_knows_a_case_accepted_before_facts_were_recorded(
    stack: Stack, http: httpx.AsyncClient, sql: asyncpg.Pool
) -> None:
    run = stack.run
    (receipt, _) = await signed_case(http, stack)
    case_id = receipt["case_id"]
    accepted = await the_event(run, INTAKE_CASE_EVENTS, case_id, "CaseAccepted")
    # as if dispatch had consumed it before its inbox kept the facts events announce
    await sql.execute(
        "UPDATE dispatch.inbox SET fact = NULL WHERE event_id = $1", accepted.event_id
    )

    await republish(run, accepted)
    assert await handled_so_far(run, INTAKE_CASE_EVENTS, case_id, "dispatch") == []
    case = await dispatch_case(http, stack, case_id)
    assert case is not None and case["state"] == "signed"
    assert [a["action"] for a in case["actions"]] == ["assign", "sign"]


async def test_deadline_starts_no_second_sign_timer_for_an_assignment_published_twice(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    (receipt, assigned) = await signed_case(http, stack)
    case_id = receipt["case_id"]

    async def sign_stopped() -> bool:
        found = await timers(http, stack, case_id)
        return any(t["stage"] == "sign" and t["state"] == "stopped" for t in found)

    await eventually(sign_stopped)
    await republish(stack.run, assigned)
    assert await handled_so_far(stack.run, DISPATCH_CASE_EVENTS, case_id, "deadline") == []
    found = await timers(http, stack, case_id)
    assert sorted((t["stage"], t["attempt"], t["state"]) for t in found) == [
        ("first_response", 1, "running"),
        ("resolution", 1, "running"),
        ("sign", 1, "stopped"),
    ]


async def test_intake_keeps_the_public_status_when_an_assignment_is_published_again(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    (receipt, assigned) = await signed_case(http, stack)
    case_id = receipt["case_id"]
    url = f"{stack.url('intake')}/api/v1/public/cases/{case_id}"

    async def in_progress() -> dict[str, Any] | None:
        view: dict[str, Any] = (
            await http.get(url, params={"code": receipt["tracking_code"]})
        ).json()
        return view if view["status"] == "in_progress" else None

    await eventually(in_progress)
    await republish(stack.run, assigned)
    assert await handled_so_far(stack.run, DISPATCH_CASE_EVENTS, case_id, "intake") == []
    view = await in_progress()
    assert view is not None, "a repeated assignment moved the public status back"
    assert [line["status"] for line in view["timeline"]] == [
        "registered",
        "accepted",
        "assigned",
        "in_progress",
    ]


async def test_supervision_keeps_counts_and_signals_a_fact_once(
    stack: Stack, http: httpx.AsyncClient, sql: asyncpg.Pool
) -> None:
    run = stack.run
    case_id = f"SUP-{uuid.uuid4().hex[:10]}"
    now = datetime.now(UTC)
    returned = CaseReturned(
        department=LEAD,
        reason="不属于本单位职责",
        returns_in_case=1,
        actor=f"handler:{LEAD}",
        returned_at=now,
    )
    assigned = CaseAssigned(
        category="streetlight",
        kind=RequestKind.COMPLAINT,
        lead_department=LEAD,
        actor="system:routing",
        assigned_at=now,
    )
    await publish_as(run, "dispatch", case_id, assigned, returned, returned)
    callback = unhappy()
    (first, _) = await publish_as(run, "callback", case_id, callback, callback)
    assert await handled_so_far(run, DISPATCH_CASE_EVENTS, case_id, "supervision") == []
    assert await handled_so_far(run, CALLBACK_EVENTS, case_id, "supervision") == []

    (signal,) = await signals(http, stack, case_id)
    assert (signal["kind"], signal["department"]) == ("dissatisfied", LEAD)
    assert signal["evidence_event_id"] == str(first.event_id)
    kept = await sql.fetch(
        "SELECT event_type, count(*) AS n FROM supervision.case_events WHERE case_id = $1"
        " GROUP BY event_type",
        case_id,
    )
    assert {row["event_type"]: row["n"] for row in kept} == {
        "CaseAssigned": 1,
        "CaseReturned": 1,
        "CallbackCompleted": 1,
    }
    facts = await sql.fetchval(
        "SELECT facts->'returns_by_department' FROM supervision.case_facts WHERE case_id = $1",
        case_id,
    )
    assert json.loads(facts) == {LEAD: 1}


async def test_callback_opens_one_task_for_a_round_resolved_twice(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    run = stack.run
    case_id = f"CB-{uuid.uuid4().hex[:10]}"
    resolution = CaseResolved(
        department=LEAD,
        result=ResolutionResult.SOLVED,
        summary="42盏路灯已全部修复",
        actor=f"handler:{LEAD}",
        resolved_at=datetime.now(UTC),
    )
    (resolved,) = await publish_as(run, "dispatch", case_id, resolution)
    tasks_url = f"{stack.url('callback')}/api/v1/callbacks/{case_id}"

    async def tasks() -> list[dict[str, Any]]:
        response = await http.get(tasks_url, headers=CALLBACK_AGENT)
        return list(response.json()) if response.status_code == 200 else []

    await eventually(tasks)
    result = {"satisfaction": "satisfied", "solved": True}
    done = await http.post(f"{tasks_url}/result", json=result, headers=CALLBACK_AGENT)
    assert done.status_code == 200, done.text

    await republish(run, resolved)
    assert await handled_so_far(run, DISPATCH_CASE_EVENTS, case_id, "callback") == []
    (task,) = await tasks()
    assert (task["round"], task["state"], task["satisfaction"]) == (1, "completed", "satisfied")


async def test_an_event_about_a_case_nobody_knows_follows_one_policy(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    """dispatch and intake need their record of the case: they dead-letter the event, to be
    replayed. deadline has no timers to stop. supervision keeps the fact for its figures, and
    its signal waits for a department instead of being filed against nobody."""
    run = stack.run
    stranger = f"NOBODY-{uuid.uuid4().hex[:10]}"
    (sent,) = await publish_as(run, "callback", stranger, unhappy())

    for service in ("dispatch", "intake"):
        (dead,) = await handled_so_far(run, CALLBACK_EVENTS, stranger, service)
        assert header(dead, "dlq.error_type") == "UnknownCase", service
        assert header(dead, "event_id") == str(sent.event_id)
        assert header(dead, "dlq.error").startswith("unknown_case:")
    assert await handled_so_far(run, CALLBACK_EVENTS, stranger, "deadline") == []
    assert await handled_so_far(run, CALLBACK_EVENTS, stranger, "supervision") == []
    assert await signals(http, stack, stranger) == []

    assigned = CaseAssigned(
        category="streetlight",
        kind=RequestKind.COMPLAINT,
        lead_department=LEAD,
        actor="system:routing",
        assigned_at=datetime.now(UTC),
    )
    await publish_as(run, "dispatch", stranger, assigned)  # the case's assignment, late
    (signal,) = await eventually(lambda: signals(http, stack, stranger))
    assert (signal["kind"], signal["department"]) == ("dissatisfied", LEAD)
    assert signal["evidence_event_id"] == str(sent.event_id)


async def test_supervision_files_no_signal_against_nobody_for_a_case_never_assigned(
    stack: Stack, http: httpx.AsyncClient, sql: asyncpg.Pool
) -> None:
    """A case resolved at the window has no department: its unhappy callback counts in the
    figures, but no signal is filed against nobody."""
    run = stack.run
    case_id = f"SPOT-{uuid.uuid4().hex[:10]}"
    registered = CaseRegistered(
        channel=Channel.WINDOW,
        kind=RequestKind.CONSULTATION,
        category="streetlight",
        title="咨询路灯报修渠道",
        description="想了解路灯坏了找哪个部门",
        submitter_kind=SubmitterKind.PERSON,
        actor="clerk:test",
    )
    await publish_as(run, "intake", case_id, registered)
    assert await handled_so_far(run, INTAKE_CASE_EVENTS, case_id, "supervision") == []
    await publish_as(run, "callback", case_id, unhappy())
    assert await handled_so_far(run, CALLBACK_EVENTS, case_id, "supervision") == []

    assert await signals(http, stack, case_id) == []
    kept = await sql.fetchval(
        "SELECT count(*) FROM supervision.case_events"
        " WHERE case_id = $1 AND event_type = 'CallbackCompleted'",
        case_id,
    )
    assert kept == 1
