"""Deadline HTTP routes: a case's timers, a department's upcoming and overdue timers, the
district's time-limit table (versioned) and the year schedules.

Every route needs a staff token. A handler sees only its own department's timers (others
404); dispatchers, supervisors and administrators see all. Only administrators change the
policy table or load a year."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, ConfigDict, Field

from common.auth import Principal, Staff, ensure_department, require
from common.bounds import INT4_MAX
from common.clock import utcnow
from common.errors import NotFound, Unprocessable
from common.http_docs import errors
from common.runtime import Runtime, get_runtime
from common.text import Name, Text
from common.vocabulary import RequestKind, Role, TimerStage
from deadline import repository, service
from deadline.domain.calendar import UnknownCalendarYear
from deadline.domain.policy import InvalidPolicy, Policy, Rule, policy_from_document
from deadline.domain.schedule import InvalidSchedule, YearSchedule
from deadline.requested import requested_dates_of
from deadline.schemas import (
    CalendarLoaded,
    CalendarYears,
    CaseTimers,
    DepartmentTimers,
    Policies,
    TimerListState,
    TimersOfCases,
)
from deadline.schemas import CalendarYear as CalendarYearView
from deadline.schemas import Policy as PolicyView
from deadline.service import Clockwork
from deadline.views import timer_view

router = APIRouter(prefix="/api/v1", tags=["deadlines"])
RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
Admin = Annotated[Principal, Depends(require(Role.ADMIN))]
TimerReader = Annotated[
    Principal, Depends(require(Role.HANDLER, Role.DISPATCHER, Role.SUPERVISOR, Role.ADMIN))
]
#: A handler asking for another department's timers gets a 404, as for unknown ones.
TIMER_ERRORS = errors(401, 403, 404, 422, 503)
ADMIN_ERRORS = errors(401, 403, 422, 503)
#: The years a schedule may be loaded for.
FIRST_YEAR, LAST_YEAR = 2000, 2200


def _clock(runtime: Runtime) -> Clockwork:
    clock: Clockwork = runtime.state["clock"]
    return clock


# --- timers -------------------------------------------------------------------------------


@router.get("/cases/{case_id}/timers", response_model=CaseTimers, responses=TIMER_ERRORS)
async def case_timers(case_id: str, principal: TimerReader, runtime: RuntimeDep) -> dict[str, Any]:
    """Every timer of the case with its working time left, pause state, policy version and
    alarms (fired, pending, held while paused, or parked until a calendar year is loaded)."""
    async with runtime.db.session() as session:
        rows = await repository.case_timers(session, case_id)
        alarms = await repository.alarms_of(session, [r.id for r in rows])
        asked = await requested_dates_of(session, [case_id])
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
        rows = await repository.timers_of_cases(session, asked)
        alarms = await repository.alarms_of(session, [r.id for r in rows])
        dates = await requested_dates_of(session, asked)
    views = _views(runtime, rows, alarms, dates)
    by_case: dict[str, list[dict[str, Any]]] = {}
    for view in views:
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
        rows = await repository.department_timers(session, department, state, now=now, limit=limit)
        alarms = await repository.alarms_of(session, [r.id for r in rows])
        dates = await requested_dates_of(session, [r.case_id for r in rows])
    views = _views(runtime, rows, alarms, dates)
    return {"department": department, "state": state, "timers": views}


def _views(
    runtime: Runtime, rows: list[Any], alarms: list[Any], requested: Mapping[str, date]
) -> list[dict[str, Any]]:
    by_timer: dict[int, list[Any]] = {}
    for alarm in alarms:
        by_timer.setdefault(alarm.timer_id, []).append(alarm)
    calendar, now = _clock(runtime).calendar, utcnow()
    return [
        timer_view(r, by_timer.get(r.id, []), calendar, now, requested.get(r.case_id)) for r in rows
    ]


# --- the policy table ---------------------------------------------------------------------


class RuleBody(BaseModel):
    """One line of the table: exactly one of working_hours, working_days."""

    model_config = ConfigDict(extra="forbid")
    stage: TimerStage
    kind: RequestKind | None = None
    category: Text | None = Field(default=None, min_length=1, max_length=64)
    working_hours: int | None = Field(default=None, ge=1, le=24 * 60)
    working_days: int | None = Field(default=None, ge=1, le=366)


class PolicyBody(BaseModel):
    """The whole table; becomes the next version."""

    model_config = ConfigDict(extra="forbid")
    warning_fractions: list[float] = Field(default=[0.5, 0.75], max_length=10)
    escalation: dict[Text, Annotated[int, Field(ge=0, le=366)]] | None = Field(
        default=None, description="escalation step -> days after the limit"
    )
    rules: list[RuleBody] = Field(min_length=1, max_length=2000)


def _policy_view(policy: Policy, row: Any | None = None) -> dict[str, Any]:
    view = {"version": policy.version, **policy.document()}
    if row is not None:
        view |= {"source": row.source, "created_by": row.created_by, "created_at": row.created_at}
    return view


# A policy read back omits what it was not given (a rule's kind or category, a new
# version's origin), as the table itself does.
@router.get(
    "/policies",
    response_model=Policies,
    response_model_exclude_unset=True,
    responses=errors(401, 503),
)
async def policies(_: Staff, runtime: RuntimeDep) -> dict[str, Any]:
    """The version in force and the list of every version."""
    async with runtime.db.session() as session:
        current = await service.current_policy(session, _clock(runtime))
        history = await repository.policy_history(session)
    return {
        "current": _policy_view(current, history[0]),
        "versions": [
            {
                "version": h.version,
                "source": h.source,
                "created_by": h.created_by,
                "created_at": h.created_at,
            }
            for h in history
        ],
    }


@router.get(
    "/policies/{version}",
    response_model=PolicyView,
    response_model_exclude_unset=True,
    responses=errors(401, 404, 422, 503),
)
async def policy_version(
    version: Annotated[int, Path(ge=1, le=INT4_MAX)], _: Staff, runtime: RuntimeDep
) -> dict[str, Any]:
    async with runtime.db.session() as session:
        row = await repository.policy_version(session, version)
        if row is None:
            raise NotFound("policy_version_unknown", f"时限规则表没有第{version}版")
        policy = await service.policy_of(session, _clock(runtime), version)
    return _policy_view(policy, row)


@router.put(
    "/policies",
    response_model=PolicyView,
    response_model_exclude_unset=True,
    responses=ADMIN_ERRORS,
)
async def replace_policy(body: PolicyBody, admin: Admin, runtime: RuntimeDep) -> dict[str, Any]:
    """Replace the whole table: a new version. Running timers keep the version they have."""
    document = body.model_dump(mode="json", exclude_none=True)
    document["rules"] = [r.model_dump(mode="json", exclude_none=True) for r in body.rules]

    def replace(_: Policy, version: int) -> Policy:
        return policy_from_document(document, version=version, source="api")

    return await _publish(runtime, replace, admin)


@router.put(
    "/policies/rules",
    response_model=PolicyView,
    response_model_exclude_unset=True,
    responses=ADMIN_ERRORS,
)
async def set_rule(body: RuleBody, admin: Admin, runtime: RuntimeDep) -> dict[str, Any]:
    """Add one rule, or replace the rule for the same stage, kind and category: a new
    version."""
    raw = body.model_dump(mode="json", exclude_none=True)

    def add(latest: Policy, version: int) -> Policy:
        return latest.with_rule(Rule.from_dict(raw), version)

    return await _publish(runtime, add, admin)


async def _publish(runtime: Runtime, change: Any, admin: Principal) -> dict[str, Any]:
    try:
        async with runtime.unit_of_work() as uow:
            new = await service.publish_policy(uow.session, _clock(runtime), change, by=admin.actor)
    except InvalidPolicy as invalid:
        raise Unprocessable("invalid_policy", str(invalid)) from invalid
    return _policy_view(new)


# --- year schedules -----------------------------------------------------------------------


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
    async with runtime.unit_of_work() as uow:
        moved = await service.load_year(
            uow,
            _clock(runtime),
            schedule,
            actor=admin.actor,
            bundled=runtime.state["bundled_calendar"],
        )
        runtime.state["calendar_loaded_at"] = await repository.last_calendar_change(uow.session)
    return {"year": year, "origin": "loaded", "timers_recomputed": moved}


@router.get("/calendar", response_model=CalendarYears, responses=errors(401, 503))
async def known_years(_: Staff, runtime: RuntimeDep) -> dict[str, Any]:
    """Every year with a known schedule, loaded or bundled: the console warns while next
    year is missing, because limits reaching into it cannot be computed."""
    async with runtime.db.session() as session:
        loaded = {row.year: row for row in await repository.loaded_years(session)}
    bundled = [y for y in range(FIRST_YEAR, LAST_YEAR + 1) if _bundled_knows(runtime, y)]
    years = [
        {"year": y, "origin": "loaded", "source": row.source, "loaded_at": row.loaded_at}
        for y, row in loaded.items()
    ] + [
        {"year": y, "origin": "bundled", "source": "chinese-calendar package"}
        for y in bundled
        if y not in loaded
    ]
    return {"years": sorted(years, key=lambda known: known["year"])}


def _bundled_knows(runtime: Runtime, year: int) -> bool:
    try:
        runtime.state["bundled_calendar"](date(year, 1, 1))
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
