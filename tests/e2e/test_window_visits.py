"""Window visits rated by the public (窗口单位百姓评) on the running system: a clerk registers a
case at the window, the visitor rates the window unit and the clerk through the public route
with the case's tracking code, once; a wrong code and an online case are refused; the
supervisor's roll-up and its files show the unit and the staff member, and a clerk gets 403."""

from __future__ import annotations

import io
import ssl
import uuid
from typing import Any

import httpx
from openpyxl import load_workbook

from common.clock import local_date, utcnow
from common.vocabulary import Role
from tests.support.loop import streetlight_case, submit
from tests.support.stack import Stack
from tests.support.staff import headers_for

UNIT = "service-centre"
SUPERVISOR = headers_for(Role.SUPERVISOR)
#: The wrong guess comes from an address of its own, leaving 127.0.0.1's tracking allowance
#: to the other tests (as tests/e2e/test_intake_tracking.py does).
GUESSER = "127.251.0.1"


def visit(stack: Stack, case_id: str, path: str = "") -> str:
    return f"{stack.url('intake')}/api/v1/public/visits/{case_id}{path}"


async def window_case(http: httpx.AsyncClient, stack: Stack, clerk: dict[str, str]) -> Any:
    response = await http.post(
        f"{stack.url('intake')}/api/v1/staff/cases",
        json=streetlight_case(channel="window"),
        headers=clerk,
    )
    assert response.status_code == 201, response.text
    return response.json()


async def test_a_window_visit_rated_once_and_rolled_up_for_supervisors(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    username = f"window-{uuid.uuid4().hex[:8]}"
    clerk = headers_for(Role.CLERK, department=UNIT, username=username)
    receipt = await window_case(http, stack, clerk)
    case_id, code = receipt["case_id"], receipt["tracking_code"]

    page = await http.get(visit(stack, case_id), params={"code": code})
    assert page.status_code == 200, page.text
    assert (page.json()["window_unit"], page.json()["staff_name"]) == (UNIT, username)
    assert page.json()["already_rated"] is False

    transport = httpx.AsyncHTTPTransport(local_address=GUESSER, verify=ssl.create_default_context())
    async with httpx.AsyncClient(transport=transport, timeout=60) as guesser:
        wrong = await guesser.post(
            visit(stack, case_id, "/rating"),
            params={"code": "ZZZZZZZZ"},
            json={"window": 1, "staff": 1},
        )
    assert wrong.status_code == 404 and wrong.json()["error"] == "case_not_found"
    out_of_range = await http.post(
        visit(stack, case_id, "/rating"), params={"code": code}, json={"window": 6, "staff": 0}
    )
    assert out_of_range.status_code == 422, out_of_range.text
    assert "窗口评分" in out_of_range.text and "工作人员评分" in out_of_range.text

    rated = await http.post(
        visit(stack, case_id, "/rating"),
        params={"code": code},
        json={"window": 5, "staff": 4, "comment": "窗口办事很快"},
    )
    assert rated.status_code == 201, rated.text
    assert rated.json()["already_rated"] is True
    again = await http.post(
        visit(stack, case_id, "/rating"), params={"code": code}, json={"window": 1, "staff": 1}
    )
    assert again.status_code == 409 and again.json()["error"] == "already_rated"

    today = local_date(utcnow()).isoformat()
    period = {"from": today, "to": today}
    ratings_url = f"{stack.url('intake')}/api/v1/window-ratings"
    figures = await http.get(ratings_url, params=period, headers=SUPERVISOR)
    assert figures.status_code == 200, figures.text
    unit = next(u for u in figures.json()["units"] if u["window_unit"] == UNIT)
    assert unit["window_unit_name"] and unit["count"] >= 1
    (member,) = [s for s in figures.json()["staff"] if s["username"] == username]
    assert (member["count"], member["window_average"], member["staff_average"]) == (1, 5.0, 4.0)
    assert member["satisfied_share"] == 1.0
    assert member["recent_comments"][0]["comment"] == "窗口办事很快"

    workbook = await http.get(f"{ratings_url}.xlsx", params=period, headers=SUPERVISOR)
    assert workbook.status_code == 200, workbook.text
    rows = list(load_workbook(io.BytesIO(workbook.content)).active.values)
    assert rows[0][:3] == ("统计对象", "窗口单位", "工作人员")
    assert any(row[0] == "工作人员" and row[2] == username for row in rows[1:])
    csv = await http.get(f"{ratings_url}.csv", params=period, headers=SUPERVISOR)
    assert csv.status_code == 200 and "窗口办事很快" in csv.content.decode("utf-8-sig")

    for role in (Role.CLERK, Role.HANDLER):
        refused = await http.get(ratings_url, headers=headers_for(role, department=UNIT))
        assert refused.status_code == 403, refused.text


async def test_a_case_filed_online_has_no_visit_to_rate(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    receipt = await submit(http, stack)
    page = await http.get(
        visit(stack, receipt["case_id"]), params={"code": receipt["tracking_code"]}
    )
    assert page.status_code == 422 and page.json()["error"] == "not_a_window_visit"
    assert "窗口" in page.json()["message"]
