"""A system of its own on the district `./dev up` runs (deploy/district/yuelu.yaml, 岳麓区),
with its demo accounts, for the tests that walk it as its staff would: logging in with the
published demo passwords rather than minting tokens."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest

from common.district import District, load_district
from tests.support.infra import ROOT, Servers, TestRun, isolated_run
from tests.support.stack import Stack, know_next_year

YUELU_FILE = ROOT / "deploy" / "district" / "yuelu.yaml"
YUELU: District = load_district(YUELU_FILE)
HANDLER_PASSWORD = "demo-handler"


@asynccontextmanager
async def yuelu_system(infrastructure: Servers, logs: Path) -> AsyncIterator[tuple[Stack, TestRun]]:
    """The five services on yuelu.yaml, as `./dev up` starts them (ENVIRONMENT development:
    the demo accounts are seeded)."""
    async with isolated_run(infrastructure) as run:
        running = Stack(run, logs)
        try:
            with pytest.MonkeyPatch.context() as env:  # read by the processes at start only
                env.setenv("DISTRICT_FILE", str(YUELU_FILE))
                env.delenv("ENVIRONMENT", raising=False)
                for name in ("intake", "dispatch", "deadline", "callback", "supervision"):
                    running.start(name)
            for name in ("intake", "dispatch", "deadline", "callback", "supervision"):
                # intake trains on the district's corpus before it is ready
                await running.wait_ready(name, timeout=600 if name == "intake" else 240)
            await know_next_year(running)
            yield running, run
        finally:
            running.stop_all()


async def log_in(http: httpx.AsyncClient, stack: Stack, username: str, password: str) -> str:
    """A bearer header value, from dispatch's login as a person would get it."""
    response = await http.post(
        f"{stack.url('dispatch')}/api/v1/auth/token",
        json={"username": username, "password": password},
        timeout=60,  # Argon2 is slow on purpose, more so on a loaded machine
    )
    assert response.status_code == 200, (username, response.text)
    return f"Bearer {response.json()['access_token']}"
