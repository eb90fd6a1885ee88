"""What dispatch measures for the district's leaders (common.metrics, labels bounded by
common.business): assignments and resolutions where they happen, with how long the handling
round took; and, sampled in the background from its own table, the open cases by state and
each department's backlog."""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import partial

from sqlalchemy import func, select

from common import business, metrics, watch
from common.envelope import Event
from common.events import CaseAssigned, CaseResolved
from common.runtime import Runtime
from dispatch.domain.lifecycle import CaseState, HandlingCase
from dispatch.models import cases
from dispatch.repository.store import Unit

log = logging.getLogger(__name__)

#: How often the open cases are counted.
SAMPLE_SECONDS = 15.0
#: The cases a department holds: it must sign, handle or resume them.
BACKLOG_STATES = (CaseState.ASSIGNED, CaseState.SIGNED, CaseState.SUSPENDED)
OPEN_STATES = tuple(state.value for state in CaseState if state is not CaseState.CLOSED)


async def count(work: Unit, case: HandlingCase, events: Sequence[Event]) -> None:
    """The assignments and resolutions among the events a step emitted, once committed."""
    labels = business.labels()
    category = labels.category(case.category)
    for event in events:
        if isinstance(event, CaseAssigned):
            assigned = metrics.CASES_ASSIGNED.labels(
                labels.department(event.lead_department), category
            )
            work.after_commit(assigned.inc)
        elif isinstance(event, CaseResolved):
            department = labels.department(event.department)
            resolved = metrics.CASES_RESOLVED.labels(department, category, event.result.value)
            work.after_commit(resolved.inc)
            started = await work.store.cases.round_started_at(case.case_id, event.round)
            if started is not None:
                took = max((event.resolved_at - started).total_seconds(), 0.0)
                histogram = metrics.ASSIGNED_TO_RESOLVED.labels(department, category)
                work.after_commit(partial(histogram.observe, took))


def tally(
    rows: Iterable[tuple[str | None, str, str, int]], labels: business.DistrictLabels
) -> tuple[dict[tuple[str, ...], float], dict[tuple[str, ...], float]]:
    """(lead, category, state, cases) rows -> the open cases by (department, category,
    state), and the backlog of every department of the district (0 included)."""
    by_state: dict[tuple[str, ...], float] = defaultdict(float)
    backlog: dict[tuple[str, ...], float] = {(d,): 0.0 for d in labels.every_department()}
    for lead, category, state, number in rows:
        department = labels.department(lead)
        by_state[(department, labels.category(category), state)] += number
        if state in BACKLOG_STATES:
            backlog[(department,)] = backlog.get((department,), 0.0) + number
    return dict(by_state), backlog


async def sample_cases(runtime: Runtime) -> None:
    """civicloop_cases and civicloop_department_backlog, the same on every replica."""
    by_state = watch.GaugeTable(metrics.CASES)
    backlog = watch.GaugeTable(metrics.DEPARTMENT_BACKLOG)
    query = (
        select(cases.c.lead_department, cases.c.category, cases.c.state, func.count())
        .where(cases.c.state.in_(OPEN_STATES))
        .group_by(cases.c.lead_department, cases.c.category, cases.c.state)
    )
    while True:
        try:
            async with runtime.db.session() as session:
                rows = [tuple(row) for row in await session.execute(query)]
            states, held = tally(rows, business.labels())
            by_state.show(states)
            backlog.show(held)
        except Exception:
            log.exception("counting the open cases failed")
        await asyncio.sleep(SAMPLE_SECONDS)
