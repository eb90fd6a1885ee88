"""Timer lag: each alarm the scheduler rings records how long after its due time it rang
(civicloop_deadline_timer_lag_seconds), the figure behind the CivicloopTimerLag alert."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from prometheus_client import REGISTRY

from common.outbox import Outbox
from common.topics import DEADLINE_TIMER_EVENTS
from deadline.service import scheduler

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def claimed(alarm_id: int, late: timedelta) -> dict[str, Any]:
    """A row as claim_due_alarms returns it, due `late` before NOW."""
    return {
        "alarm_id": alarm_id,
        "kind": "exceeded",
        "name": "exceeded",
        "fraction": None,
        "days_after": 0,
        "alarm_due_at": NOW - late,
        "timer_id": alarm_id,
        "case_id": f"C-2026-{alarm_id:06d}",
        "stage": "resolution",
        "department": "urban-management",
        "started_at": NOW - timedelta(days=20),
        "due_at": NOW - late,
        "policy": "resolution/kind=complaint",
        "policy_version": 1,
    }


def lag(sample: str, **labels: str) -> float:
    value = REGISTRY.get_sample_value(
        f"civicloop_deadline_timer_lag_seconds_{sample}", {"service": "deadline", **labels}
    )
    return value or 0.0


async def test_each_rung_alarm_records_how_late_it_rang() -> None:
    rows = [claimed(1, timedelta(seconds=90)), claimed(2, timedelta(seconds=2))]

    async def claim_due(*, now: datetime, limit: int) -> list[Any]:
        assert now == NOW
        return rows

    outbox = Outbox(producer="deadline", topic=DEADLINE_TIMER_EVENTS)
    store = SimpleNamespace(alarms=SimpleNamespace(claim_due=claim_due))
    uow = SimpleNamespace(store=store, outbox=outbox, after_commit=outbox.after_commit.append)
    before = {"count": lag("count"), "sum": lag("sum"), "5": lag("bucket", le="5.0")}

    assert await scheduler.fire_due(uow, now=NOW) == 2  # type: ignore[arg-type]

    assert lag("count") - before["count"] == 2
    assert lag("sum") - before["sum"] == pytest.approx(92)
    assert lag("bucket", le="5.0") - before["5"] == 1  # the 2-second one; 90 s is later
    assert len(uow.outbox.pending) == 2
