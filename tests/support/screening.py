"""Registration and screening through intake's HTTP API, and what intake published or shows about a case."""

from __future__ import annotations

from typing import Any

import httpx

from common import topics
from common.envelope import Envelope
from common.vocabulary import Role
from tests.support.infra import TestRun
from tests.support.kafka import read_until
from tests.support.loop import streetlight_case
from tests.support.stack import Stack
from tests.support.staff import headers_for

CLERK = headers_for(Role.CLERK, username="window-1")


async def intake_events(run: TestRun, case_id: str, count: int) -> list[Envelope]:
    """The case's events on intake's topic, once `count` of them are there."""

    def of_case(records: Any) -> list[Envelope]:
        return [
            Envelope.from_bytes(r.value) for r in records if r.key and r.key.decode() == case_id
        ]

    records = await read_until(
        run.servers.kafka_bootstrap,
        f"{run.topic_prefix}{topics.INTAKE_CASE_EVENTS}",
        lambda found: len(of_case(found)) >= count,
    )
    return of_case(records)


async def register(
    http: httpx.AsyncClient, stack: Stack, screening: dict[str, Any] | None = None, **changes: Any
) -> dict[str, Any]:
    """A window registration by a clerk."""
    body = streetlight_case(**{"channel": "window", **changes})
    if screening is not None:
        body["screening"] = screening
    response = await http.post(
        f"{stack.url('intake')}/api/v1/staff/cases", json=body, headers=CLERK
    )
    assert response.status_code == 201, response.text
    receipt: dict[str, Any] = response.json()
    return receipt


async def screen(
    http: httpx.AsyncClient, stack: Stack, case_id: str, **decision: Any
) -> httpx.Response:
    return await http.post(
        f"{stack.url('intake')}/api/v1/cases/{case_id}/screening", json=decision, headers=CLERK
    )


async def public_view(
    http: httpx.AsyncClient, stack: Stack, receipt: dict[str, Any]
) -> dict[str, Any]:
    response = await http.get(
        f"{stack.url('intake')}/api/v1/public/cases/{receipt['case_id']}",
        params={"code": receipt["tracking_code"]},
    )
    assert response.status_code == 200, response.text
    view: dict[str, Any] = response.json()
    return view


async def staff_view(
    http: httpx.AsyncClient, stack: Stack, case_id: str, headers: dict[str, str] = CLERK
) -> dict[str, Any]:
    response = await http.get(
        f"{stack.url('intake')}/api/v1/staff/cases/{case_id}", headers=headers
    )
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found
