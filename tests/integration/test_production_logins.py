"""No published password opens a production district. With ENVIRONMENT=production dispatch
seeds none of the district file's demo accounts, and refuses to start while an account still
logs in with its demo password; the first administrator comes from `civicloop-staff`."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import httpx
import pytest
import pytest_asyncio

from common.district import bundled_demo_path, load_district
from tests.support.infra import Servers, TestRun, isolated_run
from tests.support.stack import Stack

DEMO_DISTRICT = bundled_demo_path()
assert DEMO_DISTRICT is not None
DEMO_LOGINS = load_district(DEMO_DISTRICT).demo_logins()
STAFF_COMMAND = Path(sys.executable).parent / "civicloop-staff"
REAL_DISTRICT = DEMO_DISTRICT.parent / "yuelu.yaml"


@pytest_asyncio.fixture
async def fresh_run(infrastructure: Servers) -> AsyncIterator[TestRun]:
    async with isolated_run(infrastructure) as run:
        yield run


class Dispatch:
    """Dispatch alone, as a real process, started under the ENVIRONMENT a test asks for."""

    def __init__(self, run: TestRun, logs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.stack = Stack(run, logs)
        self.monkeypatch = monkeypatch

    def start(self, environment: str, district: Path = DEMO_DISTRICT) -> None:
        self.monkeypatch.setenv("ENVIRONMENT", environment)
        self.monkeypatch.setenv("DISTRICT_FILE", str(district))
        self.stack.start("dispatch")

    async def exit_code_or_ready(self, timeout: float = 120) -> int | None:
        """The exit status if dispatch stops by itself, or None once it answers ready."""
        process = self.stack.processes["dispatch"]
        limit = time.monotonic() + timeout
        async with httpx.AsyncClient() as client:
            while time.monotonic() < limit:
                if (code := process.poll()) is not None:
                    return code
                try:
                    response = await client.get(f"{self.url}/readyz", timeout=2)
                    if response.status_code == 200:
                        return None
                except httpx.HTTPError:
                    pass
                await asyncio.sleep(0.2)
        raise TimeoutError(f"dispatch neither ready nor stopped:\n{self.log()}")

    async def login(self, username: str, password: str) -> httpx.Response:
        async with httpx.AsyncClient(timeout=10) as client:
            return await client.post(
                f"{self.url}/api/v1/auth/token", json={"username": username, "password": password}
            )

    @property
    def url(self) -> str:
        return self.stack.url("dispatch")

    def log(self) -> str:
        return self.stack.log_tail("dispatch", lines=60)

    def stop(self) -> None:
        self.stack.stop_all()


@pytest.fixture
def dispatch(
    fresh_run: TestRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Dispatch]:
    process = Dispatch(fresh_run, tmp_path, monkeypatch)
    try:
        yield process
    finally:
        process.stop()


async def staff_command(
    run: TestRun, *args: str, password: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "STAFF_PASSWORD"}
    return await asyncio.to_thread(
        subprocess.run,
        [str(STAFF_COMMAND), *args],
        input=f"{password}\n" if password is not None else "",
        env={**env, "DATABASE_URL": run.database_url, "DISTRICT_FILE": str(DEMO_DISTRICT)},
        capture_output=True,
        text=True,
        timeout=180,
    )


async def staff_usernames(run: TestRun) -> list[str]:
    connection = await asyncpg.connect(run.plain_database_url)
    try:
        rows = await connection.fetch("SELECT username FROM dispatch.staff ORDER BY username")
        assert await connection.fetchval("SELECT count(*) FROM dispatch.departments") > 0
    finally:
        await connection.close()
    return [row["username"] for row in rows]


async def test_production_seeds_no_demo_account_and_the_first_admin_comes_from_the_command(
    dispatch: Dispatch, fresh_run: TestRun
) -> None:
    dispatch.start("production")
    assert await dispatch.exit_code_or_ready() is None, dispatch.log()
    assert await staff_usernames(fresh_run) == [], "production seeded demo accounts"
    assert (await dispatch.login("admin", DEMO_LOGINS["admin"])).status_code == 401

    created = await staff_command(
        fresh_run, "create-admin", "chief", "--name", "主任", password="a long admin passphrase"
    )
    assert created.returncode == 0, created.stderr
    account = json.loads(created.stdout)
    assert (account["username"], account["role"], account["active"]) == ("chief", "admin", True)
    token = await dispatch.login("chief", "a long admin passphrase")
    assert token.status_code == 200 and token.json()["role"] == "admin"

    taken = await staff_command(fresh_run, "create-admin", "chief", password="another passphrase")
    published = await staff_command(fresh_run, "create-admin", "boss", password="demo-admin")
    weak = await staff_command(fresh_run, "create-admin", "boss", password="short")
    assert (taken.returncode, published.returncode, weak.returncode) == (1, 1, 1)
    assert "username_taken" in taken.stderr
    assert "published_password" in published.stderr and "weak_password" in weak.stderr
    assert await staff_usernames(fresh_run) == ["chief"]


async def test_production_refuses_to_start_while_a_demo_password_works(
    dispatch: Dispatch, fresh_run: TestRun
) -> None:
    dispatch.start("development")  # a district that was once a demo, as ./dev up seeds it
    assert await dispatch.exit_code_or_ready() is None, dispatch.log()
    dispatch.stop()
    assert await staff_usernames(fresh_run) == sorted(DEMO_LOGINS)

    dispatch.start("production")
    code = await dispatch.exit_code_or_ready()
    assert code is not None and code != 0, "dispatch started in production with demo passwords"
    refusal = next(line for line in dispatch.log().splitlines() if '"CRITICAL"' in line)
    assert "published demo password" in refusal
    assert json.loads(refusal)["accounts"] == sorted(DEMO_LOGINS)

    changed = await staff_command(fresh_run, "set-password", "admin", password="a new passphrase")
    assert changed.returncode == 0, changed.stderr
    others = sorted(set(DEMO_LOGINS) - {"admin"})
    deactivated = await staff_command(fresh_run, "deactivate", *others)
    assert deactivated.returncode == 0, deactivated.stderr
    assert [json.loads(line)["active"] for line in deactivated.stdout.splitlines()] == [
        False
    ] * len(others)

    dispatch.start("production")
    assert await dispatch.exit_code_or_ready() is None, dispatch.log()
    assert (await dispatch.login("admin", "a new passphrase")).status_code == 200
    assert (await dispatch.login("clerk", DEMO_LOGINS["clerk"])).status_code == 401


@pytest.mark.timeout(900)
async def test_the_real_districts_demo_handlers_are_demo_accounts_production_refuses(
    dispatch: Dispatch, fresh_run: TestRun
) -> None:
    """yuelu.yaml's `demo_handlers` makes a handler and a knowledge-base reviewer in each of its
    72 departments and units: seeded as ./dev up seeds them, and each one a published password
    production refuses."""
    published = load_district(REAL_DISTRICT).demo_logins()
    assert published["water-company-handler"] == "demo-handler" and len(published) == 150
    assert published["water-company-reviewer"] == "demo-reviewer"
    dispatch.start("development", REAL_DISTRICT)
    assert await dispatch.exit_code_or_ready(timeout=600) is None, dispatch.log()
    assert (await dispatch.login("street-yuelu-handler", "demo-handler")).status_code == 200
    dispatch.stop()
    assert await staff_usernames(fresh_run) == sorted(published)

    dispatch.start("production", REAL_DISTRICT)
    code = await dispatch.exit_code_or_ready(timeout=600)  # Argon2 is slow: once per shared hash
    assert code is not None and code != 0, "dispatch started in production with demo passwords"
    refusal = next(line for line in dispatch.log().splitlines() if '"CRITICAL"' in line)
    assert json.loads(refusal)["accounts"] == sorted(published)
