"""Callback as a consumer and an API, on the running services over real Kafka and PostgreSQL:
the queue by due time, attempts until unreachable, a result, and the one-time rating link.
Dispatch's and deadline's events are published onto their real topics."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import httpx

from common.envelope import Envelope
from common.events import CaseRegistered, CaseResolved, CaseResolvedOnTheSpot
from common.topics import CALLBACK_EVENTS, qualified
from common.vocabulary import Channel, RequestKind, ResolutionResult, Role, SubmitterKind
from tests.support.events import publish_as
from tests.support.infra import TestRun
from tests.support.kafka import eventually, read_until
from tests.support.stack import Stack
from tests.support.staff import headers_for

AGENT = headers_for(Role.CALLBACK_AGENT, username="li.hui")
NOW = datetime.now(UTC)


def new_case_id() -> str:
    return f"CB{uuid.uuid4().hex[:12]}"


def resolved(round: int = 1, at: datetime = NOW) -> CaseResolved:
    return CaseResolved(
        department="urban-management",
        result=ResolutionResult.SOLVED,
        summary="42盏路灯已全部修复",
        round=round,
        actor="handler:wang",
        resolved_at=at,
    )


async def open_task(http: httpx.AsyncClient, stack: Stack, case_id: str) -> list[dict]:
    async def found() -> list[dict] | None:
        response = await http.get(
            f"{stack.url('callback')}/api/v1/callbacks/{case_id}", headers=AGENT
        )
        return response.json() if response.status_code == 200 else None

    tasks: list[dict] = await eventually(found)
    return tasks


async def callback_events(run: TestRun, case_id: str, count: int) -> list[Envelope]:
    topic = qualified(CALLBACK_EVENTS, run.topic_prefix)
    key = case_id.encode()
    records = await read_until(
        run.servers.kafka_bootstrap, topic, lambda rs: sum(r.key == key for r in rs) >= count
    )
    return [Envelope.from_bytes(r.value) for r in records if r.key == key]


async def test_the_queue_puts_the_earliest_due_first(
    http: httpx.AsyncClient, stack: Stack, e2e_run: TestRun
) -> None:
    """Deadline computes each callback's due time on the working calendar and announces it;
    the case resolved earlier is due earlier and comes first."""
    later, sooner = new_case_id(), new_case_id()
    await publish_as(e2e_run, "dispatch", later, resolved(at=NOW))
    await publish_as(e2e_run, "dispatch", sooner, resolved(at=NOW - timedelta(days=14)))
    for case_id in (later, sooner):
        await open_task(http, stack, case_id)

    async def ordered() -> list[str] | None:
        queue = (
            await http.get(
                f"{stack.url('callback')}/api/v1/callbacks", params={"limit": 500}, headers=AGENT
            )
        ).json()
        due = {task["case_id"]: task["due_at"] for task in queue}
        if due.get(sooner) and due.get(later):
            return [task["case_id"] for task in queue]
        return None

    ids = await eventually(ordered)
    assert ids.index(sooner) < ids.index(later)


async def test_a_queue_row_has_the_title_and_the_reported_resolution_a_page_at_a_time(
    http: httpx.AsyncClient, stack: Stack, e2e_run: TestRun
) -> None:
    """The title comes from intake's registration, the summary from dispatch's resolution:
    the queue needs no call to another service per row."""
    case_id = new_case_id()
    registered = CaseRegistered(
        channel=Channel.HOTLINE,
        kind=RequestKind.COMPLAINT,
        category="streetlight",
        title="幸福路路灯不亮",
        description="幸福路一段路灯晚上全部不亮",
        submitter_kind=SubmitterKind.PERSON,
        actor="hotline:submitter",
    )
    await publish_as(e2e_run, "intake", case_id, registered)
    await publish_as(e2e_run, "dispatch", case_id, resolved())
    url = f"{stack.url('callback')}/api/v1/callbacks"

    async def titled() -> dict | None:
        (task,) = await open_task(http, stack, case_id)
        return task if task["title"] else None

    task = await eventually(titled)
    assert task["title"] == "幸福路路灯不亮" and task["summary"] == "42盏路灯已全部修复"

    async def paged() -> bool:
        whole = (await http.get(url, params={"limit": 500}, headers=AGENT)).json()
        at = [row["case_id"] for row in whole].index(case_id)
        page = await http.get(url, params={"limit": 2, "offset": at}, headers=AGENT)
        return [row["case_id"] for row in page.json()] == [
            row["case_id"] for row in whole[at : at + 2]
        ] and page.json()[0]["title"] == "幸福路路灯不亮"

    assert await eventually(paged)
    beyond = await http.get(url, params={"offset": 100_001}, headers=AGENT)
    assert beyond.status_code == 422


async def test_unanswered_calls_make_the_callback_unreachable_once(
    http: httpx.AsyncClient, stack: Stack, e2e_run: TestRun
) -> None:
    case_id = new_case_id()
    await publish_as(e2e_run, "dispatch", case_id, resolved())
    await open_task(http, stack, case_id)
    url = f"{stack.url('callback')}/api/v1/callbacks/{case_id}/attempts"
    reached = await http.post(url, json={"outcome": "reached"}, headers=AGENT)
    assert reached.status_code == 422 and reached.json()["error"] == "reached_needs_result"
    (field,) = reached.json()["fields"]  # told next to the outcome, where it was chosen
    assert field["field"] == "outcome" and "记录回访结果" in field["message"]
    for expected in (1, 2, 3):
        response = await http.post(url, json={"outcome": "no_answer"}, headers=AGENT)
        assert response.status_code == 200, response.text
        assert response.json()["failed_attempts"] == expected
    assert response.json()["state"] == "unreachable"
    again = await http.post(url, json={"outcome": "no_answer"}, headers=AGENT)
    assert again.status_code == 409 and again.json()["state"] == "unreachable"

    (failed,) = await callback_events(e2e_run, case_id, 1)
    assert failed.event_type == "CallbackFailed"
    assert failed.payload["attempts"] == 3 and failed.payload["agent"] == "callback_agent:li.hui"
    tasks = await open_task(http, stack, case_id)
    assert [a["outcome"] for a in tasks[0]["attempts"]] == ["no_answer"] * 3


async def test_an_on_the_spot_resolution_is_called_back_too(
    http: httpx.AsyncClient, stack: Stack, e2e_run: TestRun
) -> None:
    case_id = new_case_id()
    spot = CaseResolvedOnTheSpot(
        category="government-service",
        kind=RequestKind.CONSULTATION,
        channel=Channel.WINDOW,
        outcome="answer_consultation",
        answer="营业执照变更可在政务服务网办理",
        actor="clerk:zhao",
        resolved_at=NOW,
    )
    await publish_as(e2e_run, "intake", case_id, spot)
    (task,) = await open_task(http, stack, case_id)
    assert task["source"] == "on_the_spot" and task["state"] == "open"
    result = await http.post(
        f"{stack.url('callback')}/api/v1/callbacks/{case_id}/result",
        json={"satisfaction": "satisfied", "solved": True},
        headers=AGENT,
    )
    assert result.status_code == 200 and result.json()["state"] == "completed"


async def test_the_submitter_rates_once_through_the_link_without_logging_in(
    http: httpx.AsyncClient, stack: Stack, e2e_run: TestRun
) -> None:
    case_id = new_case_id()
    await publish_as(e2e_run, "dispatch", case_id, resolved())
    await open_task(http, stack, case_id)
    issued = await http.post(
        f"{stack.url('callback')}/api/v1/callbacks/{case_id}/rating-link", headers=AGENT
    )
    assert issued.status_code == 201, issued.text
    link = issued.json()
    # the console's rating page, at the default public address (PUBLIC_BASE_URL)
    assert link["url"] == f"http://127.0.0.1:8080/rate/{link['token']}"

    page = await http.get(f"{stack.url('callback')}/api/v1/public/ratings/{link['token']}")
    assert page.status_code == 200 and page.json()["case_id"] == case_id
    rating = {"satisfaction": "dissatisfied", "solved": False, "comment": "还是不亮"}
    rated = await http.post(
        f"{stack.url('callback')}/api/v1/public/ratings/{link['token']}", json=rating
    )
    assert rated.status_code == 200 and rated.json()["state"] == "completed"
    reused = await http.post(
        f"{stack.url('callback')}/api/v1/public/ratings/{link['token']}", json=rating
    )
    assert reused.status_code == 410 and reused.json()["error"] == "rating_link_used"
    unknown = await http.get(f"{stack.url('callback')}/api/v1/public/ratings/not-a-token")
    assert unknown.status_code == 404

    (completed,) = await callback_events(e2e_run, case_id, 1)
    assert completed.event_type == "CallbackCompleted"
    assert completed.payload["agent"] == "submitter:rating-link"
    assert completed.payload["satisfaction"] == "dissatisfied" and not completed.payload["solved"]


async def test_callback_endpoints_require_an_agent(http: httpx.AsyncClient, stack: Stack) -> None:
    base = f"{stack.url('callback')}/api/v1/callbacks"
    assert (await http.get(base)).status_code == 401
    handler = headers_for(Role.HANDLER, "urban-management")
    assert (await http.get(base, headers=handler)).status_code == 403
    supervisor = headers_for(Role.SUPERVISOR)
    assert (await http.get(base, headers=supervisor)).status_code == 200
    write = await http.post(
        f"{base}/X/result", json={"satisfaction": "satisfied", "solved": True}, headers=supervisor
    )
    assert write.status_code == 403 and write.json()["error"] == "forbidden_role"
