"""The five services as real processes, for end-to-end tests."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx

from common.vocabulary import Role
from tests.support.infra import TestRun
from tests.support.staff import headers_for

SERVICES = ("intake", "dispatch", "deadline", "callback", "supervision")
#: The address tests connect from to play the gateway, whose X-Forwarded-For intake trusts.
GATEWAY = "127.0.0.250"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Stack:
    def __init__(self, run: TestRun, logs: Path) -> None:
        self.run = run
        self.logs = logs
        self.ports = {name: free_port() for name in SERVICES}
        self.processes: dict[str, subprocess.Popen[bytes]] = {}

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports[name]}"

    def start(self, name: str) -> None:
        env = {
            **os.environ,
            **self.run.service_env(),
            "HTTP_PORT": str(self.ports[name]),
            "TRUSTED_PROXIES": GATEWAY,
            "OUTBOX_POLL_SECONDS": "0.05",
            "SCHEDULER_POLL_SECONDS": "0.2",
            "PYTHONUNBUFFERED": "1",
        }
        log = (self.logs / f"{name}.log").open("ab")
        self.processes[name] = subprocess.Popen(
            [sys.executable, "-m", name], env=env, stdout=log, stderr=subprocess.STDOUT
        )

    async def wait_ready(self, name: str, timeout: float = 240) -> None:
        # a signal, not a sleep: a ready service answers at once, and a process that exits
        # fails at once; the long limit is for a loaded 2-core machine, where importing and
        # training intake's classifier alone can take a minute
        deadline = time.monotonic() + timeout
        async with httpx.AsyncClient() as client:
            while time.monotonic() < deadline:
                if self.processes[name].poll() is not None:
                    raise RuntimeError(f"{name} exited:\n{self.log_tail(name)}")
                try:
                    if (await client.get(f"{self.url(name)}/readyz", timeout=2)).status_code == 200:
                        return
                except httpx.HTTPError:
                    pass
                await asyncio.sleep(0.2)
        raise TimeoutError(f"{name} not ready in {timeout} s:\n{self.log_tail(name)}")

    async def start_all(self) -> None:
        for name in SERVICES:
            self.start(name)
        for name in SERVICES:
            await self.wait_ready(name)

    def kill(self, name: str) -> None:
        process = self.processes[name]
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)

    def stop_all(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()

    def log_tail(self, name: str, lines: int = 40) -> str:
        path = self.logs / f"{name}.log"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])

    def warnings(self, lines: int = 15) -> str:
        """Each service's latest warnings and errors: what a failed test's report shows."""
        found = []
        for path in sorted(self.logs.glob("*.log")):
            text = path.read_text(errors="replace").splitlines()
            worrying = [line for line in text if _worrying(line)]
            found += [f"{path.stem}: {line}" for line in worrying[-lines:]]
        return "\n".join(found)


def _worrying(line: str) -> bool:
    try:
        record = json.loads(line)
    except ValueError:
        return "Traceback" in line or "Error" in line
    return isinstance(record, dict) and record.get("level") in ("WARNING", "ERROR", "CRITICAL")


async def know_next_year(running: Stack) -> None:
    """Time limits started in late December reach into next year. Until the official
    schedule is published and loaded, the test deployment declares next year weekdays-only,
    so the suite does not depend on the date it runs."""
    next_year = datetime.now(UTC).year + 1
    url = f"{running.url('deadline')}/api/v1/calendar/{next_year}"
    async with httpx.AsyncClient(timeout=10, headers=headers_for(Role.ADMIN)) as client:
        if (await client.get(url)).status_code == 404:
            response = await client.put(url, json={"source": "test deployment: weekdays only"})
            response.raise_for_status()
