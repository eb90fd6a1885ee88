"""A callback's outcome on the case: closed when settled, reopened for another round, or
referred to supervision (callback failed too many rounds, or the submitter unreachable)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from common.clock import utcnow
from common.consumer import MessageContext, UnknownCase
from common.events import CallbackCompleted, CallbackFailed
from dispatch.domain.lifecycle import HandlingCase
from dispatch.repository import cases


def on_callback_completed(
    max_rounds: int,
) -> Callable[[CallbackCompleted, MessageContext], Awaitable[None]]:
    async def handle(event: CallbackCompleted, ctx: MessageContext) -> None:
        case = await _case_for_callback(ctx)
        now = utcnow()
        case, outcome = case.settle_callback(event, max_rounds=max_rounds, at=now)
        await cases.save_case(ctx.session, case, now=now)
        ctx.emit(outcome)

    return handle


async def on_callback_failed(event: CallbackFailed, ctx: MessageContext) -> None:
    case = await _case_for_callback(ctx)
    now = utcnow()
    case, outcome = case.settle_unreachable(event, at=now)
    await cases.save_case(ctx.session, case, now=now)
    ctx.emit(outcome)


async def _case_for_callback(ctx: MessageContext) -> HandlingCase:
    case = await cases.load_case(ctx.session, ctx.envelope.case_id)
    if case is None:
        raise UnknownCase(ctx.envelope.case_id, ctx.envelope.event_type)
    return case
