"""Deadline's background loops: the scheduler ringing due alarms, the calendar refresh
picking up a year another replica loaded, and the placing and counting of parked timers."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from common import metrics
from common.clock import utcnow
from common.runtime import Runtime
from deadline.config import Settings
from deadline.repository.sql import SqlStore
from deadline.service import calendars, parked, scheduler
from deadline.state import DeadlineState

log = logging.getLogger(__name__)
#: When another replica holds every due alarm, look again this soon rather than spin.
BUSY_RETRY_SECONDS = 0.05
#: How often parked timers are looked at (a partial index) and counted.
PARKED_SAMPLE_SECONDS = 5.0


async def run_scheduler(runtime: Runtime) -> None:
    """Claim due alarms in batches; a full batch is followed at once by the next. Otherwise
    sleep until the next alarm is due, at most `scheduler_poll_seconds` (alarms another
    replica plans are seen within that time), and wake early when this replica's handlers
    change alarms."""
    state = runtime.state_as(DeadlineState)
    clock, longest, batch = state.clock, state.scheduler_poll_seconds, state.scheduler_batch
    while True:
        clock.wake.clear()
        try:
            fired = await drain_due(runtime, batch)
            async with runtime.db.session() as session:
                next_due = await SqlStore(session).alarms.next_due()
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


async def drain_due(runtime: Runtime, batch: int) -> int:
    """Ring due alarms batch after batch until a batch comes back short; returns how many.

    A batch is a chain of round trips (claim, then outbox write and commit), so in a burst
    the next batch is claimed and built while the previous one writes and commits: two
    transactions at most. The later one commits only after the earlier one (it waits for
    it before its own write), so outbox rows, hence events, keep the alarms' due order;
    should the earlier fail, the later rolls back too and both are claimed again."""
    fired = 0
    in_flight: list[asyncio.Task[int]] = []  # oldest first: the one writing, the one claiming
    try:
        while True:
            claimed: asyncio.Future[int] = asyncio.get_running_loop().create_future()
            after = in_flight[-1] if in_flight else None
            in_flight.append(asyncio.create_task(_fire_batch(runtime, batch, claimed, after)))
            count = await asyncio.shield(claimed)
            if len(in_flight) == 2:
                fired += await in_flight.pop(0)  # at most two batches in flight
            if count < batch:
                return fired + await in_flight.pop(0)
    finally:
        # after a failure (or on shutdown) the batches still open finish or roll back
        await asyncio.gather(*in_flight, return_exceptions=True)


async def _fire_batch(
    runtime: Runtime, batch: int, claimed: asyncio.Future[int], after: asyncio.Task[int] | None
) -> int:
    """One batch in its own transaction; `claimed` learns how many alarms it claimed."""
    try:
        async with runtime.unit_of_work() as uow:
            count = await scheduler.fire_due(uow, now=utcnow(), limit=batch)
            claimed.set_result(count)
            if after is not None:
                await after  # its commit first; its failure rolls this batch back
        return count
    except BaseException as error:
        if not claimed.done():
            failure = error if isinstance(error, Exception) else RuntimeError("batch cancelled")
            claimed.set_exception(failure)
        raise


async def refresh_calendar(runtime: Runtime) -> None:
    """Another replica may load a year: pick it up within the refresh interval."""
    state = runtime.state_as(DeadlineState)
    every = runtime.settings_as(Settings).calendar_refresh_seconds
    while True:
        await asyncio.sleep(every)
        try:
            async with runtime.unit_of_work() as uow:
                latest = await uow.store.calendar.last_change()
                if latest != state.calendar_loaded_at:
                    await calendars.reload_calendar(uow, state.clock, state.bundled_calendar)
                    state.calendar_loaded_at = latest
        except Exception:
            log.exception("calendar refresh failed; keeping the current calendar")


async def sample_parked(runtime: Runtime) -> None:
    """Place what another replica's year made placeable, then count what is still parked:
    civicloop_deadline_parked_timers{year} (alert CivicloopDeadlineParkedTimers), the same
    on every replica."""
    clock = runtime.state_as(DeadlineState).clock
    while True:
        try:
            async with runtime.unit_of_work() as uow:
                await parked.place_parked(uow, clock)
                counts = await uow.store.timers.parked_counts()
            metrics.DEADLINE_PARKED_TIMERS.clear()
            for year, count in counts.items():
                metrics.DEADLINE_PARKED_TIMERS.labels(str(year)).set(count)
        except Exception:
            log.exception("placing or counting parked timers failed")
        await asyncio.sleep(PARKED_SAMPLE_SECONDS)
