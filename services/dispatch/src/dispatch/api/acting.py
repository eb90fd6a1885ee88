"""The act-on-a-case pattern every step route shares: who may take an action, the unit of
work the step runs in, and the case state the caller gets back."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import Depends

from common.auth import Principal, require
from common.http_docs import errors
from common.runtime import Runtime
from dispatch.domain.lifecycle import Action, CaseState, HandlingCase
from dispatch.domain.permissions import allowed_actions_for, part_in_case, roles_for
from dispatch.repository.store import Unit

#: A step on a case: 404 for a case the caller cannot see, 409 when its state refuses it.
STEP = errors(401, 403, 404, 409, 422, 503)


def may(action: Action) -> Any:
    """Admits the roles that may take `action`: the table allowed_actions reads as well."""
    return Depends(require(*roles_for(action)))


def offered(
    principal: Principal, state: str, lead: str | None, co_handlers: list[str] | tuple[str, ...]
) -> list[str]:
    """The actions this caller may take on the case now (its role, its part in the case)."""
    part = part_in_case(principal.department, lead, co_handlers)
    return [a.value for a in allowed_actions_for(CaseState(state), principal.role, part)]


def case_state(case: HandlingCase, principal: Principal) -> dict[str, Any]:
    pending = case.pending_extension
    return {
        "case_id": case.case_id,
        "state": case.state.value,
        "lead_department": case.lead_department,
        "co_handlers": list(case.co_handlers),
        "round": case.round,
        "returns": case.returns,
        "extensions_granted": case.extensions_granted,
        "extension_days_granted": case.extension_days_granted,
        "pending_extension": None
        if pending is None
        else {"department": pending.department, "working_days": pending.working_days},
        "missing_opinions": case.missing_opinions(),
        "allowed_actions": offered(principal, case.state, case.lead_department, case.co_handlers),
    }


#: a use case of service.dispatcher or service.departments, its arguments bound
UseCase = Callable[[Unit], Awaitable[HandlingCase]]


async def act(runtime: Runtime, principal: Principal, use_case: UseCase) -> dict[str, Any]:
    """Run a step on a case in its own unit of work; answer the case as the caller sees it."""
    async with runtime.unit_of_work() as uow:
        case = await use_case(uow)
    return case_state(case, principal)
