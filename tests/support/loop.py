"""Taking a case around the loop through the running services' HTTP APIs: a fresh case, its state in dispatch, a handler's step, the callback result, its timers."""

from __future__ import annotations

from typing import Any

import httpx

from common.vocabulary import Role
from tests.support.kafka import eventually
from tests.support.serial import next_serial
from tests.support.stack import Stack
from tests.support.staff import headers_for

LEAD = "urban-management"


CALLBACK_AGENT = headers_for(Role.CALLBACK_AGENT, username="agent-7")


def streetlight_case(**overrides: Any) -> dict[str, Any]:
    """A fresh streetlight case: each from its own phone, about 1 km from the last, so that
    intake does not take them for duplicates of one another."""
    n = next_serial()
    return {
        "channel": "web",
        "kind": "could_not_get_it_done",
        "category": "streetlight",
        "title": "道路路灯多年不亮",
        "description": "片区主干道42盏路灯多年不亮，夜间出行不便。",
        "submitter": {"kind": "person", "name": "张先生", "phone": f"1380{n:07d}"},
        "location": {
            "address": f"湘江新区某路{n}号",
            "latitude": round(28.0 + 0.01 * (n % 60), 4),
            "longitude": round(112.5 + 0.01 * (n // 60), 4),
        },
        **overrides,
    }


async def submit(http: httpx.AsyncClient, stack: Stack, **overrides: Any) -> dict[str, Any]:
    response = await http.post(
        f"{stack.url('intake')}/api/v1/cases", json=streetlight_case(**overrides)
    )
    assert response.status_code == 201, response.text
    receipt: dict[str, Any] = response.json()
    return receipt


async def dispatch_case(
    http: httpx.AsyncClient, stack: Stack, case_id: str
) -> dict[str, Any] | None:
    response = await http.get(
        f"{stack.url('dispatch')}/api/v1/cases/{case_id}", headers=headers_for(Role.DISPATCHER)
    )
    return response.json() if response.status_code == 200 else None


async def wait_state(
    http: httpx.AsyncClient, stack: Stack, case_id: str, state: str, round: int = 1
) -> dict[str, Any]:
    async def reached() -> dict[str, Any] | None:
        case = await dispatch_case(http, stack, case_id)
        return case if case and case["state"] == state and case["round"] == round else None

    found: dict[str, Any] = await eventually(reached)
    return found


async def act(
    http: httpx.AsyncClient,
    stack: Stack,
    case_id: str,
    action: str,
    department: str = LEAD,
    **body: Any,
) -> httpx.Response:
    """A handler of `department` (the lead by default) takes a step on the case."""
    return await http.post(
        f"{stack.url('dispatch')}/api/v1/cases/{case_id}/{action}",
        json=body,
        headers=headers_for(Role.HANDLER, department),
    )


async def callback(
    http: httpx.AsyncClient, stack: Stack, case_id: str, round: int, **result: Any
) -> None:
    async def task_open() -> bool:
        queue = (
            await http.get(f"{stack.url('callback')}/api/v1/callbacks", headers=CALLBACK_AGENT)
        ).json()
        return any(t["case_id"] == case_id and t["round"] == round for t in queue)

    await eventually(task_open)
    response = await http.post(
        f"{stack.url('callback')}/api/v1/callbacks/{case_id}/result",
        json=result,
        headers=CALLBACK_AGENT,
    )
    assert response.status_code == 200, response.text


async def timers(http: httpx.AsyncClient, stack: Stack, case_id: str) -> list[dict[str, Any]]:
    response = await http.get(
        f"{stack.url('deadline')}/api/v1/cases/{case_id}/timers",
        headers=headers_for(Role.DISPATCHER),
    )
    return response.json()["timers"] if response.status_code == 200 else []
