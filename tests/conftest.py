"""Fixtures shared by every test folder. Unit tests use none of them."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
import pytest_asyncio

from tests.support.infra import Servers, TestRun, isolated_run, servers


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


@pytest_asyncio.fixture(scope="module")
async def test_run(infrastructure: Servers) -> AsyncIterator[TestRun]:
    async with isolated_run(infrastructure) as run:
        yield run
