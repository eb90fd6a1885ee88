"""Bad input gets a clear 4xx with a machine-readable body, and nothing is stored."""

from __future__ import annotations

from typing import Any

import asyncpg
import httpx
import pytest

from common.vocabulary import Role
from tests.support.loop import act, streetlight_case, submit, wait_state
from tests.support.stack import Stack
from tests.support.staff import headers_for


async def case_count(sql: asyncpg.Pool) -> int:
    return int(await sql.fetchval("SELECT count(*) FROM intake.cases"))


def fields(body: dict[str, Any]) -> set[str]:
    return {f["field"] for f in body["fields"]}


@pytest.mark.parametrize(
    ("change", "expected_fields"),
    [
        ({"description": "太短"}, {"description"}),
        ({"description": "长" * 4001}, {"description"}),
        ({"title": ""}, {"title"}),
        ({"channel": "fax"}, {"channel"}),
        ({"kind": "gossip"}, {"kind"}),
        ({"submitter": {"name": "李", "phone": "not-a-phone"}}, {"submitter.phone"}),
        ({"location": {"latitude": 95, "longitude": 0}}, {"location.latitude"}),
        ({"location": {}}, {"location"}),
        ({"unexpected": 1}, {"unexpected"}),
        (
            {
                "submitter": {
                    "kind": "enterprise",
                    "name": "王",
                    "phone": "13800000009",
                    "enterprise_name": "某公司",
                    "uscc": "91430100MA4L00000A",
                }
            },
            {"submitter"},
        ),
    ],
)
async def test_invalid_submission_is_422_with_field_errors_and_nothing_stored(
    stack: Stack,
    http: httpx.AsyncClient,
    sql: asyncpg.Pool,
    change: dict[str, Any],
    expected_fields: set[str],
) -> None:
    before = await case_count(sql)
    response = await http.post(
        f"{stack.url('intake')}/api/v1/cases", json=streetlight_case(**change)
    )
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["error"] == "validation_failed"
    assert expected_fields <= fields(body), body
    assert await case_count(sql) == before


async def test_missing_fields_are_each_named(stack: Stack, http: httpx.AsyncClient) -> None:
    response = await http.post(f"{stack.url('intake')}/api/v1/cases", json={"channel": "web"})
    assert response.status_code == 422
    named = fields(response.json())
    assert {"kind", "title", "description", "submitter"} <= named
    assert "category" not in named  # optional: without one, a clerk decides


async def test_not_json_is_422(stack: Stack, http: httpx.AsyncClient, sql: asyncpg.Pool) -> None:
    before = await case_count(sql)
    response = await http.post(
        f"{stack.url('intake')}/api/v1/cases",
        content=b"{not json",
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 422
    assert response.json()["error"] == "validation_failed"
    assert await case_count(sql) == before


async def test_oversized_body_is_refused_before_reading(
    stack: Stack, http: httpx.AsyncClient, sql: asyncpg.Pool
) -> None:
    before = await case_count(sql)
    response = await http.post(
        f"{stack.url('intake')}/api/v1/cases", json=streetlight_case(description="长" * 40_000)
    )
    assert response.status_code == 413
    assert response.json()["error"] == "payload_too_large"
    assert await case_count(sql) == before


async def test_unknown_category_is_a_clear_422(
    stack: Stack, http: httpx.AsyncClient, sql: asyncpg.Pool
) -> None:
    before = await case_count(sql)
    response = await http.post(
        f"{stack.url('intake')}/api/v1/cases", json=streetlight_case(category="ufo-sighting")
    )
    assert response.status_code == 422
    assert response.json()["error"] == "unknown_category"
    assert await case_count(sql) == before


async def test_enterprise_with_valid_credit_code_is_accepted(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    receipt = await submit(
        http,
        stack,
        category="settlement-review",
        submitter={
            "kind": "enterprise",
            "name": "李经理",
            "phone": "13800000002",
            "enterprise_name": "湖南某建设有限公司",
            "uscc": "91350100M000100Y43",
        },
    )
    assert receipt["status"] == "accepted"


async def test_tracking_needs_the_right_code(stack: Stack, http: httpx.AsyncClient) -> None:
    receipt = await submit(http, stack)
    url = f"{stack.url('intake')}/api/v1/public/cases/{receipt['case_id']}"
    wrong = "000000" if receipt["tracking_code"] != "000000" else "111111"
    assert (await http.get(url, params={"code": wrong})).status_code == 404
    assert (await http.get(url, params={"code": "12"})).status_code == 422
    assert (await http.get(url)).status_code == 422
    missing = await http.get(
        f"{stack.url('intake')}/api/v1/public/cases/19990101000001", params={"code": "123456"}
    )
    assert missing.status_code == 404 and missing.json()["error"] == "case_not_found"
    assert (await http.get(url, params={"code": receipt["tracking_code"]})).status_code == 200


async def test_handling_errors_are_clear(stack: Stack, http: httpx.AsyncClient) -> None:
    receipt = await submit(http, stack)
    case_id = receipt["case_id"]
    await wait_state(http, stack, case_id, "assigned")

    dispatch = stack.url("dispatch")
    no_token = await http.post(f"{dispatch}/api/v1/cases/{case_id}/sign")
    assert no_token.status_code == 401 and no_token.json()["error"] == "unauthenticated"

    other_department = await act(http, stack, case_id, "sign", department="finance-review")
    assert other_department.status_code == 404
    assert other_department.json()["error"] == "not_found"

    not_a_handler = await http.post(
        f"{dispatch}/api/v1/cases/{case_id}/sign", headers=headers_for(Role.DISPATCHER)
    )
    assert not_a_handler.status_code == 403
    assert not_a_handler.json()["error"] == "forbidden_role"

    too_early = await act(http, stack, case_id, "resolve", result="solved", summary="x")
    assert too_early.status_code == 409
    body = too_early.json()
    assert body["error"] == "illegal_transition"
    assert body["state"] == "assigned"
    assert body["allowed_actions"] == ["sign", "return"]  # the lead's, not the co-handler's

    bad_result = await act(http, stack, case_id, "resolve", result="magic", summary="x")
    assert bad_result.status_code == 422

    actor_in_body = await act(http, stack, case_id, "return", reason="x", actor="someone-else")
    assert actor_in_body.status_code == 422

    no_case = await act(http, stack, "19990101000001", "sign", department="finance-review")
    assert no_case.status_code == 404  # a handler cannot tell unknown from not its own
    assert no_case.json()["error"] == other_department.json()["error"]
    unknown = await http.get(
        f"{dispatch}/api/v1/cases/19990101000001", headers=headers_for(Role.DISPATCHER)
    )
    assert unknown.status_code == 404 and unknown.json()["error"] == "case_not_found"

    no_task = await http.post(
        f"{stack.url('callback')}/api/v1/callbacks/{case_id}/result",
        json={"satisfaction": "satisfied", "solved": True},
        headers=headers_for(Role.CALLBACK_AGENT),
    )
    assert no_task.status_code == 404 and no_task.json()["error"] == "no_callback_task"


async def test_every_service_answers_its_probes(stack: Stack, http: httpx.AsyncClient) -> None:
    for name in ("intake", "dispatch", "deadline", "callback", "supervision"):
        assert (await http.get(f"{stack.url(name)}/healthz")).json()["status"] == "ok"
        ready = await http.get(f"{stack.url(name)}/readyz")
        assert ready.status_code == 200
        assert ready.json()["checks"] == {"postgresql": "ok", "kafka": "ok"}
        metrics = (await http.get(f"{stack.url(name)}/metrics")).text
        assert "civicloop_http_requests_total" in metrics
