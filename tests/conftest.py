"""Fixtures shared by every test folder. Unit tests use none of them."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterator

import asyncpg
import pytest
import pytest_asyncio

from common.topics_admin import apply_catalogue, delete_prefixed
from tests.support.infra import Servers, TestRun, new_run_names, servers, with_database


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        path = str(item.path)
        if "/integration/" in path:
            item.add_marker(pytest.mark.integration)
        elif "/e2e/" in path:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def infrastructure() -> Iterator[Servers]:
    with servers() as found:
        yield found


@contextlib.asynccontextmanager
async def isolated_run(infrastructure: Servers) -> AsyncIterator[TestRun]:
    """A database and a topic prefix of its own, removed afterwards."""
    database, prefix = new_run_names()
    admin_url = infrastructure.server_database_url.replace("postgresql+asyncpg://", "postgresql://")
    connection = await asyncpg.connect(admin_url)
    try:
        await connection.execute(f'CREATE DATABASE "{database}"')
    finally:
        await connection.close()
    await apply_catalogue(infrastructure.kafka_bootstrap, prefix=prefix)
    try:
        yield TestRun(
            infrastructure, with_database(infrastructure.server_database_url, database), prefix
        )
    finally:
        await delete_prefixed(infrastructure.kafka_bootstrap, prefix)
        connection = await asyncpg.connect(admin_url)
        try:
            await connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        finally:
            await connection.close()


@pytest_asyncio.fixture(scope="module")
async def test_run(infrastructure: Servers) -> AsyncIterator[TestRun]:
    async with isolated_run(infrastructure) as run:
        yield run
