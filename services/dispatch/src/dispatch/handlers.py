"""Kafka subscriptions: which events dispatch reacts to, and with which use case."""

from __future__ import annotations

from collections.abc import Mapping

from common.consumer import Handler, MessageContext
from common.envelope import Event
from common.events import CallbackCompleted, CallbackFailed, CaseAccepted
from dispatch.service import callbacks, routing

CONSUMES: tuple[type[Event], ...] = (CaseAccepted, CallbackCompleted, CallbackFailed)


def handlers(max_rounds: int, category_names: Mapping[str, str]) -> Mapping[type[Event], Handler]:
    """`max_rounds`: handling rounds before a failing callback goes to supervision;
    `category_names`: the district file's names of categories, for the routing reasons."""

    async def on_case_accepted(event: CaseAccepted, ctx: MessageContext) -> None:
        await routing.on_case_accepted(
            ctx, event, case_id=ctx.envelope.case_id, category_names=category_names
        )

    async def on_callback_completed(event: CallbackCompleted, ctx: MessageContext) -> None:
        await callbacks.on_callback_completed(
            ctx, event, case_id=ctx.envelope.case_id, max_rounds=max_rounds
        )

    async def on_callback_failed(event: CallbackFailed, ctx: MessageContext) -> None:
        await callbacks.on_callback_failed(ctx, event, case_id=ctx.envelope.case_id)

    return {
        CaseAccepted: on_case_accepted,
        CallbackCompleted: on_callback_completed,
        CallbackFailed: on_callback_failed,
    }
