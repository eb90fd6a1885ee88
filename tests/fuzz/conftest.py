"""A system of its own for fuzzing: generated requests create departments, policies and
calendar years, which must not leak into the end-to-end tests' system."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from tests.support.fuzz import SUMMARIES
from tests.support.infra import Servers, isolated_run
from tests.support.stack import Stack


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if SUMMARIES:
        terminalreporter.section("fuzz figures")
        for line in SUMMARIES:
            terminalreporter.write_line(line)


@pytest_asyncio.fixture(scope="session")
async def fuzz_stack(
    infrastructure: Servers, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Stack]:
    async with isolated_run(infrastructure) as run:
        running = Stack(run, tmp_path_factory.mktemp("fuzz_service_logs"))
        try:
            await running.start_all()
            yield running
        finally:
            running.stop_all()
