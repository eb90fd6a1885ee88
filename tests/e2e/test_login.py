"""Logging in to dispatch with the demo accounts and with accounts an administrator manages;
the token then works in dispatch, and failures are throttled per username."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from tests.support.handling import ADMIN, bearer, case_in, login, ok, timeline, token_url
from tests.support.stack import Stack

SHANGHAI = ZoneInfo("Asia/Shanghai")
DEMO_ACCOUNTS = [
    ("clerk", "demo-clerk", "clerk", "service-centre"),
    ("dispatcher", "demo-dispatcher", "dispatcher", "service-centre"),
    ("um-handler", "demo-handler", "handler", "urban-management"),
    ("hc-handler", "demo-handler", "handler", "housing-construction"),
    ("yl-handler", "demo-handler", "handler", "street-yuelu"),
    ("fr-handler", "demo-handler", "handler", "finance-review"),
    ("mr-handler", "demo-handler", "handler", "market-regulation"),
    ("nr-handler", "demo-handler", "handler", "natural-resources"),
    ("gsl-handler", "demo-handler", "handler", "street-guanshaling"),
    ("wy-handler", "demo-handler", "handler", "street-wangyue"),
    ("callback-agent", "demo-callback-agent", "callback_agent", "service-centre"),
    ("supervisor", "demo-supervisor", "supervisor", "discipline-committee"),
    ("leader", "demo-leader", "leader", None),
    ("admin", "demo-admin", "admin", None),
]


@pytest.mark.parametrize(("username", "password", "role", "department"), DEMO_ACCOUNTS)
async def test_every_demo_account_logs_in(
    stack: Stack,
    http: httpx.AsyncClient,
    username: str,
    password: str,
    role: str,
    department: str | None,
) -> None:
    body = await ok(await login(http, stack, username, password))
    assert body["token_type"] == "bearer" and body["expires_in"] > 0
    assert (body["role"], body["department"]) == (role, department) and body["name"]
    me = await ok(await http.get(f"{stack.url('dispatch')}/api/v1/auth/me", headers=bearer(body)))
    assert me["actor"] == f"{role}:{username}"


def token_claims(issued: dict[str, Any]) -> dict[str, Any]:
    """What every service reads from the bearer token (its signed body)."""
    body = issued["access_token"].partition(".")[0]
    claims: dict[str, Any] = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    return claims


async def test_a_knowledge_reviewer_logs_in_with_the_flag_in_its_token(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    me_url = f"{stack.url('dispatch')}/api/v1/auth/me"
    reviewer = await ok(await login(http, stack, "um-reviewer", "demo-reviewer"))
    assert (reviewer["role"], reviewer["department"]) == ("handler", "urban-management")
    assert reviewer["reviews_knowledge"] is True and token_claims(reviewer)["rk"] is True
    assert (await ok(await http.get(me_url, headers=bearer(reviewer))))["reviews_knowledge"]
    handler = await ok(await login(http, stack, "um-handler", "demo-handler"))
    assert handler["reviews_knowledge"] is False and token_claims(handler)["rk"] is False

    account = await new_account(http, stack, reviews_knowledge=True)
    username = account["username"]
    assert account["reviews_knowledge"] is True
    made = await ok(await login(http, stack, username, "a-long-enough-password"))
    assert token_claims(made)["rk"] is True
    staff = f"{stack.url('dispatch')}/api/v1/org/staff/{username}"
    not_a_handler = await http.patch(staff, json={"role": "clerk"}, headers=ADMIN)
    assert not_a_handler.status_code == 422
    assert not_a_handler.json()["error"] == "reviewer_not_handler"
    cleared = await ok(await http.patch(staff, json={"reviews_knowledge": False}, headers=ADMIN))
    assert cleared["reviews_knowledge"] is False
    after = await ok(await login(http, stack, username, "a-long-enough-password"))
    assert token_claims(after)["rk"] is False
    empty = await http.patch(staff, json={"reviews_knowledge": None}, headers=ADMIN)
    assert empty.status_code == 422 and empty.json()["field"] == "reviews_knowledge"


async def test_the_oauth2_password_form_logs_in_too(stack: Stack, http: httpx.AsyncClient) -> None:
    response = await http.post(
        token_url(stack),
        data={"grant_type": "password", "username": "supervisor", "password": "demo-supervisor"},
    )
    assert (await ok(response))["role"] == "supervisor"
    empty = await http.post(token_url(stack), data={"username": "supervisor"})
    assert empty.status_code == 422


async def test_a_logged_in_handler_acts_under_its_own_name(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    case_id = await case_in(http, stack, "assigned")
    token = await ok(await login(http, stack, "um-handler", "demo-handler"))
    signed = await http.post(
        f"{stack.url('dispatch')}/api/v1/cases/{case_id}/sign", headers=bearer(token)
    )
    assert (await ok(signed))["state"] == "signed"
    steps = await timeline(http, stack, case_id)
    assert steps[-1]["actor"] == "handler:um-handler"
    other = await ok(await login(http, stack, "hc-handler", "demo-handler"))
    hidden = await http.get(
        f"{stack.url('dispatch')}/api/v1/cases/{case_id}", headers=bearer(other)
    )
    assert hidden.status_code == 404


async def test_wrong_credentials_get_the_same_answer_whether_the_user_exists_or_not(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    wrong_password = await login(http, stack, "callback-agent", "not-the-password")
    no_such_user = await login(http, stack, f"ghost-{uuid.uuid4().hex[:6]}", "whatever-it-is")
    for response in (wrong_password, no_such_user):
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"
    assert wrong_password.json() == no_such_user.json()
    assert wrong_password.json()["error"] == "invalid_credentials"
    # one failure, then success, clears the count
    await ok(await login(http, stack, "callback-agent", "demo-callback-agent"))


async def new_account(http: httpx.AsyncClient, stack: Stack, **fields: Any) -> dict[str, Any]:
    username = f"e2e-{uuid.uuid4().hex[:8]}"
    response = await http.post(
        f"{stack.url('dispatch')}/api/v1/org/staff",
        json={
            "username": username,
            "name": "测试账号",
            "role": "handler",
            "department": "finance-review",
            "password": "a-long-enough-password",
            **fields,
        },
        headers=ADMIN,
    )
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    assert "password_hash" not in created and "password" not in created
    return created


async def test_five_failures_lock_the_username_even_for_the_right_password(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    username = (await new_account(http, stack))["username"]
    for _ in range(4):
        wrong = await login(http, stack, username, "wrong-password")
        assert (wrong.status_code, wrong.json()["message"]) == (401, "用户名或密码错误")
    locked = await login(http, stack, username, "wrong-password")
    assert locked.status_code == 429
    assert locked.json()["error"] == "too_many_attempts" and locked.json()["locked_until"]
    # what the console shows next to the username: the time in Asia/Shanghai
    until = datetime.fromisoformat(locked.json()["locked_until"]).astimezone(SHANGHAI)
    assert (
        locked.json()["message"] == f"密码错误次数过多，该用户名已被锁定，请于 {until:%H:%M} 后再试"
    )
    still = await login(http, stack, username, "a-long-enough-password")
    assert still.status_code == 429
    other = await login(http, stack, "clerk", "demo-clerk")
    assert other.status_code == 200  # the lock is per username


async def test_the_staff_list_comes_a_page_at_a_time(stack: Stack, http: httpx.AsyncClient) -> None:
    staff = f"{stack.url('dispatch')}/api/v1/org/staff"
    for _ in range(3):
        await new_account(http, stack)
    query = {"role": "handler", "department": "finance-review"}
    everyone = (await http.get(staff, params=query, headers=ADMIN)).json()
    assert len(everyone) >= 3
    pages = [
        (await http.get(staff, params={**query, "limit": 2, "offset": n}, headers=ADMIN)).json()
        for n in (0, 2)
    ]
    assert len(pages[0]) == 2
    names = [member["username"] for page in pages for member in page]
    assert names == [member["username"] for member in everyone][:4]
    refused = await http.get(staff, params={"limit": 0}, headers=ADMIN)
    assert refused.status_code == 422 and refused.json()["fields"][0]["field"] == "query.limit"


async def test_an_administrator_manages_staff_without_a_restart(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    staff = f"{stack.url('dispatch')}/api/v1/org/staff"
    account = await new_account(http, stack)
    username = account["username"]
    assert (account["role"], account["department"], account["active"]) == (
        "handler",
        "finance-review",
        True,
    )
    first = await ok(await login(http, stack, username, "a-long-enough-password"))
    assert first["department"] == "finance-review"

    duplicate = await http.post(
        staff,
        json={
            "username": username,
            "name": "x",
            "role": "clerk",
            "password": "a-long-enough-password",
        },
        headers=ADMIN,
    )
    assert duplicate.status_code == 409 and duplicate.json()["error"] == "username_taken"
    no_department = await http.patch(
        f"{staff}/{username}", json={"department": None}, headers=ADMIN
    )
    assert no_department.status_code == 422
    assert no_department.json()["error"] == "department_required"
    unknown = await http.patch(f"{staff}/{username}", json={"department": "nowhere"}, headers=ADMIN)
    assert unknown.status_code == 422 and unknown.json()["error"] == "unknown_department"

    moved = await ok(
        await http.patch(
            f"{staff}/{username}",
            json={"role": "dispatcher", "department": "service-centre"},
            headers=ADMIN,
        )
    )
    assert (moved["role"], moved["department"]) == ("dispatcher", "service-centre")
    again = await ok(await login(http, stack, username, "a-long-enough-password"))
    assert (again["role"], again["department"]) == ("dispatcher", "service-centre")

    weak = await http.put(f"{staff}/{username}/password", json={"password": "short"}, headers=ADMIN)
    assert weak.status_code == 422 and weak.json()["error"] == "weak_password"
    changed = await http.put(
        f"{staff}/{username}/password", json={"password": "another-long-password"}, headers=ADMIN
    )
    assert changed.status_code == 204
    assert (await login(http, stack, username, "a-long-enough-password")).status_code == 401
    await ok(await login(http, stack, username, "another-long-password"))

    deactivated = await ok(await http.post(f"{staff}/{username}/deactivate", headers=ADMIN))
    assert deactivated["active"] is False
    refused = await login(http, stack, username, "another-long-password")
    assert refused.status_code == 401 and refused.json()["error"] == "invalid_credentials"
    listed = await ok(await http.get(staff, params={"role": "dispatcher"}, headers=ADMIN))
    assert any(s["username"] == username and not s["active"] for s in listed)
    missing = await http.get(f"{staff}/nobody-{uuid.uuid4().hex[:6]}", headers=ADMIN)
    assert missing.status_code == 404 and missing.json()["error"] == "staff_not_found"
