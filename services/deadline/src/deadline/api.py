"""Deadline HTTP routes: a case's timers, a department's open and overdue timers."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, ConfigDict, Field

from common.clock import utcnow
from common.errors import NotFound, Unprocessable
from common.runtime import Runtime, get_runtime
from deadline import repository, service
from deadline.domain.calendar import UnknownCalendarYear
from deadline.domain.schedule import InvalidSchedule, YearSchedule
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


class CalendarYear(BaseModel):
    """One year's official schedule: days off and make-up working days (调休)."""

    model_config = ConfigDict(extra="forbid")
    source: str = Field(min_length=1, max_length=300, description="e.g. the State Council notice")
    holidays: dict[date, str] = Field(default_factory=dict, description="放假: date -> name")
    make_up_workdays: dict[date, str] = Field(
        default_factory=dict, description="调休上班 (weekend days): date -> name"
    )
    actor: str = Field(min_length=1, max_length=64, description="the administrator")


@router.put("/calendar/{year}")
async def load_calendar_year(
    year: Annotated[int, Path(ge=2000, le=2200)], body: CalendarYear, runtime: RuntimeDep
) -> dict[str, Any]:
    """Load (or replace) a year's schedule; open timers it affects get new due times."""
    try:
        schedule = YearSchedule(year, body.source, body.holidays, body.make_up_workdays)
    except InvalidSchedule as invalid:
        raise Unprocessable("invalid_calendar", str(invalid)) from invalid
    async with runtime.unit_of_work() as uow:
        moved = await service.load_year(
            uow,
            _clock(runtime),
            schedule,
            actor=body.actor,
            bundled=runtime.state["bundled_calendar"],
        )
        runtime.state["calendar_loaded_at"] = await repository.last_calendar_change(uow.session)
    return {"year": year, "origin": "loaded", "timers_recomputed": moved}


@router.get("/calendar/{year}")
async def calendar_year(
    year: Annotated[int, Path(ge=2000, le=2200)], runtime: RuntimeDep
) -> dict[str, Any]:
    async with runtime.db.session() as session:
        loaded = (await repository.loaded_schedules(session)).get(year)
    if loaded is not None:
        return {
            "year": year,
            "origin": "loaded",
            "source": loaded.source,
            "holidays": sorted(loaded.holidays),
            "make_up_workdays": sorted(loaded.make_up_workdays),
        }
    calendar = _clock(runtime).calendar
    days = [date(year, 1, 1) + timedelta(days=n) for n in range(366)]
    days = [d for d in days if d.year == year]
    try:
        workday = {d: calendar.is_workday(d) for d in days}
    except UnknownCalendarYear as unknown:
        raise NotFound("calendar_year_unknown", str(unknown), year=year) from unknown
    return {
        "year": year,
        "origin": "bundled",
        "source": "chinese-calendar package",
        "holidays": [d for d in days if d.weekday() < 5 and not workday[d]],
        "make_up_workdays": [d for d in days if d.weekday() >= 5 and workday[d]],
    }
