"""Kafka subscriptions: supervision watches registration, handling, deadlines and callbacks;
each handler-map entry hands the event to one use case, with the message context as its
unit of work."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from common import events
from common.consumer import Handler, MessageContext
from common.envelope import Event
from supervision import projection
from supervision.config import Rules
from supervision.service import facts, ladder, signals

#: Every event its figures are folded from (AppealDecided is supervision's own: kept when
#: decided, never consumed); some also file signals or records.
CONSUMES: tuple[type[Event], ...] = tuple(
    model
    for name, model in Event.registered().items()
    if name in projection.KEPT_EVENTS and model.producer != "supervision"
)


async def keep(event: Any, ctx: MessageContext) -> None:
    """Every kept event refolds its case's scorecard facts."""
    await facts.keep(ctx, ctx.envelope)


async def on_assigned(event: events.CaseAssigned, ctx: MessageContext) -> None:
    await signals.on_assigned(ctx, event, ctx.envelope)


async def on_reopened(event: events.CaseReopened, ctx: MessageContext) -> None:
    await signals.on_reopened(ctx, event, ctx.envelope)


async def on_referred(event: events.CaseReferredToSupervision, ctx: MessageContext) -> None:
    await signals.on_referred(ctx, event, ctx.envelope)


async def on_overdue(event: events.DeadlineExceeded, ctx: MessageContext) -> None:
    await signals.on_overdue(ctx, event, ctx.envelope)


async def on_callback(event: events.CallbackCompleted, ctx: MessageContext) -> None:
    await signals.on_callback(ctx, event, ctx.envelope)


async def on_escalated(event: events.DeadlineEscalated, ctx: MessageContext) -> None:
    await ladder.on_escalated(ctx, event, ctx.envelope)


def handlers(rules: Rules) -> Mapping[type[Event], Handler]:
    """`rules`: the thresholds, from the settings (Rules.of)."""
    thresholds = rules

    async def on_returned(event: events.CaseReturned, ctx: MessageContext) -> None:
        await ladder.on_returned(ctx, event, ctx.envelope, rules=thresholds)

    special: dict[type[Event], Handler] = {
        events.CaseAssigned: on_assigned,
        events.CaseReopened: on_reopened,
        events.CaseReferredToSupervision: on_referred,
        events.CaseReturned: on_returned,
        events.DeadlineExceeded: on_overdue,
        events.DeadlineEscalated: on_escalated,
        events.CallbackCompleted: on_callback,
    }
    return {**dict.fromkeys(CONSUMES, keep), **special}
