"""The running system for end-to-end tests: one per test session, shared by every module."""

from __future__ import annotations

from collections.abc import AsyncIterator

import asyncpg
import httpx
import pytest
import pytest_asyncio

from tests.support.infra import Servers, TestRun, isolated_run
from tests.support.stack import Stack


@pytest_asyncio.fixture(scope="session")
async def e2e_run(infrastructure: Servers) -> AsyncIterator[TestRun]:
    async with isolated_run(infrastructure) as run:
        yield run


@pytest_asyncio.fixture(scope="session")
async def stack(e2e_run: TestRun, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Stack]:
    running = Stack(e2e_run, tmp_path_factory.mktemp("service_logs"))
    try:
        await running.start_all()
        yield running
    finally:
        running.stop_all()


@pytest_asyncio.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=10) as client:
        yield client


@pytest_asyncio.fixture(scope="session")
async def sql(e2e_run: TestRun) -> AsyncIterator[asyncpg.Pool]:
    pool = await asyncpg.create_pool(e2e_run.plain_database_url, min_size=1, max_size=2)
    yield pool
    await pool.close()
