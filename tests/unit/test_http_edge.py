"""The shared HTTP edge on a small app: parameters PostgreSQL cannot store are a 422 naming
them, an outage is a JSON 503 with Retry-After, a bug a JSON 500 with the correlation id,
and neither takes the connection down (the in-process transport re-raises what the app
lets through, which a server answers by closing the connection)."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
import pytest_asyncio
from fastapi import APIRouter, Request
from pydantic import BaseModel
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from common.errors import Conflict
from common.http import CORRELATION_HEADER, RETRY_AFTER_SECONDS, edge_app
from common.outages import is_infrastructure_error
from common.runtime import readiness
from common.text import Name, Text


class Form(BaseModel):
    name: Name
    note: Text = ""


def small_app() -> Any:
    app = edge_app(
        service="edge-test", title="edge", max_body_bytes=4096, own_parameter_checks=("/own/",)
    )
    routes = APIRouter(prefix="/api")

    @routes.get("/cases/{case_id}")
    async def case(case_id: str, department: str | None = None) -> dict[str, Any]:
        return {"case_id": case_id, "department": department}

    @routes.post("/forms")
    async def form(body: Form) -> dict[str, Any]:
        return body.model_dump()

    @routes.post("/raw")
    async def raw(request: Request) -> dict[str, int]:
        return {"size": len(await request.body())}

    @routes.get("/outage")
    async def outage() -> None:
        raise ConnectionRefusedError(111, "Connect call failed ('127.0.0.1', 1)")

    @routes.get("/bug")
    async def bug() -> None:
        raise RuntimeError("a bug")

    @routes.get("/conflict")
    async def conflict() -> None:
        raise Conflict("already_done", "已经处理过了", state="closed")

    app.include_router(routes)

    @app.get("/own/{thing}")
    async def own(thing: str, q: str = "") -> dict[str, str]:
        return {"thing": thing, "q": q}

    return app


@pytest_asyncio.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=small_app())  # re-raises what the app lets through
    async with httpx.AsyncClient(transport=transport, base_url="http://edge") as http:
        yield http


def named_fields(response: httpx.Response) -> set[str]:
    return {item["field"] for item in response.json()["fields"]}


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/cases/a%00b", "path.case_id"),
        ("/api/cases/1?department=%00", "query.department"),
        ("/api/cases/1?utm=x%00", "query.utm"),  # read by no route, refused all the same
    ],
)
async def test_a_nul_in_a_path_or_query_parameter_is_a_422_naming_it(
    client: httpx.AsyncClient, url: str, field: str
) -> None:
    response = await client.get(url)
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["error"] == body["code"] == "validation_failed"
    assert named_fields(response) == {field}
    assert "NUL" in body["fields"][0]["message"]


async def test_ordinary_parameters_pass(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/cases/20260412000001", params={"department": "城管 局"})
    assert response.json() == {"case_id": "20260412000001", "department": "城管 局"}


async def test_routes_that_check_their_own_parameters_are_left_alone(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/own/a%00b", params={"q": "\x00"})
    assert response.status_code == 200
    assert response.json() == {"thing": "a\x00b", "q": "\x00"}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "张三", "note": "a\u0000b"}, "note"),
        ({"name": "\u200b\u200b"}, "name"),
        ({"name": "\u3000 \ufeff"}, "name"),
    ],
)
async def test_a_body_field_that_cannot_be_stored_or_shows_nothing_is_named(
    client: httpx.AsyncClient, body: dict[str, str], field: str
) -> None:
    response = await client.post("/api/forms", json=body)
    assert response.status_code == 422
    assert named_fields(response) == {field}


async def test_an_outage_is_a_json_503_with_retry_after_and_the_connection_kept(
    client: httpx.AsyncClient,
) -> None:
    for _ in range(2):  # one client: the second request follows the first
        response = await client.get("/api/outage")
        assert response.status_code == 503
        assert response.headers["content-type"] == "application/json"
        assert response.headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
        body = response.json()
        assert body["error"] == body["code"] == "service_unavailable"
        assert "稍后重试" in body["message"]
    assert (await client.get("/api/cases/1")).status_code == 200


async def test_a_bug_is_a_json_500_carrying_the_correlation_id(client: httpx.AsyncClient) -> None:
    for correlation in ("corr-1", "corr-2"):
        response = await client.get("/api/bug", headers={CORRELATION_HEADER: correlation})
        assert response.status_code == 500
        assert response.headers[CORRELATION_HEADER] == correlation
        body = response.json()
        assert body["error"] == body["code"] == "internal_error"
        assert body["correlation_id"] == correlation
        assert correlation in body["message"]
    assert (await client.get("/api/cases/1")).status_code == 200


async def test_every_error_body_has_the_code_under_both_keys(client: httpx.AsyncClient) -> None:
    conflict = (await client.get("/api/conflict")).json()
    assert conflict == {
        "error": "already_done",
        "code": "already_done",
        "message": "已经处理过了",
        "state": "closed",
    }
    missing = (await client.get("/nowhere")).json()
    assert missing["error"] == missing["code"] == "not_found"
    too_large = await client.post("/api/forms", content=b"x" * 5000)
    assert too_large.status_code == 413
    assert too_large.json()["code"] == "payload_too_large"


def outage_error() -> DBAPIError:
    """What SQLAlchemy raises when the server went away under a pooled connection."""
    driver = type("ConnectionDoesNotExistError", (Exception,), {})()
    wrapped = DBAPIError("SELECT 1", None, Exception("adapter error"))
    wrapped.orig.__cause__ = driver  # type: ignore[union-attr]
    return wrapped


@pytest.mark.parametrize(
    "error",
    [
        ConnectionRefusedError(111, "refused"),
        OSError("Multiple exceptions: [Errno 111] refused, [Errno 99] cannot assign"),
        OSError(101, "Network is unreachable"),
        socket.gaierror(-2, "Name or service not known"),
        outage_error(),
        PoolTimeout("QueuePool limit of size 10 overflow 10 reached"),
    ],
)
def test_an_unreachable_dependency_is_an_outage(error: BaseException) -> None:
    assert is_infrastructure_error(error)


@pytest.mark.parametrize(
    "error",
    [ValueError("bad"), FileNotFoundError(2, "no file"), DBAPIError("x", None, Exception())],
)
def test_a_bug_is_not_an_outage(error: BaseException) -> None:
    assert not is_infrastructure_error(error)


def stub_runtime(*, database: bool, kafka: bool) -> Any:
    async def ping() -> None:
        if not database:
            raise ConnectionRefusedError(111, "refused")

    async def broker_ping(timeout: float) -> bool:
        return kafka

    return SimpleNamespace(
        db=SimpleNamespace(ping=ping),
        broker=SimpleNamespace(ping=broker_ping),
        consumer=SimpleNamespace(healthy=kafka),
        relay=SimpleNamespace(healthy=kafka),
    )


async def test_without_kafka_a_service_stays_ready_and_says_it_is_degraded() -> None:
    response = await readiness(stub_runtime(database=True, kafka=False))
    assert response.status_code == 200
    body = response.body.decode()
    assert '"status":"degraded"' in body and '"kafka":"unreachable"' in body
    assert '"outbox_relay":"retrying"' in body


async def test_without_postgresql_a_service_is_not_ready_with_retry_after() -> None:
    response = await readiness(stub_runtime(database=False, kafka=True))
    assert response.status_code == 503
    assert response.headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
    body = response.body.decode()
    assert '"status":"not_ready"' in body and '"code":"service_unavailable"' in body
    assert '"postgresql":"unreachable: ConnectionRefusedError"' in body


async def test_with_both_a_service_is_ready() -> None:
    response = await readiness(stub_runtime(database=True, kafka=True))
    assert response.status_code == 200
    assert response.body == b'{"status":"ready","checks":{"postgresql":"ok","kafka":"ok"}}'


@pytest.mark.parametrize("route", ["/api/forms", "/api/raw"])
async def test_a_body_over_the_limit_without_a_length_is_still_a_413(
    client: httpx.AsyncClient, route: str
) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(5):
            yield b"x" * 1000

    response = await client.post(route, content=chunks())
    assert "content-length" not in response.request.headers
    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"
