"""The gateway in front of the console and the services: one address, each API under
/api/<service>/ without the prefix, Open311 as it is, the console's routes falling back to
the app, security headers, the services' body limits, gzip."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import httpx
import pytest_asyncio

from tests.support.gateway import Gateway

SERVICES = ("intake", "dispatch", "deadline", "callback", "supervision")


@pytest_asyncio.fixture
async def http(gateway: Gateway) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=gateway.url, timeout=10) as client:
        yield client


async def test_every_service_is_reached_under_its_prefix(http: httpx.AsyncClient) -> None:
    for name in SERVICES:
        response = await http.get(f"/api/{name}/healthz")
        assert response.json() == {"status": "ok", "service": name}
    categories = await http.get("/api/intake/api/v1/categories")
    assert "路灯照明" in [c["name"] for c in categories.json()]
    discovery = await http.get("/open311/v2/discovery.json")
    assert discovery.status_code == 200, discovery.text
    unknown = await http.get("/api/elsewhere/healthz")
    assert unknown.status_code == 404 and unknown.json()["error"] == "not_found"


async def test_the_console_answers_every_path_it_routes(http: httpx.AsyncClient) -> None:
    for path in ("/", "/track", "/rate/some-token", "/staff", "/no/such/screen"):
        response = await http.get(path)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/html")
        assert '<div id="app"></div>' in response.text
        assert response.headers["cache-control"] == "no-cache"


async def test_every_answer_carries_the_security_headers(http: httpx.AsyncClient) -> None:
    for path in ("/", "/api/intake/api/v1/categories", "/api/elsewhere/"):
        headers = (await http.get(path)).headers
        policy = headers["content-security-policy"]
        assert "frame-ancestors 'none'" in policy and "default-src 'self'" in policy
        assert not re.search(r"https?:|\*", policy), "the console needs no other origin"
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"


async def test_bodies_over_the_services_limits_stop_at_the_gateway(
    http: httpx.AsyncClient,
) -> None:
    too_big = await http.post("/api/dispatch/api/v1/auth/token", content=b"x" * (256 * 1024 + 1))
    assert too_big.status_code == 413
    assert too_big.json() == {"error": "payload_too_large", "message": "提交的内容或文件过大"}
    intake = await http.post("/api/intake/api/v1/cases", content=b"x" * (64 * 1024 + 1))
    assert intake.status_code == 413
    # a photo may be larger: it goes on to intake, which knows no such case
    photo = await http.post(
        "/api/intake/api/v1/public/cases/20991231999999/attachments",
        params={"code": "123456"},
        content=b"x" * (2 * 1024 * 1024),
    )
    assert photo.status_code == 404 and photo.json()["error"] == "case_not_found"


async def test_scripts_and_styles_are_sent_gzipped(http: httpx.AsyncClient) -> None:
    index = (await http.get("/")).text
    assets = re.findall(r'(?:src|href)="(/assets/[^"]+\.(?:js|css))"', index)
    assert assets
    for asset in assets:
        response = await http.get(asset, headers={"Accept-Encoding": "gzip"})
        assert response.status_code == 200
        assert response.headers["content-encoding"] == "gzip"
        assert "max-age" in response.headers["cache-control"]
