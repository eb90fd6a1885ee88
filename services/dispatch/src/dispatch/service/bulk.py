"""交办 on a selection of cases: each case takes its own step in its own unit, exactly as the
one-case route takes it, so a case is assigned whole or refused whole."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

from common.auth import Principal
from common.errors import ApiError
from dispatch.domain.lifecycle import Route
from dispatch.repository.store import Unit
from dispatch.service.steps import act, check_departments_exist

#: opens a unit of work (runtime.unit_of_work, or an in-memory database's)
Units = Callable[[], AbstractAsyncContextManager[Unit]]


async def assign_each(
    units: Units, case_ids: list[str], principal: Principal, *, route: Route, reason: str
) -> list[dict[str, Any]]:
    """Departments are checked once (an ApiError refuses the whole selection); then each case
    is assigned or refused on its own, the answer saying which, in the order given."""
    async with units() as uow:
        await check_departments_exist(uow, [route.lead, *route.co_handlers])
    return [await _assign(units, case_id, principal, route, reason) for case_id in case_ids]


async def _assign(
    units: Units, case_id: str, principal: Principal, route: Route, reason: str
) -> dict[str, Any]:
    try:
        async with units() as uow:
            case = await act(
                uow,
                case_id=case_id,
                principal=principal,
                step=lambda case, _, at: case.assign(
                    route, actor=principal.actor, at=at, reason=reason
                ),
            )
    except ApiError as refused:
        return {
            "case_id": case_id,
            "outcome": "refused",
            "error": refused.code,
            "reason": refused.message,
        }
    return {
        "case_id": case_id,
        "outcome": "assigned",
        "state": case.state.value,
        "lead_department": case.lead_department,
        "co_handlers": list(case.co_handlers),
    }
