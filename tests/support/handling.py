"""Handling steps through dispatch's HTTP API: the staff who take them, a case once dispatch has it, its events and timeline."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import httpx

from common.envelope import Envelope
from common.topics import DISPATCH_CASE_EVENTS, qualified
from common.vocabulary import Role
from tests.support.infra import TestRun
from tests.support.kafka import read_until
from tests.support.loop import submit, wait_state
from tests.support.stack import Stack
from tests.support.staff import headers_for

DISPATCHER = headers_for(Role.DISPATCHER, "service-centre", "dispatcher-e2e")


ADMIN = headers_for(Role.ADMIN, username="admin-e2e")


def handler(department: str) -> dict[str, str]:
    return headers_for(Role.HANDLER, department, f"handler-{department}")


async def post(
    http: httpx.AsyncClient,
    stack: Stack,
    case_id: str,
    action: str,
    headers: dict[str, str],
    **body: Any,
) -> httpx.Response:
    return await http.post(
        f"{stack.url('dispatch')}/api/v1/cases/{case_id}/{action}", json=body, headers=headers
    )


async def ok(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def case_in(
    http: httpx.AsyncClient, stack: Stack, state: str, category: str = "streetlight"
) -> str:
    """A newly submitted case of the category, once dispatch has it in `state`."""
    case_id: str = (await submit(http, stack, category=category))["case_id"]
    await wait_state(http, stack, case_id, state)
    return case_id


async def events_of(
    run: TestRun, case_id: str, done: Callable[[list[str]], bool]
) -> list[Envelope]:
    """The case's events on dispatch's topic, in order, once `done(types)` holds."""

    def decode(records: Sequence[Any]) -> list[Envelope]:
        return [Envelope.from_bytes(r.value) for r in records if r.key == case_id.encode()]

    records = await read_until(
        run.servers.kafka_bootstrap,
        qualified(DISPATCH_CASE_EVENTS, run.topic_prefix),
        lambda rs: done([e.event_type for e in decode(rs)]),
    )
    found = decode(records)
    assert done([e.event_type for e in found]), [e.event_type for e in found]
    return found


async def timeline(http: httpx.AsyncClient, stack: Stack, case_id: str) -> list[dict[str, Any]]:
    response = await http.get(
        f"{stack.url('dispatch')}/api/v1/cases/{case_id}/timeline", headers=DISPATCHER
    )
    actions: list[dict[str, Any]] = (await ok(response))["actions"]
    return actions


async def queue(http: httpx.AsyncClient, stack: Stack) -> list[str]:
    response = await http.get(f"{stack.url('dispatch')}/api/v1/queue", headers=DISPATCHER)
    return [c["case_id"] for c in await ok(response)]


def token_url(stack: Stack) -> str:
    return f"{stack.url('dispatch')}/api/v1/auth/token"


async def login(
    http: httpx.AsyncClient, stack: Stack, username: str, password: str
) -> httpx.Response:
    return await http.post(token_url(stack), json={"username": username, "password": password})


def bearer(body: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {body['access_token']}"}
