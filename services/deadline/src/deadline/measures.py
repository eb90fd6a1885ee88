"""What deadline counts for the district's leaders (common.metrics, labels bounded by
common.business): time limits that ran out and the escalation steps rung, counted once
the alarms' transaction commits; and, sampled in the background from its timers, the
cases overdue now."""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import func, select

from common import business, metrics, watch
from common.outbox import Transaction
from common.runtime import Runtime
from deadline.domain.alarms import AlarmKind
from deadline.models import timers

log = logging.getLogger(__name__)

#: How often the overdue cases are counted (a partial index on running timers' due times).
SAMPLE_SECONDS = 5.0


def count_alarms(uow: Transaction[Any], rows: Iterable[Mapping[str, Any]]) -> None:
    """Rows of claimed alarms; a burst counts each (kind, department, stage, step) once."""
    rung = Counter((r["kind"], r["department"], r["stage"], r["name"]) for r in rows)
    labels = business.labels()
    counters = []
    for (kind, department, stage, name), number in rung.items():
        if kind == AlarmKind.EXCEEDED:
            child = metrics.DEADLINES_EXCEEDED.labels(labels.department(department), stage)
        elif kind == AlarmKind.ESCALATION:
            child = metrics.ESCALATIONS.labels(labels.department(department), name)
        else:
            continue
        counters.append((child, number))
    if counters:

        def count() -> None:
            for child, number in counters:
                child.inc(number)

        uow.after_commit(count)


def overdue_by_label(
    rows: Iterable[tuple[str | None, str | None, int]], labels: business.DistrictLabels
) -> dict[tuple[str, ...], float]:
    """(department, category, cases) rows -> cases by bounded (department, category)."""
    found: dict[tuple[str, ...], float] = {}
    for department, category, cases in rows:
        key = (labels.department(department), labels.category(category))
        found[key] = found.get(key, 0.0) + cases
    return found


async def sample_overdue(runtime: Runtime) -> None:
    """civicloop_cases_overdue: cases with a running timer past its due time (a paused or
    parked timer has none), by the timer's department and category; the same on every
    replica."""
    table = watch.GaugeTable(metrics.CASES_OVERDUE)
    query = (
        select(timers.c.department, timers.c.category, func.count(timers.c.case_id.distinct()))
        .where(timers.c.state == "running", timers.c.due_at < func.now())
        .group_by(timers.c.department, timers.c.category)
    )
    while True:
        try:
            async with runtime.db.session() as session:
                rows = [tuple(row) for row in await session.execute(query)]
            table.show(overdue_by_label(rows, business.labels()))
        except Exception:
            log.exception("counting the overdue cases failed")
        await asyncio.sleep(SAMPLE_SECONDS)
