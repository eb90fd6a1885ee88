"""The rate gauges (common.metrics, labels bounded by common.business), sampled in the
background from supervision's own scorecard facts: response, on-time, solved and
satisfaction rates of the cases accepted in the last 30 days."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from common import business, metrics, watch
from common.clock import utcnow
from common.runtime import Runtime
from supervision.domain.recent import rates, recent_figures
from supervision.repository.facts import SqlFacts

log = logging.getLogger(__name__)

#: The trailing window of acceptance the rates are about.
WINDOW = timedelta(days=30)
#: How often the rates are computed (a fold over the window's cases: ADR 0012).
SAMPLE_SECONDS = 30.0


async def sample_rates(runtime: Runtime) -> None:
    """civicloop_department_rate and civicloop_district_rate, the same on every replica."""
    by_department = watch.GaugeTable(metrics.DEPARTMENT_RATE)
    district = watch.GaugeTable(metrics.DISTRICT_RATE)
    while True:
        try:
            now = utcnow()
            async with runtime.db.session() as session:
                cases = await SqlFacts(session).accepted_between(now - WINDOW, now)
            figures = recent_figures(cases, business.labels().department)
            by_department.show(
                {
                    (department, rate): value
                    for department, department_figures in figures.departments.items()
                    for rate, value in rates(department_figures).items()
                }
            )
            district.show({(rate,): value for rate, value in rates(figures.district).items()})
        except Exception:
            log.exception("computing the rate gauges failed")
        await asyncio.sleep(SAMPLE_SECONDS)
