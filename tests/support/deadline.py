"""A deadline service process of its own, and the events and timers it is fed and answers with."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

from common.envelope import Envelope, Event
from common.events import (
    CaseAssigned,
)
from common.topics import (
    DEADLINE_TIMER_EVENTS,
    DISPATCH_CASE_EVENTS,
    EVENTS_TOPIC_OF,
    qualified,
)
from common.vocabulary import RequestKind, Role
from deadline.domain.calendar import CHINA
from tests.support.events import publish_as
from tests.support.infra import TestRun
from tests.support.kafka import eventually, read_all, read_until
from tests.support.stack import free_port
from tests.support.staff import headers_for

ADMIN = headers_for(Role.ADMIN)


DISPATCHER = headers_for(Role.DISPATCHER)


DAY = 420


#: three timers per assignment (sign, first response, resolution), six alarms each
ALARMS = ("warning-0.5", "warning-0.75", "exceeded", "urge", "supervision_order", "accountability")


class DeadlineProcess:
    """One deadline replica as a real process."""

    def __init__(self, run: TestRun, logs: Path, name: str = "deadline", **env: str) -> None:
        self.run, self.name, self.port = run, name, free_port()
        self.env = env
        self.log_path = logs / f"{name}.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, **env: str) -> None:
        merged = {
            **os.environ,
            **self.run.service_env(),
            "HTTP_PORT": str(self.port),
            "OUTBOX_POLL_SECONDS": "0.05",
            "SCHEDULER_POLL_SECONDS": "0.2",
            "PYTHONUNBUFFERED": "1",
            **self.env,
            **env,
        }
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "deadline"], env=merged, stdout=log, stderr=subprocess.STDOUT
        )

    async def ready(self, timeout: float = 90) -> None:
        limit = time.monotonic() + timeout
        async with httpx.AsyncClient() as client:
            while time.monotonic() < limit:
                assert self.process is not None
                if self.process.poll() is not None:
                    raise RuntimeError(f"{self.name} exited:\n{self.tail()}")
                try:
                    if (await client.get(f"{self.url}/readyz", timeout=2)).status_code == 200:
                        return
                except httpx.HTTPError:
                    pass
                await asyncio.sleep(0.2)
        raise TimeoutError(f"{self.name} not ready:\n{self.tail()}")

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def tail(self, lines: int = 40) -> str:
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def at(year: int, day: int, hh: int, mm: int = 0) -> datetime:
    return datetime(year, 3, day, hh, mm, tzinfo=CHINA)


def new_case() -> str:
    return f"T{uuid.uuid4().hex[:12]}"


async def publish(run: TestRun, topic: str, case_id: str, *events: Event) -> None:
    """Events as the topic's owner would publish them: enveloped, keyed by case id."""
    owner = next(service for service, name in EVENTS_TOPIC_OF.items() if name == topic)
    await publish_as(run, owner, case_id, *events)


async def dispatch(run: TestRun, case_id: str, *events: Event) -> None:
    await publish(run, DISPATCH_CASE_EVENTS, case_id, *events)


def assigned(
    when: datetime, lead: str = "water", round: int = 1, category: str = "pipe-burst"
) -> CaseAssigned:
    return CaseAssigned(
        category=category,
        kind=RequestKind.COMPLAINT,
        lead_department=lead,
        round=round,
        actor="dispatcher:d1",
        assigned_at=when,
    )


async def deadline_events(run: TestRun, case_ids: set[str], count: int) -> list[Envelope]:
    """Every deadline event of these cases, read from the topic until `count` are there."""
    topic = qualified(DEADLINE_TIMER_EVENTS, run.topic_prefix)

    def mine(records: Sequence[Any]) -> list[Envelope]:
        found = [Envelope.from_bytes(r.value) for r in records]
        return [e for e in found if e.case_id in case_ids]

    records = await read_until(
        run.servers.kafka_bootstrap, topic, lambda rs: len(mine(rs)) >= count, timeout=60
    )
    return mine(records)


async def _all(run: TestRun, case_ids: set[str]) -> list[Envelope]:
    topic = qualified(DEADLINE_TIMER_EVENTS, run.topic_prefix)
    records = await read_all(run.servers.kafka_bootstrap, topic)
    found = [Envelope.from_bytes(r.value) for r in records]
    return [e for e in found if e.case_id in case_ids]


#: The scheduler's alarms; deadline's topic also carries DeadlineSet and SlaPolicyPublished.
ALARM_EVENTS = frozenset({"DeadlineWarningIssued", "DeadlineExceeded", "DeadlineEscalated"})


def alarms_in(records: Sequence[Any]) -> list[Envelope]:
    """The alarms among records of deadline's topic, in their order."""
    found = (Envelope.from_bytes(record.value) for record in records)
    return [envelope for envelope in found if envelope.event_type in ALARM_EVENTS]


def alarm_key(envelope: Envelope) -> tuple[int, str]:
    payload = envelope.payload
    if envelope.event_type == "DeadlineWarningIssued":
        return payload["timer_id"], f"warning-{payload['fraction']:g}"
    if envelope.event_type == "DeadlineExceeded":
        return payload["timer_id"], "exceeded"
    return payload["timer_id"], payload["step"]


async def case_timers(
    http: httpx.AsyncClient, deadline: DeadlineProcess, case_id: str, count: int
) -> dict[str, dict[str, Any]]:
    """The case's timers once there are `count`, by stage (the latest attempt/round wins)."""

    async def enough() -> list[dict[str, Any]] | None:
        response = await http.get(
            f"{deadline.url}/api/v1/cases/{case_id}/timers", headers=DISPATCHER
        )
        if response.status_code != 200:
            return None
        found: list[dict[str, Any]] = response.json()["timers"]
        return found if len(found) >= count else None

    found: list[dict[str, Any]] = await eventually(enough)
    return {t["stage"]: t for t in found}


async def settled(
    http: httpx.AsyncClient, deadline: DeadlineProcess, case_id: str, check: Any
) -> list[dict[str, Any]]:
    async def probe() -> list[dict[str, Any]] | None:
        response = await http.get(
            f"{deadline.url}/api/v1/cases/{case_id}/timers", headers=DISPATCHER
        )
        found = response.json()["timers"] if response.status_code == 200 else []
        return found if found and check(found) else None

    result: list[dict[str, Any]] = await eventually(probe)
    return result
