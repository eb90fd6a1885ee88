"""Supervision HTTP routes: signals, urging, orders, joint meetings, accountability,
buck-passing, appeals and the published problem list (with its CSV / XLSX export). The
figures are in figures_api.py."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Response
from pydantic import BaseModel, Field

from common.auth import Principal, require
from common.bounds import INT8_MAX
from common.errors import Unprocessable
from common.http_docs import errors
from common.runtime import Runtime, get_runtime
from common.vocabulary import Role
from supervision import exports, repository, service
from supervision.commands import (
    AccountabilityCommand,
    AnswerCommand,
    AppealCommand,
    AppealDecision,
    MeetingCommand,
    OrderCommand,
    ProblemChange,
    ProblemItem,
    UrgeCommand,
)
from supervision.domain import buck_passing as buck_passing_rules
from supervision.files import Format, file_route, send_file
from supervision.models import (
    accountability_records,
    appeals,
    buck_passing,
    joint_meetings,
    supervision_orders,
    urges,
)
from supervision.schemas import (
    Accountability,
    Appeal,
    BuckPassing,
    Meeting,
    Order,
    ProblemListItem,
    ProblemStatus,
    Signal,
    Urge,
)

router = APIRouter(prefix="/api/v1", tags=["supervision"])
RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
Supervisor = Annotated[Principal, Depends(require(Role.SUPERVISOR, Role.ADMIN))]
#: Reads signals, records and figures; a leader (领导) reads them too and acts on none.
Reader = Annotated[
    Principal, Depends(require(Role.SUPERVISOR, Role.ADMIN, Role.DISPATCHER, Role.LEADER))
]
DepartmentStaff = Annotated[Principal, Depends(require(Role.HANDLER))]
OrderReader = Annotated[
    Principal, Depends(require(Role.HANDLER, Role.SUPERVISOR, Role.ADMIN, Role.DISPATCHER))
]

LIST = errors(401, 403, 422, 503)
#: A record about a case: 404 when supervision has not seen the case.
ABOUT_CASE = errors(401, 403, 404, 422, 503)
#: A step on a record: 404 when there is no such record, 409 when it was taken already.
ON_RECORD = errors(401, 403, 404, 409, 422, 503)


def _own_department(principal: Principal, department: str | None) -> str | None:
    """A department's staff see their own department's records only."""
    return principal.department if principal.role is Role.HANDLER else department


# --- signals --------------------------------------------------------------------------------


@router.get("/signals", response_model=list[Signal], responses=LIST)
async def signals(
    runtime: RuntimeDep,
    _: Reader,
    kind: Annotated[
        Literal["overdue", "dissatisfied", "unsolved", "referred"] | None, Query()
    ] = None,
    department: Annotated[str | None, Query(max_length=64)] = None,
    case_id: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    offset: Annotated[int, Query(ge=0, le=INT8_MAX)] = 0,
) -> list[dict[str, Any]]:
    """Newest first, a page at a time (`offset` rows skipped)."""
    async with runtime.db.session() as session:
        return await repository.list_signals(
            session, kind=kind, department=department, case_id=case_id, limit=limit, offset=offset
        )


# --- urging and supervision orders ----------------------------------------------------------


@router.post("/cases/{case_id}/urges", status_code=201, response_model=Urge, responses=ABOUT_CASE)
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


@router.get("/urges", response_model=list[Urge], responses=LIST)
async def list_urges(
    runtime: RuntimeDep,
    principal: OrderReader,
    case_id: Annotated[str | None, Query(max_length=64)] = None,
    department: Annotated[str | None, Query(max_length=64)] = None,
) -> list[dict[str, Any]]:
    """A department's staff read the urges addressed to their own department."""
    async with runtime.db.session() as session:
        return await repository.rows_of(
            session,
            urges,
            order_by="urged_at",
            case_id=case_id,
            department=_own_department(principal, department),
        )


@router.post("/orders", status_code=201, response_model=Order, responses=ABOUT_CASE)
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


@router.get("/orders", response_model=list[Order], responses=LIST)
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


@router.post("/orders/{order_id}/answer", response_model=Order, responses=ON_RECORD)
async def answer_order(
    order_id: str, command: AnswerCommand, runtime: RuntimeDep, principal: DepartmentStaff
) -> dict[str, Any]:
    async with runtime.unit_of_work() as uow:
        return await service.answer_order(
            uow, order_id=order_id, response=command.response, principal=principal
        )


# --- joint meetings and accountability ------------------------------------------------------


@router.post("/meetings", status_code=201, response_model=Meeting, responses=ABOUT_CASE)
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


@router.get("/meetings", response_model=list[Meeting], responses=LIST)
async def list_meetings(
    runtime: RuntimeDep,
    principal: Reader,
    case_id: Annotated[str | None, Query(max_length=64)] = None,
) -> list[dict[str, Any]]:
    async with runtime.db.session() as session:
        return await repository.rows_of(
            session, joint_meetings, order_by="held_at", case_id=case_id
        )


@router.post("/accountability", status_code=201, response_model=Accountability, responses=LIST)
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


@router.get("/accountability", response_model=list[Accountability], responses=LIST)
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


@router.get("/buck-passing", response_model=list[BuckPassing], responses=LIST)
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


@router.post("/appeals", status_code=201, response_model=Appeal, responses=ON_RECORD)
async def file_appeal(
    command: AppealCommand, runtime: RuntimeDep, principal: DepartmentStaff
) -> dict[str, Any]:
    async with runtime.unit_of_work() as uow:
        return await service.file_appeal(
            uow, case_id=command.case_id, reason=command.reason, principal=principal
        )


@router.get("/appeals", response_model=list[Appeal], responses=LIST)
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


@router.post("/appeals/{appeal_id}/decision", response_model=Appeal, responses=ON_RECORD)
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


# --- the published problem list -------------------------------------------------------------


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


@router.get(
    "/public/problem-list", response_model=list[PublishedProblem], responses=errors(422, 503)
)
async def public_problem_list(
    runtime: RuntimeDep, status: Annotated[ProblemStatus | None, Query()] = None
) -> list[dict[str, Any]]:
    async with runtime.db.session() as session:
        return [_public(item) for item in await repository.problem_list(session, status)]


@router.get("/public/problem-list.{fmt}", **file_route(exports.PROBLEM_LIST, staff=False))
async def export_problem_list(fmt: Format, runtime: RuntimeDep) -> Response:
    async with runtime.db.session() as session:
        items = await repository.problem_list(session)
    return send_file(runtime, exports.PROBLEM_LIST, items, fmt, "problem-list")


@router.post("/problem-list", status_code=201, response_model=ProblemListItem, responses=LIST)
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


@router.patch(
    "/problem-list/{item_id}",
    response_model=ProblemListItem,
    responses=errors(401, 403, 404, 422, 503),
)
async def change_problem(
    item_id: Annotated[int, Path(ge=1, le=INT8_MAX)],
    command: ProblemChange,
    runtime: RuntimeDep,
    principal: Supervisor,
) -> dict[str, Any]:
    changes = {k: v for k, v in command.model_dump(exclude_unset=True).items() if v is not None}
    if not changes:
        raise Unprocessable("nothing_to_change", "请求没有要修改的内容")
    async with runtime.unit_of_work() as uow:
        return await service.update_problem(uow, item_id=item_id, changes=changes)
