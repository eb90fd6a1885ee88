"""Kafka subscriptions: each lifecycle event deadline consumes, mapped to the one use case
that moves the case's timers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from common import events
from common.consumer import Handler, MessageContext
from common.envelope import Event
from common.vocabulary import TimerStage
from deadline.service import lifecycle, requested, timers, transfers
from deadline.service.clockwork import Clockwork

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


def handlers(clock: Clockwork) -> Mapping[type[Event], Handler]:
    """Each entry hands `ctx` (the record's own unit) and the case to its use case."""

    def timed(use_case: Any) -> Handler:
        """A use case that computes with the calendar and the policy table."""

        async def handle(event: Any, ctx: MessageContext) -> None:
            await use_case(ctx, clock, event, ctx.envelope.case_id)

        return handle

    def plain(use_case: Any) -> Handler:
        async def handle(event: Any, ctx: MessageContext) -> None:
            await use_case(ctx, event, ctx.envelope.case_id)

        return handle

    async def on_queued(event: events.CaseQueuedForDispatcher, ctx: MessageContext) -> None:
        at = event.queued_at or ctx.envelope.occurred_at
        await lifecycle.on_queued(ctx, clock, event, ctx.envelope.case_id, at)

    async def on_sent_back(event: events.CaseSentBackToScreening, ctx: MessageContext) -> None:
        await timers.cancel(ctx, ctx.envelope.case_id, event.sent_back_at, [TimerStage.DISPATCH])

    async def on_signed(event: events.CaseSigned, ctx: MessageContext) -> None:
        await timers.end(ctx, ctx.envelope.case_id, [TimerStage.SIGN], event.signed_at)

    def cancelled(at: Any) -> Handler:
        """The case closes, merges or is rejected: every open timer is cancelled."""

        async def handle(event: Any, ctx: MessageContext) -> None:
            await timers.cancel(ctx, ctx.envelope.case_id, at(event) or ctx.envelope.occurred_at)

        return handle

    return {
        events.CaseQueuedForDispatcher: on_queued,
        events.CaseSentBackToScreening: on_sent_back,
        events.CaseRejectedByDispatcher: cancelled(lambda e: e.rejected_at),
        events.CaseAssigned: timed(lifecycle.on_assigned),
        events.CaseSigned: on_signed,
        events.SubmitterContacted: plain(lifecycle.on_contacted),
        events.CaseSuspended: timed(lifecycle.on_suspended),
        events.CaseResumed: timed(lifecycle.on_resumed),
        events.ExtensionGranted: timed(lifecycle.on_extended),
        events.CaseResolved: timed(lifecycle.on_resolved),
        events.CaseResolvedOnTheSpot: timed(lifecycle.on_resolved_on_the_spot),
        events.CallbackCompleted: plain(lifecycle.on_callback_completed),
        events.CallbackFailed: plain(lifecycle.on_callback_failed),
        events.CaseReopened: timed(lifecycle.on_reopened),
        events.CaseClosed: cancelled(lambda e: e.closed_at),
        events.CaseMerged: cancelled(lambda e: e.merged_at),
        events.CaseRejected: cancelled(lambda e: e.rejected_at),
        events.TransferAcknowledged: plain(lifecycle.on_transfer_acknowledged),
        events.TransferAnswered: timed(lifecycle.on_transfer_answered),
        events.CaseTransferred: timed(transfers.on_transferred),
        events.CaseAccepted: plain(requested.on_case_accepted),
    }
