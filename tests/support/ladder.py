"""Supervision's inputs as the other services would publish them, and what supervision then lists."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from common.envelope import Envelope, Event
from common.events import (
    CaseAssigned,
    CaseReturned,
    DeadlineEscalated,
    DeadlineExceeded,
)
from common.topics import SUPERVISION_EVENTS, qualified
from common.vocabulary import EscalationStep, RequestKind, Role, TimerStage
from tests.support.kafka import eventually, read_until
from tests.support.stack import Stack
from tests.support.staff import headers_for

SUPERVISOR = headers_for(Role.SUPERVISOR)
LEAD, OTHER = "urban-management", "housing"


def new_case() -> str:
    return f"SUP-{uuid.uuid4().hex[:10]}"


def wrap(case_id: str, event: Event, producer: str, minutes_ago: int = 0) -> Envelope:
    return Envelope.wrap(
        event,
        case_id=case_id,
        producer=producer,
        occurred_at=datetime.now(UTC) - timedelta(minutes=minutes_ago),
    )


def assigned(case_id: str, department: str = LEAD, minutes_ago: int = 60) -> Envelope:
    now = datetime.now(UTC) - timedelta(minutes=minutes_ago)
    return wrap(
        case_id,
        CaseAssigned(
            category="streetlight",
            kind=RequestKind.COMPLAINT,
            lead_department=department,
            actor="dispatcher:test",
            assigned_at=now,
        ),
        "dispatch",
        minutes_ago,
    )


def overdue(case_id: str) -> Envelope:
    due = datetime.now(UTC) - timedelta(minutes=30)
    return wrap(
        case_id,
        DeadlineExceeded(
            timer_id=7,
            stage=TimerStage.RESOLUTION,
            department=LEAD,
            started_at=due - timedelta(days=5),
            due_at=due,
            policy="ordinary",
        ),
        "deadline",
        30,
    )


def escalated(case_id: str, step: EscalationStep, days: int) -> Envelope:
    return wrap(
        case_id,
        DeadlineEscalated(
            timer_id=7,
            stage=TimerStage.RESOLUTION,
            department=LEAD,
            step=step,
            working_days_overdue=days,
            due_at=datetime.now(UTC) - timedelta(days=days),
            policy="ordinary",
        ),
        "deadline",
    )


def returned(case_id: str, department: str, count: int) -> Envelope:
    return wrap(
        case_id,
        CaseReturned(
            department=department,
            reason="不属于本单位职责",
            returns_in_case=count,
            actor=f"handler:{department}",
            returned_at=datetime.now(UTC) - timedelta(minutes=10 - count),
        ),
        "dispatch",
        10 - count,
    )


async def supervision_events(stack: Stack, case_id: str, done: Any) -> list[dict[str, Any]]:
    records = await read_until(
        stack.run.servers.kafka_bootstrap,
        qualified(SUPERVISION_EVENTS, stack.run.topic_prefix),
        lambda rs: done([json.loads(r.value) for r in rs if r.key == case_id.encode()]),
    )
    return [json.loads(r.value) for r in records if r.key == case_id.encode()]


async def listed(
    http: httpx.AsyncClient, stack: Stack, path: str, case_id: str, count: int
) -> list[dict[str, Any]]:
    async def probe() -> list[dict[str, Any]] | None:
        response = await http.get(
            f"{stack.url('supervision')}/api/v1/{path}",
            params={"case_id": case_id},
            headers=SUPERVISOR,
        )
        assert response.status_code == 200, response.text
        rows: list[dict[str, Any]] = response.json()
        return rows if len(rows) >= count else None

    found: list[dict[str, Any]] = await eventually(probe)
    return found
