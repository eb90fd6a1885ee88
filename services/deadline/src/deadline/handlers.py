"""Kafka subscriptions and the scheduler loop that rings due alarms."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Mapping

from common import topics
from common.clock import utcnow
from common.consumer import Handler
from common.runtime import Runtime
from deadline import repository, service

log = logging.getLogger(__name__)

CONSUMES = (topics.INTAKE_CASE_EVENTS, topics.DISPATCH_CASE_EVENTS, topics.CALLBACK_EVENTS)
#: When another replica holds every due alarm, look again this soon rather than spin.
BUSY_RETRY_SECONDS = 0.05


def handlers(clock: service.Clockwork) -> Mapping[str, Handler]:
    return service.lifecycle_handlers(clock)


async def run_scheduler(runtime: Runtime) -> None:
    """Claim due alarms in batches; a full batch is followed at once by the next. Otherwise
    sleep until the next alarm is due, at most `scheduler_poll_seconds` (alarms another
    replica plans are seen within that time), and wake early when this replica's handlers
    change alarms."""
    clock: service.Clockwork = runtime.state["clock"]
    longest = float(runtime.state["scheduler_poll_seconds"])
    batch = int(runtime.state["scheduler_batch"])
    while True:
        clock.wake.clear()
        try:
            async with runtime.unit_of_work() as uow:
                fired = await service.fire_due(uow, now=utcnow(), limit=batch)
            if fired >= batch:
                continue  # a burst: keep draining without sleeping
            async with runtime.db.session() as session:
                next_due = await repository.next_alarm_due(session)
        except Exception:
            log.exception("scheduler pass failed; retrying")
            fired, next_due = 0, None
        sleep = longest
        if next_due is not None:
            sleep = min(longest, max(0.0, (next_due - utcnow()).total_seconds()))
        if fired == 0:
            sleep = max(sleep, BUSY_RETRY_SECONDS)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(clock.wake.wait(), sleep)
