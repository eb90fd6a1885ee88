"""Fixtures shared by every test folder. Unit tests use none of them. `stack`, the five
services as processes, is started once per session for the e2e and browser tests."""

from __future__ import annotations

from collections.abc import AsyncIterator, Generator, Iterator

import pytest
import pytest_asyncio

from tests.support.infra import Servers, TestRun, isolated_run, servers
from tests.support.stack import Stack, know_next_year


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        path = str(item.path)
        if "/integration/" in path:
            item.add_marker(pytest.mark.integration)
        elif "/e2e/" in path:
            item.add_marker(pytest.mark.e2e)
        elif "/browser/" in path:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """A failed test on the running system reports the services' latest warnings and the
    gateway's errors: a 503 says little, the service's log says which dependency failed."""
    report: pytest.TestReport = yield
    if report.failed:
        funcargs = getattr(item, "funcargs", {})
        running = funcargs.get("stack")
        if isinstance(running, Stack):
            report.sections.append(("service warnings", running.warnings() or "none"))
        gateway = funcargs.get("gateway")
        if gateway is not None and hasattr(gateway, "log_tail"):
            report.sections.append(("gateway errors", gateway.log_tail(15)))
    return report


@pytest.fixture(scope="session")
def infrastructure() -> Iterator[Servers]:
    with servers() as found:
        yield found


@pytest_asyncio.fixture(scope="module")
async def test_run(infrastructure: Servers) -> AsyncIterator[TestRun]:
    async with isolated_run(infrastructure) as run:
        yield run


@pytest_asyncio.fixture(scope="session")
async def e2e_run(infrastructure: Servers) -> AsyncIterator[TestRun]:
    async with isolated_run(infrastructure) as run:
        yield run


@pytest_asyncio.fixture(scope="session")
async def stack(e2e_run: TestRun, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Stack]:
    running = Stack(e2e_run, tmp_path_factory.mktemp("service_logs"))
    try:
        await running.start_all()
        await know_next_year(running)
        yield running
    finally:
        running.stop_all()
