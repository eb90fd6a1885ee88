"""Dispatch use cases: each takes a command or event and emits the events it causes."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from common.clock import utcnow
from common.consumer import MessageContext
from common.errors import Conflict, Forbidden, NotFound
from common.events import CallbackCompleted, CaseAccepted
from common.outbox import UnitOfWork
from common.vocabulary import ResolutionResult
from dispatch import repository
from dispatch.domain.lifecycle import (
    HandlingCase,
    IllegalTransition,
    NotHandlingDepartment,
    allowed_actions,
)

SYSTEM_ACTOR = "system:routing"
T = TypeVar("T")


async def on_case_accepted(event: CaseAccepted, ctx: MessageContext) -> None:
    """Route an accepted case by its category; without a rule it waits for a dispatcher."""
    now = utcnow()
    case = HandlingCase(case_id=ctx.envelope.case_id, category=event.category, kind=event.kind)
    route = await repository.find_route(ctx.session, event.category)
    if route is None:
        await repository.save_case(ctx.session, case, now=now, new=True)
        ctx.emit(case.await_dispatcher(f"no routing rule for category {event.category}"))
        return
    case, assigned = case.assign(route, actor=SYSTEM_ACTOR, at=now)
    await repository.save_case(ctx.session, case, now=now, new=True)
    ctx.emit(assigned)


async def on_callback_completed(event: CallbackCompleted, ctx: MessageContext) -> None:
    case = await repository.load_case(ctx.session, ctx.envelope.case_id)
    if case is None:
        raise LookupError(f"callback result for unknown case {ctx.envelope.case_id}")
    now = utcnow()
    case, outcome = case.settle_callback(event, at=now)
    await repository.save_case(ctx.session, case, now=now)
    ctx.emit(outcome)


async def sign(uow: UnitOfWork, *, case_id: str, department: str, actor: str) -> HandlingCase:
    case = await _case_for_department(uow, case_id, department)
    now = utcnow()
    case, signed = _guarded(lambda: case.sign(department=department, actor=actor, at=now))
    await repository.save_case(uow.session, case, now=now)
    uow.emit(signed, case_id=case_id)
    return case


async def resolve(
    uow: UnitOfWork,
    *,
    case_id: str,
    department: str,
    result: ResolutionResult,
    summary: str,
    actor: str,
) -> HandlingCase:
    case = await _case_for_department(uow, case_id, department)
    now = utcnow()
    case, resolved = _guarded(
        lambda: case.resolve(
            department=department, result=result, summary=summary, actor=actor, at=now
        )
    )
    await repository.save_case(uow.session, case, now=now)
    uow.emit(resolved, case_id=case_id)
    return case


async def _case_for_department(uow: UnitOfWork, case_id: str, department: str) -> HandlingCase:
    if not await repository.department_exists(uow.session, department):
        raise NotFound("unknown_department", f"no department with code {department!r}")
    case = await repository.load_case(uow.session, case_id)
    if case is None:
        raise NotFound("case_not_found", f"no case {case_id} in dispatch")
    return case


def _guarded(step: Callable[[], T]) -> T:
    """Turn the state machine's refusals into the errors callers see (409 and 403)."""
    try:
        return step()
    except IllegalTransition as refused:
        raise Conflict(
            "illegal_transition",
            str(refused),
            current_state=refused.state.value,
            attempted=refused.action.value,
            allowed_actions=[a.value for a in allowed_actions(refused.state)],
        ) from refused
    except NotHandlingDepartment as refused:
        raise Forbidden("not_handling_department", str(refused)) from refused
