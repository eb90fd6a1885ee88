"""Public tracking on the running intake: wrong codes are throttled per client address and
per case number, counted exactly under concurrency, and nobody can lock a submitter out of
their own case. Wrong codes come from addresses of their own (127.0.x.y, all loopback), so
that the allowance of 127.0.0.1, which the other tests track from, is left alone."""

from __future__ import annotations

import asyncio
import re
import ssl
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
import httpx
import pytest

from common.clock import utcnow
from intake.config import Settings
from intake.domain.submission import TRACKING_ALPHABET
from tests.support.kafka import eventually
from tests.support.loop import submit
from tests.support.stack import GATEWAY, Stack

PER_CLIENT = 20  # TRACKING_FAILURES_PER_CLIENT, the default the stack runs with
PER_CASE = 10  # TRACKING_FAILURES_PER_CASE
GUESSERS = 200  # addresses guessing one case at once
_next_block = iter(range(1, 250))


@pytest.fixture(autouse=True)
async def whole_window() -> None:
    """Counts start again with each window (an hour, aligned on the clock): a test that
    began just before the turn waits for it, so that it runs within one window."""
    # the stack runs on the default settings
    throttle = Settings(
        database_url="postgresql://x@y/z", kafka_bootstrap_servers="k:9092"
    ).tracking_throttle()
    if throttle.retry_after_seconds(utcnow()) > 120:
        return
    started = throttle.window_start(utcnow())

    async def turned() -> bool:
        return throttle.window_start(utcnow()) != started

    await eventually(turned, timeout=150, interval=1)


def addresses(count: int) -> list[str]:
    """Loopback addresses no other test connects from: a fresh 127.<block>.x.y range."""
    block = next(_next_block)
    return [f"127.{block}.{n // 250}.{n % 250 + 1}" for n in range(count)]


#: Shared, because loading the certificates for each client would take most of a test's time.
_TLS = ssl.create_default_context()


def connecting_from(address: str) -> httpx.AsyncClient:
    transport = httpx.AsyncHTTPTransport(local_address=address, verify=_TLS)
    return httpx.AsyncClient(transport=transport, timeout=60)


@asynccontextmanager
async def client_at(address: str) -> AsyncIterator[httpx.AsyncClient]:
    async with connecting_from(address) as client:
        yield client


def wrong_code(right: str, n: int) -> str:
    guess = f"{n:06d}"
    return guess if guess != right else f"{n + 1:06d}"


def track(stack: Stack, receipt: dict[str, Any]) -> str:
    return f"{stack.url('intake')}/api/v1/public/cases/{receipt['case_id']}"


async def counted(sql: asyncpg.Pool, kind: str, subject: str) -> int:
    total = await sql.fetchval(
        "SELECT coalesce(sum(failures), 0) FROM intake.tracking_throttle"
        " WHERE kind = $1 AND subject = $2",
        kind,
        subject,
    )
    return int(total)


def assert_too_many(response: httpx.Response) -> None:
    assert response.status_code == 429, response.text
    body = response.json()
    assert body["error"] == "too_many_attempts" and "查询码" in body["message"]
    retry_after = int(response.headers["Retry-After"])
    assert 1 <= retry_after <= 3600 and body["retry_after_seconds"] == retry_after


