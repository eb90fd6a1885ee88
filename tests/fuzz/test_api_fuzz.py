"""Every service's OpenAPI document, fuzzed on the running system: no request may produce a
server error, and every response must match the schema documented for its status.

CI runs a bounded number of examples per operation (FUZZ_EXAMPLES, default 6, each valid
and invalid); `./dev fuzz` runs the same with more. The figures close the run's output either way.
"""

from __future__ import annotations

import asyncio
import os

import pytest

from tests.support.fuzz import SUMMARIES, fuzz_service
from tests.support.stack import SERVICES, Stack

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "6"))


@pytest.mark.parametrize("service", SERVICES)
async def test_no_request_breaks_the_service(fuzz_stack: Stack, service: str) -> None:
    report = await asyncio.to_thread(
        fuzz_service, service, fuzz_stack.url(service), examples=EXAMPLES
    )
    SUMMARIES.append(report.summary())
    findings = "\n\n".join(
        f"{f.operation} -> {f.status}\n{f.problem}\n{f.reproduce}" for f in report.failures
    )
    assert report.requests > report.operations, "the fuzzer sent almost nothing"
    errors = [line for line in fuzz_stack.log_tail(service, 400).splitlines() if '"ERROR"' in line]
    assert not report.failures, f"{report.summary()}\n\n{findings}\n\n" + "\n".join(
        line[:2000] for line in errors[-5:]
    )
