"""Routing on CaseAccepted: by the category's rule, to a dispatcher's queue, or 转办 to an
outside unit."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping

from common.clock import utcnow
from common.consumer import MessageContext
from common.envelope import Event
from common.events import CaseAccepted
from dispatch import measures
from dispatch.domain import reasons
from dispatch.domain.lifecycle import CaseState, HandlingCase
from dispatch.repository import cases, organisation

SYSTEM_ACTOR = "system:routing"


def on_case_accepted(
    category_names: Mapping[str, str],
) -> Callable[[CaseAccepted, MessageContext], Awaitable[None]]:
    """Route an accepted case by its category's rule. Without a rule, or when intake says
    the category is a guess a person should check, the case waits for a dispatcher. The
    reasons name the category (district file) and the departments (dispatch's own). A case
    a dispatcher sent back to screening and the window accepted again is dispatched anew;
    any other case dispatch already has was accepted before: the repeat changes nothing."""

    async def handle(event: CaseAccepted, ctx: MessageContext) -> None:
        now = utcnow()
        words = cases.CaseWords.of(event)
        known = await cases.load_case(ctx.session, ctx.envelope.case_id)
        if known is not None and known.state is not CaseState.SENT_BACK:
            return
        if known is None:
            case = HandlingCase(
                case_id=ctx.envelope.case_id, category=event.category, kind=event.kind
            )
        else:
            case = known.readmit(
                category=event.category, kind=event.kind, actor=event.actor, at=now
            )
        route = await organisation.find_route(ctx.session, event.category)
        queued = None
        if event.needs_dispatcher or route is None:
            queued = reasons.waiting_for_dispatcher(
                event.category,
                needs_dispatcher=event.needs_dispatcher,
                confidence=event.classification_confidence,
                category_names=category_names,
            )
            emitted: list[Event] = [case.await_dispatcher(queued, at=now)]
        else:
            why = reasons.routed_by_rule(
                event.category,
                route.lead,
                route.co_handlers,
                category_names=category_names,
                department_names=await organisation.department_names(ctx.session),
            )
            if route.lead in await organisation.outside_units(ctx.session):
                # an outside unit is reached by 转办 only, a rule's too (ADR 0021)
                case, emitted = case.transfer(route.lead, note=why.text, actor=SYSTEM_ACTOR, at=now)
            else:
                case, assigned = case.assign(route, actor=SYSTEM_ACTOR, at=now, reason=why)
                emitted = [assigned]
        if known is not None:
            await cases.readmit_case(ctx.session, case, words, now=now, queued_reason=queued)
        elif not await cases.insert_case(ctx.session, case, words, now=now, queued_reason=queued):
            return
        for event_out in emitted:
            ctx.emit(event_out)
        await measures.count(ctx, case, emitted)

    return handle
