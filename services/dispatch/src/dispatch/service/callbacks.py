"""A callback's outcome on the case: closed when settled, reopened for another round, or
referred to supervision (callback failed too many rounds, or the submitter unreachable)."""

from __future__ import annotations

from common.clock import utcnow
from common.consumer import UnknownCase
from common.envelope import Event
from common.events import CallbackCompleted, CallbackFailed
from dispatch.domain.lifecycle import HandlingCase
from dispatch.repository.store import Unit


async def on_callback_completed(
    uow: Unit, event: CallbackCompleted, *, case_id: str, max_rounds: int
) -> None:
    case = await _case_for_callback(uow, case_id, event)
    now = utcnow()
    case, outcome = case.settle_callback(event, max_rounds=max_rounds, at=now)
    await uow.store.cases.save_case(case, now=now)
    uow.emit(outcome, case_id=case_id)


async def on_callback_failed(uow: Unit, event: CallbackFailed, *, case_id: str) -> None:
    case = await _case_for_callback(uow, case_id, event)
    now = utcnow()
    case, outcome = case.settle_unreachable(event, at=now)
    await uow.store.cases.save_case(case, now=now)
    uow.emit(outcome, case_id=case_id)


async def _case_for_callback(uow: Unit, case_id: str, event: Event) -> HandlingCase:
    case = await uow.store.cases.load_case(case_id)
    if case is None:
        raise UnknownCase(case_id, event.event_type)
    return case
