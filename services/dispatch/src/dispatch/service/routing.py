"""Routing on CaseAccepted: by the category's rule, to a dispatcher's queue, or 转办 to an
outside unit."""

from __future__ import annotations

from collections.abc import Mapping

from common.clock import utcnow
from common.envelope import Event
from common.events import CaseAccepted
from dispatch import measures
from dispatch.domain import reasons
from dispatch.domain.lifecycle import CaseState, HandlingCase
from dispatch.repository.store import CaseWords, Unit

SYSTEM_ACTOR = "system:routing"


async def on_case_accepted(
    uow: Unit, event: CaseAccepted, *, case_id: str, category_names: Mapping[str, str]
) -> None:
    """Route an accepted case by its category's rule. Without a rule, or when intake says
    the category is a guess a person should check, the case waits for a dispatcher. The
    reasons name the category (district file) and the departments (dispatch's own). A case
    a dispatcher sent back to screening and the window accepted again is dispatched anew;
    any other case dispatch already has was accepted before: the repeat changes nothing."""
    now = utcnow()
    words = CaseWords.of(event)
    known = await uow.store.cases.load_case(case_id)
    if known is not None and known.state is not CaseState.SENT_BACK:
        return
    if known is None:
        case = HandlingCase(case_id=case_id, category=event.category, kind=event.kind)
    else:
        case = known.readmit(category=event.category, kind=event.kind, actor=event.actor, at=now)
    route = await uow.store.organisation.find_route(event.category)
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
            department_names=await uow.store.organisation.department_names(),
        )
        if route.lead in await uow.store.organisation.outside_units():
            # an outside unit is reached by 转办 only, a rule's too (ADR 0021)
            case, emitted = case.transfer(route.lead, note=why.text, actor=SYSTEM_ACTOR, at=now)
        else:
            case, assigned = case.assign(route, actor=SYSTEM_ACTOR, at=now, reason=why)
            emitted = [assigned]
    if known is not None:
        await uow.store.cases.readmit_case(case, words, now=now, queued_reason=queued)
    elif not await uow.store.cases.insert_case(case, words, now=now, queued_reason=queued):
        return
    for event_out in emitted:
        uow.emit(event_out, case_id=case_id)
    await measures.count(uow, case, emitted)
