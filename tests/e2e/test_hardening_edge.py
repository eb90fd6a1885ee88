"""The edge of every service on the running system: text PostgreSQL cannot store and numbers
past a column's range are a 422 naming the field, a name of invisible characters is refused,
and an unreachable database is a JSON 503 with Retry-After on a connection that stays open."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
import pytest_asyncio

from common.vocabulary import Role
from tests.support.infra import TestRun
from tests.support.kafka import eventually
from tests.support.loop import streetlight_case
from tests.support.stack import Stack
from tests.support.staff import headers_for
from tests.support.tcp_proxy import TcpProxy

NUL = "\x00"
INVISIBLE = "\u200b\u200b\u3000"
ADMIN = headers_for(Role.ADMIN)
SUPERVISOR = headers_for(Role.SUPERVISOR)


def assert_names(response: httpx.Response, field: str) -> None:
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["error"] == body["code"] == "validation_failed"
    assert field in {item["field"] for item in body["fields"]}, body


def person(name: str) -> dict[str, str]:
    return {"kind": "person", "name": name, "phone": "13900000001"}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": f"路灯{NUL}不亮"}, "title"),
        ({"description": f"片区主干道路灯多年不亮{NUL}"}, "description"),
        ({"category": f"street{NUL}light"}, "category"),
        ({"submitter": person(f"张{NUL}三")}, "submitter.name"),
        ({"location": {"address": f"湘江新区{NUL}某路"}}, "location.address"),
        ({"submitter": person(INVISIBLE)}, "submitter.name"),
        ({"title": INVISIBLE}, "title"),
    ],
)
async def test_a_submission_with_unstorable_or_invisible_text_names_the_field(
    stack: Stack, http: httpx.AsyncClient, change: dict[str, Any], field: str
) -> None:
    response = await http.post(
        f"{stack.url('intake')}/api/v1/cases", json=streetlight_case(**change)
    )
    assert_names(response, field)


async def test_a_nul_in_the_public_case_path_is_named(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    response = await http.get(
        f"{stack.url('intake')}/api/v1/public/cases/2026%000001", params={"code": "123456"}
    )
    assert_names(response, "path.case_id")


@pytest.mark.parametrize(
    ("service", "path", "param", "headers"),
    [
        ("dispatch", "/api/v1/org/staff", "department", ADMIN),
        ("supervision", "/api/v1/signals", "department", SUPERVISOR),
        ("supervision", "/api/v1/signals", "case_id", SUPERVISOR),
        ("supervision", "/api/v1/meetings", "case_id", SUPERVISOR),
        ("supervision", "/api/v1/appeals", "department", SUPERVISOR),
        ("supervision", "/api/v1/buck-passing", "case_id", SUPERVISOR),
    ],
)
async def test_a_nul_in_a_staff_filter_is_named(
    stack: Stack,
    http: httpx.AsyncClient,
    service: str,
    path: str,
    param: str,
    headers: dict[str, str],
) -> None:
    response = await http.get(
        f"{stack.url(service)}{path}", params={param: f"a{NUL}"}, headers=headers
    )
    assert_names(response, f"query.{param}")


@pytest.mark.parametrize("title", [f"问题{NUL}", INVISIBLE])
async def test_a_problem_list_item_needs_a_storable_visible_title(
    stack: Stack, http: httpx.AsyncClient, title: str
) -> None:
    response = await http.post(
        f"{stack.url('supervision')}/api/v1/problem-list",
        json={"title": title, "responsible_unit": "urban-management", "time_limit": "2030-01-31"},
        headers=SUPERVISOR,
    )
    assert_names(response, "title")


@pytest.mark.parametrize("name", [f"app{NUL}", INVISIBLE])
async def test_an_open311_key_needs_a_storable_visible_name(
    stack: Stack, http: httpx.AsyncClient, name: str
) -> None:
    response = await http.post(
        f"{stack.url('intake')}/api/v1/open311/keys", json={"name": name}, headers=ADMIN
    )
    assert_names(response, "name")


@pytest.mark.parametrize(
    ("service", "method", "url", "field"),
    [
        ("deadline", "GET", "/api/v1/policies/2147483648", "path.version"),
        ("intake", "GET", "/api/v1/staff/cases?offset=9223372036854775808", "query.offset"),
        ("intake", "DELETE", "/api/v1/open311/keys/9223372036854775808", "path.key_id"),
        ("supervision", "PATCH", "/api/v1/problem-list/9223372036854775808", "path.item_id"),
    ],
)
async def test_a_number_past_its_column_is_named(
    stack: Stack, http: httpx.AsyncClient, service: str, method: str, url: str, field: str
) -> None:
    response = await http.request(
        method,
        f"{stack.url(service)}{url}",
        headers=ADMIN,
        json={"status": "done"} if method == "PATCH" else None,
    )
    assert_names(response, field)


# --- PostgreSQL unreachable -------------------------------------------------------------------


@pytest_asyncio.fixture(scope="module")
async def cut_off(
    test_run: TestRun, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[tuple[Stack, TcpProxy]]:
    """An intake of its own (own database and topics) that reaches PostgreSQL through a
    proxy the test can cut."""
    server = urlsplit(test_run.database_url)
    proxy = TcpProxy(server.hostname or "127.0.0.1", server.port or 5432)
    port = await proxy.open()
    credentials = server.netloc.rpartition("@")[0]
    proxied = server._replace(netloc=f"{credentials}@127.0.0.1:{port}").geturl()
    intake = Stack(
        dataclasses.replace(test_run, database_url=proxied), tmp_path_factory.mktemp("cut")
    )
    try:
        intake.start("intake")
        await intake.wait_ready("intake")
        yield intake, proxy
    finally:
        intake.stop_all()
        await proxy.cut()


async def exchange_twice(port: int, request: bytes) -> list[tuple[bytes, bytes]]:
    """Two requests on one TCP connection: both answered, or the connection was dropped."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    answers = []
    try:
        for _ in range(2):
            writer.write(request)
            await writer.drain()
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 15)
            length = next(
                int(line.split(b":", 1)[1])
                for line in head.lower().split(b"\r\n")
                if line.startswith(b"content-length:")
            )
            answers.append((head, await reader.readexactly(length)))
    finally:
        writer.close()
    return answers


async def test_without_postgresql_intake_answers_503_json_with_retry_after(
    cut_off: tuple[Stack, TcpProxy], http: httpx.AsyncClient
) -> None:
    intake, proxy = cut_off
    url = intake.url("intake")
    assert (await http.post(f"{url}/api/v1/cases", json=streetlight_case())).status_code == 201

    await proxy.cut()
    try:
        for response in (
            await http.post(f"{url}/api/v1/cases", json=streetlight_case()),
            await http.get(f"{url}/api/v1/staff/cases", headers=ADMIN),
            await http.get(f"{url}/readyz"),
        ):
            assert response.status_code == 503, response.text
            assert response.headers["content-type"] == "application/json"
            assert int(response.headers["Retry-After"]) > 0
            body = response.json()
            assert body["code"] == body["error"] == "service_unavailable"
            assert body["message"]

        answers = await exchange_twice(
            intake.ports["intake"], b"GET /api/v1/categories HTTP/1.1\r\nHost: intake\r\n\r\n"
        )
        assert all(head.startswith(b"HTTP/1.1 503") for head, _ in answers), answers
        assert all(b'"service_unavailable"' in body for _, body in answers)
    finally:
        await proxy.open()

    async def accepted_again() -> bool:
        response = await http.post(f"{url}/api/v1/cases", json=streetlight_case())
        return response.status_code == 201

    await eventually(accepted_again, timeout=30, interval=0.5)
