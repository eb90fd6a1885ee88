"""Kafka subscriptions: a registration gives the case's title; a resolution (or one on the
spot, or an outside unit's answer to a 转办) opens a callback task; deadline tells when it is due."""

from __future__ import annotations

from collections.abc import Mapping

from callback.service import tasks
from common.consumer import Handler, MessageContext
from common.envelope import Event
from common.events import (
    CaseRegistered,
    CaseResolved,
    CaseResolvedOnTheSpot,
    DeadlineSet,
    TransferAnswered,
)

CONSUMES: tuple[type[Event], ...] = (
    CaseRegistered,
    CaseResolvedOnTheSpot,
    CaseResolved,
    DeadlineSet,
    TransferAnswered,
)


async def _registered(event: CaseRegistered, ctx: MessageContext) -> None:
    await tasks.on_case_registered(ctx, event, case_id=ctx.envelope.case_id)


async def _resolved(event: CaseResolved, ctx: MessageContext) -> None:
    await tasks.on_case_resolved(ctx, event, case_id=ctx.envelope.case_id)


async def _resolved_on_the_spot(event: CaseResolvedOnTheSpot, ctx: MessageContext) -> None:
    await tasks.on_resolved_on_the_spot(ctx, event, case_id=ctx.envelope.case_id)


async def _deadline_set(event: DeadlineSet, ctx: MessageContext) -> None:
    await tasks.on_deadline_set(ctx, event, case_id=ctx.envelope.case_id)


async def _transfer_answered(event: TransferAnswered, ctx: MessageContext) -> None:
    await tasks.on_transfer_answered(ctx, event, case_id=ctx.envelope.case_id)


def handlers() -> Mapping[type[Event], Handler]:
    return {
        CaseRegistered: _registered,
        CaseResolved: _resolved,
        CaseResolvedOnTheSpot: _resolved_on_the_spot,
        DeadlineSet: _deadline_set,
        TransferAnswered: _transfer_answered,
    }
