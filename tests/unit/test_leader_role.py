"""The leader (领导) reads the figures and the signals and acts on no case: across the five
services, the only routes whose authorisation admits a leader's token are reads (GET), and
every figure route admits it. Each route is asked with a real token, as the services check it."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Iterator, Sequence
from types import SimpleNamespace

import pytest
from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.routing import BaseRoute

from common.auth import Principal, TokenCodec, current_staff
from common.errors import Forbidden
from common.vocabulary import LABELS_ZH, Role

SERVICES = ("intake", "dispatch", "deadline", "callback", "supervision")
#: Never contacted: building an app only configures its clients.
UNUSED = {
    "database_url": "postgresql+asyncpg://unit:unit@127.0.0.1:9/unit",
    "kafka_bootstrap_servers": "127.0.0.1:9",
}
FIGURES = {
    ("supervision", path)
    for name in ("scorecards", "rankings", "hotspots", "recurring")
    for path in (f"/api/v1/{name}", f"/api/v1/{name}.{{fmt}}")
} | {("supervision", "/api/v1/signals"), ("dispatch", "/api/v1/returns/stats")}
CODEC = TokenCodec("k" * 32)


def _routes(service: str) -> Iterator[APIRoute]:
    main = importlib.import_module(f"{service}.main")
    config = importlib.import_module(f"{service}.config")
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        app = main.app(config.Settings(**UNUSED, district_file=None))
    finally:  # building an app configures the service's logging; the tests keep theirs
        root.handlers[:], root.level = handlers, level
    yield from _flattened(app.routes)


def _flattened(routes: Sequence[BaseRoute]) -> Iterator[APIRoute]:
    """The routes, with those of each included router (FastAPI keeps them inside it)."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif (included := getattr(route, "original_router", None)) is not None:
            yield from _flattened(included.routes)


def _staff_checks(route: APIRoute) -> list[object]:
    """The route's dependencies that read the staff token: `Staff` and `require(...)`."""
    return [
        dependency.call
        for dependency in route.dependant.dependencies
        if dependency.call is current_staff
        or getattr(dependency.call, "__qualname__", "").startswith("require.")
    ]


async def _admits(route: APIRoute, role: Role) -> bool:
    """Whether every staff check of the route lets a token of `role` through."""
    token = CODEC.issue(Principal("u", role, department="urban-management"))
    request = Request(
        {
            "type": "http",
            "app": SimpleNamespace(state=SimpleNamespace(token_codec=CODEC)),
            "headers": [(b"authorization", f"Bearer {token}".encode())],
        }
    )
    for check in _staff_checks(route):
        try:
            await check(request)  # type: ignore[operator]
        except Forbidden:
            return False
    return True


@pytest.fixture(scope="module")
def staff_routes() -> list[tuple[str, APIRoute]]:
    return [
        (service, route)
        for service in SERVICES
        for route in _routes(service)
        if _staff_checks(route)
    ]


def test_the_leader_is_a_role_with_a_chinese_label() -> None:
    assert Role("leader") is Role.LEADER and LABELS_ZH[Role.LEADER] == "领导"


async def test_a_leader_is_admitted_to_reads_only(
    staff_routes: list[tuple[str, APIRoute]],
) -> None:
    commands = [
        f"{service} {sorted(route.methods or ())} {route.path}"
        for service, route in staff_routes
        if route.methods != {"GET"} and await _admits(route, Role.LEADER)
    ]
    assert commands == []


async def test_a_leader_reads_every_figure_and_the_signals(
    staff_routes: list[tuple[str, APIRoute]],
) -> None:
    admitted = {
        (service, route.path)
        for service, route in staff_routes
        if await _admits(route, Role.LEADER)
    }
    assert admitted >= FIGURES


async def test_a_supervisor_still_acts_where_a_leader_may_not(
    staff_routes: list[tuple[str, APIRoute]],
) -> None:
    """The check above is not vacuous: the supervisor's commands are among the routes."""
    supervisor_commands = [
        route.path
        for service, route in staff_routes
        if service == "supervision"
        and route.methods == {"POST"}
        and await _admits(route, Role.SUPERVISOR)
    ]
    assert "/api/v1/orders" in supervisor_commands
