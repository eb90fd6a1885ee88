"""Supervision HTTP routes: signals, urging, orders, joint meetings, accountability,
buck-passing, appeals, scorecards, rankings, hotspots, recurring matters, the published
problem list, and their CSV / XLSX exports."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Response
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from common.auth import Principal, require
from common.bounds import INT8_MAX
from common.clock import utcnow
from common.errors import Unprocessable
from common.runtime import Runtime, get_runtime
from common.text import Name, Text
from common.vocabulary import AccountabilityMeasure, Role
from supervision import exports, repository, service
from supervision.config import Settings
from supervision.domain import buck_passing as buck_passing_rules
from supervision.domain.scorecard import SHANGHAI, Grouping, Period, RankBy
from supervision.models import (
    accountability_records,
    appeals,
    buck_passing,
    joint_meetings,
    supervision_orders,
    urges,
)

router = APIRouter(prefix="/api/v1", tags=["supervision"])
RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
Supervisor = Annotated[Principal, Depends(require(Role.SUPERVISOR, Role.ADMIN))]
Reader = Annotated[Principal, Depends(require(Role.SUPERVISOR, Role.ADMIN, Role.DISPATCHER))]
DepartmentStaff = Annotated[Principal, Depends(require(Role.HANDLER))]
OrderReader = Annotated[
    Principal, Depends(require(Role.HANDLER, Role.SUPERVISOR, Role.ADMIN, Role.DISPATCHER))
]
Format = Literal["csv", "xlsx"]
Code = Annotated[Name, Field(min_length=1, max_length=64)]
EvidenceIds = Annotated[list[Annotated[Text, Field(max_length=64)]], Field(max_length=50)]


def _own_department(principal: Principal, department: str | None) -> str | None:
    """A department's staff see their own department's records only."""
    return principal.department if principal.role is Role.HANDLER else department


def _this_month() -> date:
    return utcnow().astimezone(SHANGHAI).date().replace(day=1)


def _today() -> date:
    return utcnow().astimezone(SHANGHAI).date()


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- signals --------------------------------------------------------------------------------


@router.get("/signals")
async def signals(
    runtime: RuntimeDep,
    _: Reader,
    kind: Annotated[
        Literal["overdue", "dissatisfied", "unsolved", "referred"] | None, Query()
    ] = None,
    department: Annotated[str | None, Query(max_length=64)] = None,
    case_id: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> list[dict[str, Any]]:
    async with runtime.db.session() as session:
        return await repository.list_signals(
            session, kind=kind, department=department, case_id=case_id, limit=limit
        )


# --- urging and supervision orders ----------------------------------------------------------


class UrgeCommand(Body):
    department: Code
    reason: Name = Field(min_length=1, max_length=2000, description="催办事由")
    evidence_event_ids: EvidenceIds = Field(default_factory=list)


@router.post("/cases/{case_id}/urges", status_code=201)
async def urge(
    case_id: str, command: UrgeCommand, runtime: RuntimeDep, principal: Supervisor
) -> dict[str, Any]:
    async with runtime.unit_of_work() as uow:
        return await service.urge(
            uow,
            case_id=case_id,
            department=command.department,
            reason=command.reason,
            evidence=command.evidence_event_ids,
            principal=principal,
        )


@router.get("/urges")
async def list_urges(
    runtime: RuntimeDep,
    principal: Reader,
    case_id: Annotated[str | None, Query(max_length=64)] = None,
    department: Annotated[str | None, Query(max_length=64)] = None,
) -> list[dict[str, Any]]:
    async with runtime.db.session() as session:
        return await repository.rows_of(
            session, urges, order_by="urged_at", case_id=case_id, department=department
        )


class OrderCommand(Body):
    case_id: Code
    department: Code
    demand: Name = Field(min_length=1, max_length=4000, description="督办要求")
    respond_by: AwareDatetime = Field(description="书面答复时限")
    evidence_event_ids: EvidenceIds = Field(default_factory=list)


@router.post("/orders", status_code=201)
async def issue_order(
    command: OrderCommand, runtime: RuntimeDep, principal: Supervisor
) -> dict[str, Any]:
    async with runtime.unit_of_work() as uow:
        return await service.issue_order(
            uow,
            case_id=command.case_id,
            department=command.department,
            demand=command.demand,
            respond_by=command.respond_by,
            evidence=command.evidence_event_ids,
            principal=principal,
        )


@router.get("/orders")
async def list_orders(
    runtime: RuntimeDep,
    principal: OrderReader,
    case_id: Annotated[str | None, Query(max_length=64)] = None,
    department: Annotated[str | None, Query(max_length=64)] = None,
) -> list[dict[str, Any]]:
    async with runtime.db.session() as session:
        return await repository.rows_of(
            session,
            supervision_orders,
            order_by="issued_at",
            case_id=case_id,
            department=_own_department(principal, department),
        )


class AnswerCommand(Body):
    response: Name = Field(min_length=1, max_length=8000, description="书面答复")


@router.post("/orders/{order_id}/answer")
async def answer_order(
    order_id: str, command: AnswerCommand, runtime: RuntimeDep, principal: DepartmentStaff
) -> dict[str, Any]:
    async with runtime.unit_of_work() as uow:
        return await service.answer_order(
            uow, order_id=order_id, response=command.response, principal=principal
        )


# --- joint meetings and accountability ------------------------------------------------------


class Attendee(Body):
    name: Name = Field(min_length=1, max_length=64)
    department: Code | None = None


class Decision(Body):
    decision: Name = Field(min_length=1, max_length=2000, description="议定事项")
    owner: Code = Field(description="责任单位")
    due: date = Field(description="完成时限")


class MeetingCommand(Body):
    case_id: Code
    departments: list[Code] = Field(min_length=2, max_length=50)
    attendees: list[Attendee] = Field(min_length=1, max_length=200)
    decisions: list[Decision] = Field(min_length=1, max_length=100)
    held_at: AwareDatetime


@router.post("/meetings", status_code=201)
async def record_meeting(
    command: MeetingCommand, runtime: RuntimeDep, principal: Supervisor
) -> dict[str, Any]:
    async with runtime.unit_of_work() as uow:
        return await service.record_meeting(
            uow,
            case_id=command.case_id,
            departments=command.departments,
            attendees=[a.model_dump(mode="json") for a in command.attendees],
            decisions=[d.model_dump(mode="json") for d in command.decisions],
            held_at=command.held_at,
            principal=principal,
        )


@router.get("/meetings")
async def list_meetings(
    runtime: RuntimeDep,
    principal: Reader,
    case_id: Annotated[str | None, Query(max_length=64)] = None,
) -> list[dict[str, Any]]:
    async with runtime.db.session() as session:
        return await repository.rows_of(
            session, joint_meetings, order_by="held_at", case_id=case_id
        )


class AccountabilityCommand(Body):
    case_id: Code
    department: Code
    measure: AccountabilityMeasure
    reason: Name = Field(min_length=1, max_length=4000)
    evidence_event_ids: EvidenceIds = Field(min_length=1)


@router.post("/accountability", status_code=201)
async def hold_accountable(
    command: AccountabilityCommand, runtime: RuntimeDep, principal: Supervisor
) -> dict[str, Any]:
    async with runtime.unit_of_work() as uow:
        return await service.hold_accountable(
            uow,
            case_id=command.case_id,
            department=command.department,
            measure=command.measure,
            reason=command.reason,
            evidence=command.evidence_event_ids,
            principal=principal,
        )


@router.get("/accountability")
async def list_accountability(
    runtime: RuntimeDep,
    principal: Reader,
    case_id: Annotated[str | None, Query(max_length=64)] = None,
    department: Annotated[str | None, Query(max_length=64)] = None,
) -> list[dict[str, Any]]:
    async with runtime.db.session() as session:
        return await repository.rows_of(
            session,
            accountability_records,
            order_by="recorded_at",
            case_id=case_id,
            department=department,
        )


@router.get("/buck-passing")
async def list_buck_passing(
    runtime: RuntimeDep,
    principal: Reader,
    case_id: Annotated[str | None, Query(max_length=64)] = None,
) -> list[dict[str, Any]]:
    async with runtime.db.session() as session:
        rows = await repository.rows_of(
            session, buck_passing, order_by="detected_at", case_id=case_id
        )
    return [
        {**row, "description": buck_passing_rules.describe(row["rule"], row["returns_in_case"])}
        for row in rows
    ]


# --- appeals --------------------------------------------------------------------------------


class AppealCommand(Body):
    case_id: Code
    reason: Name = Field(min_length=1, max_length=4000, description="申诉理由")


@router.post("/appeals", status_code=201)
async def file_appeal(
    command: AppealCommand, runtime: RuntimeDep, principal: DepartmentStaff
) -> dict[str, Any]:
    async with runtime.unit_of_work() as uow:
        return await service.file_appeal(
            uow, case_id=command.case_id, reason=command.reason, principal=principal
        )


@router.get("/appeals")
async def list_appeals(
    runtime: RuntimeDep,
    principal: OrderReader,
    status: Annotated[Literal["pending", "upheld", "rejected"] | None, Query()] = None,
    department: Annotated[str | None, Query(max_length=64)] = None,
) -> list[dict[str, Any]]:
    async with runtime.db.session() as session:
        return await repository.rows_of(
            session,
            appeals,
            order_by="filed_at",
            status=status,
            department=_own_department(principal, department),
        )


class AppealDecision(Body):
    upheld: bool
    reason: Name = Field(min_length=1, max_length=4000)


@router.post("/appeals/{appeal_id}/decision")
async def decide_appeal(
    appeal_id: str, command: AppealDecision, runtime: RuntimeDep, principal: Supervisor
) -> dict[str, Any]:
    async with runtime.unit_of_work() as uow:
        return await service.decide_appeal(
            uow,
            appeal_id=appeal_id,
            upheld=command.upheld,
            reason=command.reason,
            principal=principal,
        )


# --- figures and their exports --------------------------------------------------------------

PeriodQuery = Annotated[Period, Query(description="day | week | month (Asia/Shanghai)")]
StartQuery = Annotated[date | None, Query(alias="from", description="first day, included")]
EndQuery = Annotated[date | None, Query(alias="to", description="last day, included")]


def _export(
    sheet: exports.Sheet, rows: Sequence[Mapping[str, Any]], fmt: Format, name: str
) -> Response:
    if fmt == "csv":
        content, media = exports.to_csv(sheet, rows), "text/csv; charset=utf-8"
    else:
        content = exports.to_xlsx(sheet, rows)
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(
        content,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'},
    )


async def _scorecards(
    runtime: Runtime, period: Period, group: Grouping, start: date | None, end: date | None
) -> list[dict[str, Any]]:
    async with runtime.db.session() as session:
        return await service.scorecards(
            session,
            period=period,
            grouping=group,
            start=start or _this_month(),
            end=end or _today(),
        )


@router.get("/scorecards")
async def scorecards(
    runtime: RuntimeDep,
    principal: Reader,
    period: PeriodQuery = Period.MONTH,
    group: Annotated[Grouping, Query()] = Grouping.DEPARTMENT,
    start: StartQuery = None,
    end: EndQuery = None,
) -> list[dict[str, Any]]:
    return await _scorecards(runtime, period, group, start, end)


@router.get("/scorecards.{fmt}")
async def export_scorecards(
    fmt: Format,
    runtime: RuntimeDep,
    principal: Reader,
    period: PeriodQuery = Period.MONTH,
    group: Annotated[Grouping, Query()] = Grouping.DEPARTMENT,
    start: StartQuery = None,
    end: EndQuery = None,
) -> Response:
    rows = await _scorecards(runtime, period, group, start, end)
    return _export(exports.SCORECARD, rows, fmt, "scorecards")


async def _ranking(
    runtime: Runtime, period: Period, day: date | None, by: RankBy | None
) -> dict[str, Any]:
    settings = runtime.settings_as(Settings)
    async with runtime.db.session() as session:
        return await service.ranking(
            session,
            period=period,
            day=day or _today(),
            by=by or settings.ranking_measure,
            minimum_sample=settings.scorecard_minimum_sample,
        )


DayQuery = Annotated[date | None, Query(alias="date", description="a day in the period")]
ByQuery = Annotated[RankBy | None, Query(description="the rate to rank by")]


@router.get("/rankings")
async def rankings(
    runtime: RuntimeDep,
    principal: Reader,
    period: PeriodQuery = Period.MONTH,
    day: DayQuery = None,
    by: ByQuery = None,
) -> dict[str, Any]:
    return await _ranking(runtime, period, day, by)


@router.get("/rankings.{fmt}")
async def export_rankings(
    fmt: Format,
    runtime: RuntimeDep,
    principal: Reader,
    period: PeriodQuery = Period.MONTH,
    day: DayQuery = None,
    by: ByQuery = None,
) -> Response:
    result = await _ranking(runtime, period, day, by)
    rows = [*result["ranked"], *result["not_ranked"]]
    return _export(exports.RANKING, rows, fmt, f"rankings-{result['period']}")


TopQuery = Annotated[int, Query(ge=1, le=100)]


async def _hotspots(
    runtime: Runtime, period: Period, start: date | None, end: date | None, top: int
) -> list[dict[str, Any]]:
    async with runtime.db.session() as session:
        return await service.hotspot_list(
            session, period=period, start=start or _this_month(), end=end or _today(), top=top
        )


@router.get("/hotspots")
async def hotspots(
    runtime: RuntimeDep,
    principal: Reader,
    period: PeriodQuery = Period.MONTH,
    start: StartQuery = None,
    end: EndQuery = None,
    top: TopQuery = 10,
) -> list[dict[str, Any]]:
    return await _hotspots(runtime, period, start, end, top)


@router.get("/hotspots.{fmt}")
async def export_hotspots(
    fmt: Format,
    runtime: RuntimeDep,
    principal: Reader,
    period: PeriodQuery = Period.MONTH,
    start: StartQuery = None,
    end: EndQuery = None,
    top: TopQuery = 10,
) -> Response:
    rows = await _hotspots(runtime, period, start, end, top)
    return _export(exports.HOTSPOTS, rows, fmt, "hotspots")


async def _recurring(
    runtime: Runtime, start: date | None, end: date | None
) -> list[dict[str, Any]]:
    async with runtime.db.session() as session:
        return await service.recurring_list(
            session,
            start=start or _this_month(),
            end=end or _today(),
            settings=runtime.settings_as(Settings),
        )


@router.get("/recurring")
async def recurring(
    runtime: RuntimeDep, principal: Reader, start: StartQuery = None, end: EndQuery = None
) -> list[dict[str, Any]]:
    return await _recurring(runtime, start, end)


@router.get("/recurring.{fmt}")
async def export_recurring(
    fmt: Format,
    runtime: RuntimeDep,
    principal: Reader,
    start: StartQuery = None,
    end: EndQuery = None,
) -> Response:
    return _export(exports.RECURRING, await _recurring(runtime, start, end), fmt, "recurring")


# --- the published problem list -------------------------------------------------------------

ProblemStatus = Literal["open", "in_progress", "done"]


class ProblemItem(Body):
    title: Name = Field(min_length=1, max_length=500, description="问题")
    responsible_unit: Code = Field(description="责任单位")
    time_limit: date = Field(description="完成时限")
    linked_cases: list[Code] = Field(default_factory=list, max_length=500)


class ProblemChange(Body):
    title: Name | None = Field(default=None, min_length=1, max_length=500)
    responsible_unit: Code | None = None
    time_limit: date | None = None
    linked_cases: list[Code] | None = Field(default=None, max_length=500)
    status: ProblemStatus | None = None
    outcome: Name | None = Field(
        default=None, min_length=1, max_length=4000, description="整改结果"
    )


class PublishedProblem(BaseModel):
    """An item of the published problem list (问题清单), as the public sees it."""

    item_id: int
    title: str
    responsible_unit: str = Field(description="the responsible department's code")
    time_limit: date
    linked_cases: list[str]
    status: ProblemStatus
    outcome: str | None
    created_at: datetime | None
    updated_at: datetime | None


def _public(item: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in item.items() if key != "created_by"}


@router.get("/public/problem-list", response_model=list[PublishedProblem])
async def public_problem_list(
    runtime: RuntimeDep, status: Annotated[ProblemStatus | None, Query()] = None
) -> list[dict[str, Any]]:
    async with runtime.db.session() as session:
        return [_public(item) for item in await repository.problem_list(session, status)]


@router.get("/public/problem-list.{fmt}")
async def export_problem_list(fmt: Format, runtime: RuntimeDep) -> Response:
    async with runtime.db.session() as session:
        items = await repository.problem_list(session)
    return _export(exports.PROBLEM_LIST, items, fmt, "problem-list")


@router.post("/problem-list", status_code=201)
async def add_problem(
    command: ProblemItem, runtime: RuntimeDep, principal: Supervisor
) -> dict[str, Any]:
    async with runtime.unit_of_work() as uow:
        return await service.add_problem(
            uow,
            title=command.title,
            responsible_unit=command.responsible_unit,
            time_limit=command.time_limit,
            linked_cases=command.linked_cases,
            principal=principal,
        )


@router.patch("/problem-list/{item_id}")
async def change_problem(
    item_id: Annotated[int, Path(ge=1, le=INT8_MAX)],
    command: ProblemChange,
    runtime: RuntimeDep,
    principal: Supervisor,
) -> dict[str, Any]:
    changes = {k: v for k, v in command.model_dump(exclude_unset=True).items() if v is not None}
    if not changes:
        raise Unprocessable("nothing_to_change", "the request changes nothing")
    async with runtime.unit_of_work() as uow:
        return await service.update_problem(uow, item_id=item_id, changes=changes)
