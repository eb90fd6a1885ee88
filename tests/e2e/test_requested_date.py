"""The submitter's requested completion date (期望办结日期) on the running system: given on
the portal, at the window or through Open311, it reaches intake's staff view, dispatch's
case (the handler's list and the dispatcher's) and deadline, whose timers flag a resolution
limit falling after it."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import httpx
import pytest_asyncio

from common.clock import local_date, utcnow
from common.vocabulary import Role
from tests.support.kafka import eventually
from tests.support.loop import LEAD, submit, wait_state
from tests.support.open311 import error_of, post, streetlight_form
from tests.support.screening import CLERK, register, staff_view
from tests.support.serial import next_serial
from tests.support.stack import Stack
from tests.support.staff import headers_for

HANDLER = headers_for(Role.HANDLER, LEAD)


def days_ahead(days: int) -> date:
    return local_date(utcnow()) + timedelta(days=days)


async def resolution_timer(http: httpx.AsyncClient, stack: Stack, case_id: str) -> dict[str, Any]:
    """The case's resolution timer as the lead's handler reads it, once deadline has it."""

    async def found() -> dict[str, Any] | None:
        response = await http.get(
            f"{stack.url('deadline')}/api/v1/cases/{case_id}/timers", headers=HANDLER
        )
        if response.status_code != 200:
            return None
        timers = [t for t in response.json()["timers"] if t["stage"] == "resolution"]
        return timers[0] if timers else None

    timer: dict[str, Any] = await eventually(found)
    return timer


async def test_a_date_earlier_than_the_limit_is_shown_and_warned_on(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    # 办不成事 has a 3-working-day resolution limit: it falls after tomorrow
    wanted = days_ahead(1)
    receipt = await submit(http, stack, requested_by=wanted.isoformat())
    case_id = receipt["case_id"]
    case = await wait_state(http, stack, case_id, "assigned")
    assert case["requested_by"] == wanted.isoformat()

    async def flagged() -> dict[str, Any] | None:
        timer = await resolution_timer(http, stack, case_id)
        # CaseAccepted (the date) and CaseAssigned (the timer) reach deadline in either order
        return timer if timer["later_than_requested"] else None

    timer = await eventually(flagged)
    assert timer["requested_by"] == wanted.isoformat()
    assert local_date_of(timer["due_at"]) > wanted
    timers = await http.get(
        f"{stack.url('deadline')}/api/v1/cases/{case_id}/timers", headers=HANDLER
    )
    others = [t for t in timers.json()["timers"] if t["stage"] != "resolution"]
    assert others and not any(t["later_than_requested"] for t in others)

    # the handler's list and the intake view carry the date
    page = await http.get(
        f"{stack.url('dispatch')}/api/v1/departments/{LEAD}/cases",
        params={"limit": 200},
        headers=HANDLER,
    )
    listed = next(c for c in page.json()["items"] if c["case_id"] == case_id)
    assert listed["requested_by"] == wanted.isoformat()

    async def seen_by_intake() -> dict[str, Any] | None:
        # intake learns who handles the case from CaseAssigned, on its own time
        response = await http.get(
            f"{stack.url('intake')}/api/v1/staff/cases/{case_id}", headers=HANDLER
        )
        return response.json() if response.status_code == 200 else None

    assert (await eventually(seen_by_intake))["requested_by"] == wanted.isoformat()
    # the page's timers in one request say the same
    many = await http.get(
        f"{stack.url('deadline')}/api/v1/timers", params={"case_id": [case_id]}, headers=HANDLER
    )
    (one,) = many.json()["cases"]
    assert any(t["later_than_requested"] for t in one["timers"])


def local_date_of(text: str) -> date:
    return local_date(datetime.fromisoformat(text))


async def test_a_date_the_limit_meets_is_no_warning(stack: Stack, http: httpx.AsyncClient) -> None:
    wanted = days_ahead(300)
    receipt = await submit(http, stack, requested_by=wanted.isoformat())
    case_id = receipt["case_id"]
    await wait_state(http, stack, case_id, "assigned")

    async def dated() -> dict[str, Any] | None:
        timer = await resolution_timer(http, stack, case_id)
        return timer if timer["requested_by"] == wanted.isoformat() else None

    timer = await eventually(dated)
    assert timer["later_than_requested"] is False
    # and a case asked without a date has none
    plain = await submit(http, stack)
    await wait_state(http, stack, plain["case_id"], "assigned")
    bare = await resolution_timer(http, stack, plain["case_id"])
    assert (bare["requested_by"], bare["later_than_requested"]) == (None, False)


async def test_the_clerk_records_the_date_at_the_window(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    wanted = days_ahead(2)
    receipt = await register(
        http, stack, screening={"outcome": "accept"}, requested_by=wanted.isoformat()
    )
    case_id = receipt["case_id"]
    assert (await staff_view(http, stack, case_id))["requested_by"] == wanted.isoformat()
    case = await wait_state(http, stack, case_id, "assigned")
    assert case["requested_by"] == wanted.isoformat()
    timer = await eventually(lambda: _flag(http, stack, case_id))
    assert timer["requested_by"] == wanted.isoformat()


async def _flag(http: httpx.AsyncClient, stack: Stack, case_id: str) -> dict[str, Any] | None:
    timer = await resolution_timer(http, stack, case_id)
    return timer if timer["later_than_requested"] else None


async def test_a_bad_date_is_refused_naming_the_field(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    for days, said in ((0, "须晚于今天"), (500, "不能晚于一年后")):
        body_date = days_ahead(days).isoformat()
        response = await http.post(
            f"{stack.url('intake')}/api/v1/cases",
            json={
                "channel": "web",
                "kind": "could_not_get_it_done",
                "category": "streetlight",
                "title": "道路路灯多年不亮",
                "description": "片区主干道42盏路灯多年不亮，夜间出行不便。",
                "submitter": {"name": "张先生", "phone": f"1381{next_serial():07d}"},
                "location": {"address": "湘江新区望月湖路12号"},
                "requested_by": body_date,
            },
        )
        assert response.status_code == 422, response.text
        body = response.json()
        assert body["error"] == "validation_failed"
        assert f"期望办结日期：{said}" in body["message"]
        assert [f["field"] for f in body["fields"]] == ["requested_by"]
    clerk = await http.post(
        f"{stack.url('intake')}/api/v1/staff/cases",
        json={
            "channel": "window",
            "kind": "help",
            "title": "路灯不亮",
            "description": "片区主干道路灯多年不亮。",
            "submitter": {"name": "张先生", "phone": f"1381{next_serial():07d}"},
            "location": {"address": "湘江新区望月湖路12号"},
            "requested_by": "2020-01-01",
        },
        headers=CLERK,
    )
    assert clerk.status_code == 422 and "期望办结日期" in clerk.json()["message"]


@pytest_asyncio.fixture(scope="module")
async def api_key(stack: Stack) -> str:
    async with httpx.AsyncClient(timeout=10) as client:
        response = await client.post(
            f"{stack.url('intake')}/api/v1/open311/keys",
            json={"name": "e2e-requested-date"},
            headers=headers_for(Role.ADMIN),
        )
    assert response.status_code == 201, response.text
    key: str = response.json()["key"]
    return key


async def test_open311_takes_the_date_as_an_attribute(
    stack: Stack, http: httpx.AsyncClient, api_key: str
) -> None:
    wanted = days_ahead(1)
    form = streetlight_form(
        api_key,
        phone=f"1382{next_serial():07d}",
        lat="28.3333",
        long="112.7777",
        address_string=f"湘江新区某街{next_serial()}号",
        **{"attribute[requested_by]": wanted.isoformat()},
    )
    response = await post(http, stack, "json", form)
    assert response.status_code == 201, response.text
    case_id = response.json()[0]["service_request_id"]
    assert (await staff_view(http, stack, case_id))["requested_by"] == wanted.isoformat()

    past = streetlight_form(api_key, **{"attribute[requested_by]": "2020-01-01"})
    refused = await post(http, stack, "json", past)
    assert refused.status_code == 400
    assert error_of(refused).startswith("attribute[requested_by] 期望办结日期须晚于今天")
