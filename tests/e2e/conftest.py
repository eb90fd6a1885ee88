"""Fixtures of the end-to-end tests; the running system itself (`stack`) is in
tests/conftest.py, shared with the browser tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import asyncpg
import httpx
import pytest_asyncio

from tests.support.infra import TestRun


@pytest_asyncio.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=10) as client:
        yield client


@pytest_asyncio.fixture(scope="session")
async def sql(e2e_run: TestRun) -> AsyncIterator[asyncpg.Pool]:
    pool = await asyncpg.create_pool(e2e_run.plain_database_url, min_size=1, max_size=2)
    yield pool
    await pool.close()
