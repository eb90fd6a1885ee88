"""Kafka subscriptions and the scheduler loop that rings due alarms."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Mapping

from common import events
from common.clock import utcnow
from common.consumer import Handler
from common.envelope import Event
from common.runtime import Runtime
from deadline import repository, requested, service, transfers

log = logging.getLogger(__name__)

#: The lifecycle events that start, stop, pause or move timers, and CaseAccepted for the
#: submitter's requested completion date.
CONSUMES: tuple[type[Event], ...] = (
    events.CaseResolvedOnTheSpot,
    events.CaseMerged,
    events.CaseRejected,
    events.CaseAssigned,
    events.CaseSigned,
    events.SubmitterContacted,
    events.CaseSuspended,
    events.CaseResumed,
    events.ExtensionGranted,
    events.CaseResolved,
    events.CaseReopened,
    events.CaseClosed,
    events.CallbackCompleted,
    events.CallbackFailed,
    events.CaseAccepted,
    events.CaseTransferred,
    events.TransferAcknowledged,
    events.TransferAnswered,
    events.CaseQueuedForDispatcher,
    events.CaseSentBackToScreening,
    events.CaseRejectedByDispatcher,
)
#: When another replica holds every due alarm, look again this soon rather than spin.
BUSY_RETRY_SECONDS = 0.05


def handlers(clock: service.Clockwork) -> Mapping[type[Event], Handler]:
    return {
        **service.lifecycle_handlers(clock),
        events.CaseAccepted: requested.on_case_accepted,
        events.CaseTransferred: transfers.on_transferred(clock),
    }


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
            fired = await drain_due(runtime, batch)
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
            count = await service.fire_due(uow, now=utcnow(), limit=batch)
            claimed.set_result(count)
            if after is not None:
                await after  # its commit first; its failure rolls this batch back
        return count
    except BaseException as error:
        if not claimed.done():
            failure = error if isinstance(error, Exception) else RuntimeError("batch cancelled")
            claimed.set_exception(failure)
        raise
