"""Who may call which dispatch endpoint, for which department's case: role x endpoint x
department, on the running system.

Outcomes: `ok` the request passes access control (the case may still refuse the step with 409
or 422); `role` 403 forbidden_role; `hidden` 404 (a handler outside the case's departments
cannot learn it exists); `not_theirs` the handler sees the case but the step belongs to
another of its departments (403 not_handling_department, or 409 when the state already
refuses it, whoever asks)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from typing import Any

import httpx
import pytest
import pytest_asyncio

from common.vocabulary import Role
from tests.support.handling import case_in
from tests.support.stack import Stack
from tests.support.staff import headers_for

LEAD, CO, OUTSIDER = "urban-management", "street-yuelu", "finance-review"

PRINCIPALS: dict[str, dict[str, str] | None] = {
    "anonymous": None,
    "clerk": headers_for(Role.CLERK, "service-centre"),
    "dispatcher": headers_for(Role.DISPATCHER, "service-centre"),
    "lead_handler": headers_for(Role.HANDLER, LEAD),
    "co_handler": headers_for(Role.HANDLER, CO),
    "outside_handler": headers_for(Role.HANDLER, OUTSIDER),
    "callback_agent": headers_for(Role.CALLBACK_AGENT, "service-centre"),
    "supervisor": headers_for(Role.SUPERVISOR, "discipline-committee"),
    "admin": headers_for(Role.ADMIN),
}
EVERYONE = set(PRINCIPALS) - {"anonymous"}
HANDLERS = {"lead_handler", "co_handler", "outside_handler"}
READERS = {"dispatcher", "callback_agent", "supervisor", "lead_handler", "co_handler"}


def matrix(
    ok: Iterable[str], hidden: Iterable[str] = (), not_theirs: Iterable[str] = ()
) -> dict[str, str]:
    outcome = {name: "role" for name in EVERYONE}
    outcome.update({name: "ok" for name in ok})
    outcome.update({name: "hidden" for name in hidden})
    outcome.update({name: "not_theirs" for name in not_theirs})
    outcome["anonymous"] = "unauthenticated"
    return outcome


def lead_step() -> dict[str, str]:
    return matrix({"lead_handler"}, hidden={"outside_handler"}, not_theirs={"co_handler"})


# (method, path, body, expected outcome per principal); {case} is the shared case
ENDPOINTS: list[tuple[str, str, dict[str, Any] | None, dict[str, str]]] = [
    ("GET", "/cases", None, matrix(READERS | {"outside_handler"})),
    ("GET", "/cases/{case}", None, matrix(READERS, hidden={"outside_handler"})),
    (
        "GET",
        f"/departments/{LEAD}/cases",
        None,
        matrix(READERS - {"co_handler"}, hidden={"co_handler", "outside_handler"}),
    ),
    ("GET", "/cases/{case}/timeline", None, matrix(READERS, hidden={"outside_handler"})),
    ("GET", "/queue", None, matrix({"dispatcher", "supervisor"})),
    ("GET", "/returns/stats", None, matrix({"dispatcher", "supervisor"})),
    ("GET", "/departments", None, matrix(EVERYONE)),
    ("GET", "/auth/me", None, matrix(EVERYONE)),
    ("POST", "/cases/{case}/assign", {"lead": LEAD}, matrix({"dispatcher"})),
    (
        "POST",
        "/cases/{case}/arbitrate",
        {"decision": "send_back", "reason": "仍由原单位办理"},
        matrix({"dispatcher"}),
    ),
    ("POST", "/cases/{case}/extensions/grant", None, matrix({"dispatcher"})),
    ("POST", "/cases/{case}/extensions/deny", {"reason": "不同意"}, matrix({"dispatcher"})),
    ("POST", "/cases/{case}/sign", None, lead_step()),
    ("POST", "/cases/{case}/contact", {"note": "已电话联系"}, lead_step()),
    ("POST", "/cases/{case}/extensions", {"working_days": 1, "reason": "等待"}, lead_step()),
    ("POST", "/cases/{case}/suspend", {"reason": "等待群众"}, lead_step()),
    ("POST", "/cases/{case}/resume", None, lead_step()),
    ("POST", "/cases/{case}/return", {"reason": "不属本单位"}, lead_step()),
    (
        "POST",
        "/cases/{case}/resolve",
        {"result": "solved", "summary": "已处理"},
        lead_step(),
    ),
    (
        "POST",
        "/cases/{case}/opinion",
        {"opinion": "配合意见"},
        matrix({"co_handler"}, hidden={"outside_handler"}, not_theirs={"lead_handler"}),
    ),
    ("POST", "/cases/{case}/reopen", {"reason": "督查要求重办"}, matrix({"supervisor"})),
    ("POST", "/cases/{case}/close", {"reason": "督查结案"}, matrix({"supervisor"})),
    ("GET", "/org/departments", None, matrix({"admin"})),
    ("GET", "/org/departments/urban-management", None, matrix({"admin"})),
    ("GET", "/org/routing-rules", None, matrix({"admin"})),
    ("GET", "/org/routing-rules/streetlight", None, matrix({"admin"})),
    ("GET", "/org/staff", None, matrix({"admin"})),
    (
        "PUT",
        "/org/routing-rules/streetlight",
        {"lead": LEAD, "co_handlers": []},
        matrix({"admin"}),
    ),
]

CASES = [
    pytest.param(method, path, body, who, expected[who], id=f"{method} {path} as {who}")
    for method, path, body, expected in ENDPOINTS
    for who in PRINCIPALS
]


@pytest_asyncio.fixture(scope="module")
async def shared_case(stack: Stack) -> AsyncIterator[str]:
    """A road-maintenance case: urban-management leads, street-yuelu co-handles."""
    async with httpx.AsyncClient(timeout=10) as http:
        yield await case_in(http, stack, "assigned", category="road-maintenance")


@pytest.mark.parametrize(("method", "path", "body", "who", "expected"), CASES)
async def test_access(
    stack: Stack,
    http: httpx.AsyncClient,
    shared_case: str,
    method: str,
    path: str,
    body: dict[str, Any] | None,
    who: str,
    expected: str,
) -> None:
    url = f"{stack.url('dispatch')}/api/v1{path.format(case=shared_case)}"
    response = await http.request(method, url, json=body, headers=PRINCIPALS[who])
    status, answer = response.status_code, response.json() if response.content else {}
    error = answer.get("error") if isinstance(answer, dict) else None
    if expected == "ok":
        assert status in (200, 201, 204, 409, 422), response.text
        assert error not in ("forbidden_role", "not_found", "not_handling_department")
    elif expected == "role":
        assert (status, error) == (403, "forbidden_role"), response.text
    elif expected == "hidden":
        assert status == 404, response.text
        unknown = path.format(case="19990101000001")
        twin = await http.request(
            method, f"{stack.url('dispatch')}/api/v1{unknown}", json=body, headers=PRINCIPALS[who]
        )
        # the same answer as for a case that does not exist
        assert twin.status_code == 404
        assert twin.text.replace("19990101000001", shared_case) == response.text
    elif expected == "not_theirs":
        assert (status, error) in ((403, "not_handling_department"), (409, "illegal_transition"))
    else:
        assert (status, error) == (401, "unauthenticated"), response.text


async def test_a_handler_lists_only_its_departments_cases(
    stack: Stack, http: httpx.AsyncClient, shared_case: str
) -> None:
    url = f"{stack.url('dispatch')}/api/v1/cases"
    params = {"department": LEAD, "limit": 500}
    outsider = await http.get(url, params=params, headers=PRINCIPALS["outside_handler"])
    assert outsider.status_code == 200
    assert all(OUTSIDER in (c["lead_department"], *c["co_handlers"]) for c in outsider.json())
    assert shared_case not in {c["case_id"] for c in outsider.json()}
    for who in ("co_handler", "dispatcher"):
        seen = await http.get(url, params=params, headers=PRINCIPALS[who])
        assert shared_case in {c["case_id"] for c in seen.json()}


async def test_an_illegal_step_answers_409_with_state_and_allowed_actions(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    async with httpx.AsyncClient(timeout=10) as client:
        case_id = await case_in(client, stack, "assigned")
    response = await http.post(
        f"{stack.url('dispatch')}/api/v1/cases/{case_id}/resume",
        headers=PRINCIPALS["lead_handler"],
    )
    assert response.status_code == 409
    body = response.json()
    assert body == {
        "error": "illegal_transition",
        "code": "illegal_transition",
        "message": body["message"],
        "state": "assigned",
        "attempted": "resume",
        "allowed_actions": ["sign", "return"],
    }
    assert "已交办" in body["message"] and "恢复办理" in body["message"]
