"""Timer routes: a case's timers, many cases' at once (a page of a case list), and a
department's upcoming, overdue, parked or ended ones, each with its requested date."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import Field

from common.auth import Principal, ensure_department
from common.clock import utcnow
from common.errors import NotFound
from common.http_docs import errors
from common.runtime import Runtime, RuntimeDep
from common.vocabulary import Role
from deadline.api.common import TIMER_ERRORS, TimerReader, deadline_state
from deadline.api.schemas import CaseTimers, DepartmentTimers, TimerListState, TimersOfCases
from deadline.api.timer_view import timer_view
from deadline.repository import views

router = APIRouter(prefix="/api/v1", tags=["deadlines"])


@router.get("/cases/{case_id}/timers", response_model=CaseTimers, responses=TIMER_ERRORS)
async def case_timers(case_id: str, principal: TimerReader, runtime: RuntimeDep) -> dict[str, Any]:
    """Every timer of the case with its working time left, pause state, policy version and
    alarms (fired, pending, held while paused, or parked until a calendar year is loaded)."""
    async with runtime.db.session() as session:
        rows = await views.case_timers(session, case_id)
        alarms = await views.alarms_of(session, [r.id for r in rows])
        asked = await views.requested_dates_of(session, [case_id])
    if not rows:
        raise NotFound("no_timers", f"案件 {case_id} 没有计时")
    ensure_department(principal, {r.department for r in rows}, f"case {case_id}")
    return {"case_id": case_id, "timers": _views(runtime, rows, alarms, asked)}


@router.get("/timers", response_model=TimersOfCases, responses=errors(401, 403, 422, 503))
async def timers_of_cases(
    principal: TimerReader,
    runtime: RuntimeDep,
    case_id: Annotated[
        list[Annotated[str, Field(max_length=64)]], Query(min_length=1, max_length=200)
    ],
) -> dict[str, Any]:
    """The timers of many cases in one answer (a page of a case list), each case as
    /cases/{case_id}/timers shows it. Cases without timers, or that the caller may not see
    (a handler: another department's), are left out rather than refused."""
    asked = list(dict.fromkeys(case_id))
    async with runtime.db.session() as session:
        rows = await views.timers_of_cases(session, asked)
        alarms = await views.alarms_of(session, [r.id for r in rows])
        dates = await views.requested_dates_of(session, asked)
    by_case: dict[str, list[dict[str, Any]]] = {}
    for view in _views(runtime, rows, alarms, dates):
        by_case.setdefault(view["case_id"], []).append(view)
    return {
        "cases": [
            {"case_id": case, "timers": by_case[case]}
            for case in asked
            if case in by_case and _may_see(principal, by_case[case])
        ]
    }


def _may_see(principal: Principal, views: list[dict[str, Any]]) -> bool:
    """As for one case: a handler sees a case's timers when one of them is its department's."""
    if principal.role is not Role.HANDLER:
        return True
    return principal.department in {v["department"] for v in views}


@router.get(
    "/departments/{department}/timers", response_model=DepartmentTimers, responses=TIMER_ERRORS
)
async def department_timers(
    department: str,
    principal: TimerReader,
    runtime: RuntimeDep,
    state: Annotated[TimerListState, Query()] = "upcoming",
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> dict[str, Any]:
    """upcoming: running, not yet due; overdue: running past its due time; parked: running,
    with a limit or alarm waiting for a calendar year not loaded yet. Ordered by due time,
    soonest first; running lists overdue, then upcoming, then timers without a due time."""
    ensure_department(principal, [department], f"timers of {department}")
    now = utcnow()
    async with runtime.db.session() as session:
        rows = await views.department_timers(session, department, state, now=now, limit=limit)
        alarms = await views.alarms_of(session, [r.id for r in rows])
        dates = await views.requested_dates_of(session, [r.case_id for r in rows])
    return {
        "department": department,
        "state": state,
        "timers": _views(runtime, rows, alarms, dates),
    }


def _views(
    runtime: Runtime, rows: list[Any], alarms: list[Any], requested: Mapping[str, date]
) -> list[dict[str, Any]]:
    by_timer: dict[int, list[Any]] = {}
    for alarm in alarms:
        by_timer.setdefault(alarm.timer_id, []).append(alarm)
    calendar, now = deadline_state(runtime).clock.calendar, utcnow()
    return [
        timer_view(r, by_timer.get(r.id, []), calendar, now, requested.get(r.case_id)) for r in rows
    ]