async def test_new_codes_are_eight_characters_without_look_alikes(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    receipt = await submit(http, stack)
    code = receipt["tracking_code"]
    assert re.fullmatch(f"[{TRACKING_ALPHABET}]{{8}}", code), code
    assert receipt["track_url"].endswith(f"?code={code}")
    async with client_at(addresses(1)[0]) as citizen:
        typed_lower = await citizen.get(track(stack, receipt), params={"code": code.lower()})
        assert typed_lower.status_code == 200, typed_lower.text
        look_alike = await citizen.get(track(stack, receipt), params={"code": "O0I1L" + code[5:]})
        assert look_alike.status_code == 422


async def test_others_cannot_lock_the_submitter_out(stack: Stack, http: httpx.AsyncClient) -> None:
    receipt = await submit(http, stack)
    right, url = receipt["tracking_code"], track(stack, receipt)
    answers: Counter[int] = Counter()
    for n, address in enumerate(addresses(3 * PER_CASE)):
        async with client_at(address) as guesser:
            response = await guesser.get(url, params={"code": wrong_code(right, n)})
        answers[response.status_code] += 1
        if response.status_code == 429:
            assert_too_many(response)
    assert answers == {404: PER_CASE, 429: 2 * PER_CASE}

    async with client_at(addresses(1)[0]) as owner:
        assert (await owner.get(url, params={"code": right})).status_code == 200
        upload = await owner.post(
            f"{url}/attachments", params={"code": right}, content=b"%PDF-1.4\n%%EOF\n"
        )
        assert upload.status_code == 201, upload.text
    # and from the address the submitter always uses
    assert (await http.get(url, params={"code": right})).status_code == 200


async def test_an_address_with_too_many_wrong_codes_gets_429_with_retry_after(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    receipts = [await submit(http, stack) for _ in range(3)]
    address, neighbour = addresses(2)
    async with client_at(address) as guesser:
        for n in range(PER_CLIENT):  # spread over three cases, under each case's limit
            receipt = receipts[n % 3]
            response = await guesser.get(
                track(stack, receipt), params={"code": wrong_code(receipt["tracking_code"], n)}
            )
            assert response.status_code == 404, (n, response.text)
        # past its limit the address's codes are not even compared: the right one is refused
        refused = await guesser.get(
            track(stack, receipts[0]), params={"code": receipts[0]["tracking_code"]}
        )
        assert_too_many(refused)
    async with client_at(neighbour) as other:
        answered = await other.get(
            track(stack, receipts[0]), params={"code": receipts[0]["tracking_code"]}
        )
        assert answered.status_code == 200


async def test_concurrent_wrong_codes_from_one_address_are_counted_exactly(
    stack: Stack, http: httpx.AsyncClient, sql: asyncpg.Pool
) -> None:
    receipt = await submit(http, stack)
    right, url = receipt["tracking_code"], track(stack, receipt)
    address = addresses(1)[0]
    async with client_at(address) as guesser:
        responses = await asyncio.gather(
            *(guesser.get(url, params={"code": wrong_code(right, n)}) for n in range(200))
        )
    # PER_CLIENT codes were compared: the first PER_CASE of them were wrong (404), the rest
    # past the case's limit (429); the others were refused without being compared
    assert Counter(r.status_code for r in responses) == {404: PER_CASE, 429: 200 - PER_CASE}
    assert await counted(sql, "client", address) == 200
    assert await counted(sql, "case", receipt["case_id"]) == PER_CLIENT
    assert (await http.get(url, params={"code": right})).status_code == 200


async def test_concurrent_wrong_codes_from_many_addresses_are_counted_exactly(
    stack: Stack, http: httpx.AsyncClient, sql: asyncpg.Pool
) -> None:
    receipt = await submit(http, stack)
    right, url = receipt["tracking_code"], track(stack, receipt)
    guessers = [connecting_from(address) for address in addresses(GUESSERS)]
    try:
        responses = await asyncio.gather(
            *(c.get(url, params={"code": wrong_code(right, n)}) for n, c in enumerate(guessers))
        )
    finally:
        await asyncio.gather(*(c.aclose() for c in guessers))
    assert Counter(r.status_code for r in responses) == {404: PER_CASE, 429: GUESSERS - PER_CASE}
    assert await counted(sql, "case", receipt["case_id"]) == GUESSERS
    assert (await http.get(url, params={"code": right})).status_code == 200


async def test_forwarded_for_names_the_client_only_from_the_gateway(
    stack: Stack, http: httpx.AsyncClient, sql: asyncpg.Pool
) -> None:
    receipts = [await submit(http, stack) for _ in range(6)]

    def wrong(n: int, cases: list[dict[str, Any]]) -> tuple[str, dict[str, str]]:
        """Spread over three cases, so that no case passes its own limit."""
        receipt = cases[n % 3]
        return track(stack, receipt), {"code": wrong_code(receipt["tracking_code"], n)}

    async with client_at(GATEWAY) as gateway:
        for n in range(PER_CLIENT):
            url, params = wrong(n, receipts[:3])
            forwarded = {"X-Forwarded-For": "198.51.100.7"}
            response = await gateway.get(url, params=params, headers=forwarded)
            assert response.status_code == 404
        url, params = wrong(PER_CLIENT, receipts[:3])
        assert_too_many(
            await gateway.get(url, params=params, headers={"X-Forwarded-For": "198.51.100.7"})
        )
        # another citizen behind the same gateway is not refused
        answered = await gateway.get(
            track(stack, receipts[0]),
            params={"code": receipts[0]["tracking_code"]},
            headers={"X-Forwarded-For": "198.51.100.8"},
        )
        assert answered.status_code == 200
    assert await counted(sql, "client", "198.51.100.7") == PER_CLIENT + 1

    # from anywhere else the header is the client's own say, and ignored
    untrusted = addresses(1)[0]
    async with client_at(untrusted) as guesser:
        for n in range(PER_CLIENT):
            url, params = wrong(n, receipts[3:])
            forged = {"X-Forwarded-For": f"203.0.113.{n + 1}"}
            assert (await guesser.get(url, params=params, headers=forged)).status_code == 404
        url, params = wrong(PER_CLIENT, receipts[3:])
        assert_too_many(
            await guesser.get(url, params=params, headers={"X-Forwarded-For": "203.0.113.99"})
        )
    assert await counted(sql, "client", untrusted) == PER_CLIENT + 1
    # uvicorn alone would believe the header from localhost; intake does not
    url, params = wrong(0, receipts[3:])
    await http.get(url, params=params, headers={"X-Forwarded-For": "203.0.113.200"})
    assert await counted(sql, "client", "203.0.113.200") == 0
