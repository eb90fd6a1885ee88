"""The window's routine on the running system: a supervisor sets the duty roster, a clerk
registers a visitor's case at the window, the staff view names who received it and the
leader on duty, and the acceptance form (受理单) comes back as a PDF whose text carries the
case number, the tracking code, the promised limit deadline announced and the rating link;
a wrong tracking code is refused."""

from __future__ import annotations

import io
from typing import Any

import httpx
from pypdf import PdfReader

from common.auth import Principal, TokenCodec
from common.clock import local_date, utcnow
from common.vocabulary import Role
from tests.support.infra import TEST_AUTH_SECRET
from tests.support.kafka import eventually
from tests.support.loop import streetlight_case
from tests.support.screening import staff_view
from tests.support.stack import Stack
from tests.support.staff import headers_for

SUPERVISOR = headers_for(Role.SUPERVISOR)
ADMIN = headers_for(Role.ADMIN)
#: a clerk whose token carries a name, as dispatch's login issues it
WINDOW_CLERK = {
    "Authorization": "Bearer "
    + TokenCodec(TEST_AUTH_SECRET).issue(Principal("window-7", Role.CLERK, name="王芳"))
}
#: a kind and category no other test files a case under, so its own rule changes nothing else
KIND, CATEGORY, DAYS = "suggestion", "neighbourhood", 7


async def rostered_today(http: httpx.AsyncClient, stack: Stack) -> str:
    today = local_date(utcnow()).isoformat()
    for half in ("am", "pm"):  # whichever half the registration falls in
        answer = await http.put(
            f"{stack.url('intake')}/api/v1/duty-roster/{today}/{half}",
            json={
                "specialists": [{"username": "window-7", "name": "王芳"}],
                "leader": {"name": "刘值班", "title": "副主任", "department": "区政务服务中心"},
            },
            headers=SUPERVISOR,
        )
        assert answer.status_code == 200, answer.text
    return today


async def form(http: httpx.AsyncClient, stack: Stack, case_id: str, code: str) -> httpx.Response:
    return await http.post(
        f"{stack.url('intake')}/api/v1/staff/cases/{case_id}/acceptance-form",
        json={"tracking_code": code},
        headers=WINDOW_CLERK,
    )


def text_of(pdf: bytes) -> str:
    """The page's text without line breaks: long values wrap."""
    return "".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())


async def test_the_window_rosters_receives_and_prints_the_acceptance_form(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    intake = stack.url("intake")
    today = await rostered_today(http, stack)
    read = await http.get(
        f"{intake}/api/v1/duty-roster", params={"from": today, "to": today}, headers=WINDOW_CLERK
    )
    assert [d["leader"]["name"] for d in read.json()] == ["刘值班", "刘值班"]
    now = (await http.get(f"{intake}/api/v1/duty-roster/now", headers=WINDOW_CLERK)).json()
    assert now["date"] == today and now["duty"]["leader"]["name"] == "刘值班"
    refused = await http.put(
        f"{intake}/api/v1/duty-roster/{today}/am",
        json={"specialists": [], "leader": {"name": "某人"}},
        headers=WINDOW_CLERK,
    )
    assert refused.status_code == 403

    # deadline's new rule reaches intake as SlaPolicyPublished
    rule = await http.put(
        f"{stack.url('deadline')}/api/v1/policies/rules",
        json={"stage": "resolution", "kind": KIND, "category": CATEGORY, "working_days": DAYS},
        headers=ADMIN,
    )
    assert rule.status_code == 200, rule.text

    registered = await http.post(
        f"{intake}/api/v1/staff/cases",
        json=streetlight_case(channel="window", kind=KIND, category=CATEGORY),
        headers=WINDOW_CLERK,
    )
    assert registered.status_code == 201, registered.text
    case_id, code = registered.json()["case_id"], registered.json()["tracking_code"]
    view = await staff_view(http, stack, case_id, WINDOW_CLERK)
    assert view["received_by"] == {"username": "window-7", "name": "王芳"}
    assert view["leader_on_duty"] == "刘值班"

    async def promised() -> Any:
        answer = await form(http, stack, case_id, code)
        assert answer.status_code == 200, answer.text
        text = text_of(answer.content)
        return (answer, text) if f"{DAYS}个工作日内办结" in text else None

    answer, text = await eventually(promised)
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.content.startswith(b"%PDF-")
    assert case_id in text and code in text
    assert f"/portal/visit/{case_id}?code={code}" in text
    assert "王芳" in text and "刘值班" in text and "受理单" in text

    wrong = await form(http, stack, case_id, "23456789" if code != "23456789" else "98765432")
    assert wrong.status_code == 422 and wrong.json()["error"] == "wrong_tracking_code"
    assert "查询码" in wrong.json()["message"]
