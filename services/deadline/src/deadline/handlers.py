"""Kafka subscriptions and the scheduler loop that turns due timers into overdue events."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping

from common import topics
from common.consumer import Handler
from common.runtime import Runtime
from deadline import service

log = logging.getLogger(__name__)

CONSUMES = (topics.DISPATCH_CASE_EVENTS, topics.CALLBACK_EVENTS)


def handlers(clock: service.Clockwork) -> Mapping[str, Handler]:
    return service.lifecycle_handlers(clock)


async def run_scheduler(runtime: Runtime) -> None:
    poll = float(runtime.state.get("scheduler_poll_seconds", 0.5))
    batch = int(runtime.state.get("scheduler_batch", 1000))
    while True:
        try:
            async with runtime.unit_of_work() as uow:
                fired = await service.fire_due(uow, limit=batch)
            if fired >= batch:
                continue  # a burst: keep draining without sleeping
        except Exception:
            log.exception("scheduler pass failed; retrying")
        await asyncio.sleep(poll)
