"""Deadline HTTP routes: a case's timers, a department's open and overdue timers."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query

from common.clock import utcnow
from common.errors import NotFound
from common.runtime import Runtime, get_runtime
from deadline import repository
from deadline.service import Clockwork, timer_view

router = APIRouter(prefix="/api/v1", tags=["deadlines"])
RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


def _clock(runtime: Runtime) -> Clockwork:
    clock: Clockwork = runtime.state["clock"]
    return clock


@router.get("/cases/{case_id}/timers")
async def case_timers(case_id: str, runtime: RuntimeDep) -> dict[str, Any]:
    async with runtime.db.session() as session:
        rows = await repository.case_timers(session, case_id)
    if not rows:
        raise NotFound("no_timers", f"no timers for case {case_id}")
    now = utcnow()
    return {
        "case_id": case_id,
        "timers": [timer_view(r, _clock(runtime).calendar, now) for r in rows],
    }


@router.get("/departments/{department}/timers")
async def department_timers(
    department: str,
    runtime: RuntimeDep,
    state: Annotated[Literal["running", "overdue"], Query()] = "running",
) -> dict[str, Any]:
    async with runtime.db.session() as session:
        rows = await repository.department_timers(session, department, state)
    now = utcnow()
    return {
        "department": department,
        "state": state,
        "timers": [
            {"case_id": r.case_id, **timer_view(r, _clock(runtime).calendar, now)} for r in rows
        ],
    }
