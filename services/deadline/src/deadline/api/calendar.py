"""Calendar routes: the years known (loaded or bundled), one year's days off and make-up
working days, and an administrator loading (or replacing) a year's schedule."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Path
from pydantic import BaseModel, ConfigDict, Field

from common.auth import Staff
from common.errors import NotFound, Unprocessable
from common.http_docs import errors
from common.runtime import RuntimeDep
from common.text import Name, Text
from deadline.api.common import ADMIN_ERRORS, Admin, deadline_state
from deadline.api.schemas import CalendarLoaded, CalendarYears
from deadline.api.schemas import CalendarYear as CalendarYearView
from deadline.domain.calendar import UnknownCalendarYear
from deadline.domain.schedule import InvalidSchedule, YearSchedule
from deadline.repository import views
from deadline.service import calendars
from deadline.state import DeadlineState

router = APIRouter(prefix="/api/v1", tags=["deadlines"])
#: The years a schedule may be loaded for.
FIRST_YEAR, LAST_YEAR = 2000, 2200
HolidayName = Annotated[Text, Field(max_length=100)]


class CalendarYear(BaseModel):
    """One year's official schedule: days off and make-up working days (调休)."""

    model_config = ConfigDict(extra="forbid")
    source: Name = Field(min_length=1, max_length=300, description="e.g. the State Council notice")
    holidays: dict[date, HolidayName] = Field(
        default_factory=dict, description="放假: date -> name"
    )
    make_up_workdays: dict[date, HolidayName] = Field(
        default_factory=dict, description="调休上班 (weekend days): date -> name"
    )


@router.put("/calendar/{year}", response_model=CalendarLoaded, responses=ADMIN_ERRORS)
async def load_calendar_year(
    year: Annotated[int, Path(ge=FIRST_YEAR, le=LAST_YEAR)],
    body: CalendarYear,
    admin: Admin,
    runtime: RuntimeDep,
) -> dict[str, Any]:
    """Load (or replace) a year's schedule; open timers it affects get new due times."""
    try:
        schedule = YearSchedule(year, body.source, body.holidays, body.make_up_workdays)
    except InvalidSchedule as invalid:
        raise Unprocessable("invalid_calendar", str(invalid)) from invalid
    state = deadline_state(runtime)
    async with runtime.unit_of_work() as uow:
        moved = await calendars.load_year(
            uow, state.clock, schedule, actor=admin.actor, bundled=state.bundled_calendar
        )
        state.calendar_loaded_at = await uow.store.calendar.last_change()
    return {"year": year, "origin": "loaded", "timers_recomputed": moved}


@router.get("/calendar", response_model=CalendarYears, responses=errors(401, 503))
async def known_years(_: Staff, runtime: RuntimeDep) -> dict[str, Any]:
    """Every year with a known schedule, loaded or bundled: the console warns while next
    year is missing, because limits reaching into it cannot be computed."""
    async with runtime.db.session() as session:
        loaded = {row.year: row for row in await views.loaded_years(session)}
    state = deadline_state(runtime)
    bundled = [y for y in range(FIRST_YEAR, LAST_YEAR + 1) if _bundled_knows(state, y)]
    years = [
        {"year": y, "origin": "loaded", "source": row.source, "loaded_at": row.loaded_at}
        for y, row in loaded.items()
    ] + [
        {"year": y, "origin": "bundled", "source": "chinese-calendar package"}
        for y in bundled
        if y not in loaded
    ]
    return {"years": sorted(years, key=lambda known: known["year"])}


def _bundled_knows(state: DeadlineState, year: int) -> bool:
    try:
        state.bundled_calendar(date(year, 1, 1))
    except UnknownCalendarYear:
        return False
    return True


@router.get(
    "/calendar/{year}", response_model=CalendarYearView, responses=errors(401, 404, 422, 503)
)
async def calendar_year(
    year: Annotated[int, Path(ge=FIRST_YEAR, le=LAST_YEAR)], _: Staff, runtime: RuntimeDep
) -> dict[str, Any]:
    async with runtime.db.session() as session:
        loaded = (await views.loaded_schedules(session)).get(year)
    if loaded is not None:
        return {
            "year": year,
            "origin": "loaded",
            "source": loaded.source,
            "holidays": sorted(loaded.holidays),
            "make_up_workdays": sorted(loaded.make_up_workdays),
        }
    calendar = deadline_state(runtime).clock.calendar
    days = [date(year, 1, 1) + timedelta(days=n) for n in range(366)]
    days = [d for d in days if d.year == year]
    try:
        workday = {d: calendar.is_workday(d) for d in days}
    except UnknownCalendarYear as unknown:
        raise NotFound(
            "calendar_year_unknown",
            f"{year}年的工作日历尚未加载，内置日历也没有该年；请管理员加载{year}年的放假安排",
            year=year,
        ) from unknown
    return {
        "year": year,
        "origin": "bundled",
        "source": "chinese-calendar package",
        "holidays": [d for d in days if d.weekday() < 5 and not workday[d]],
        "make_up_workdays": [d for d in days if d.weekday() >= 5 and workday[d]],
    }
