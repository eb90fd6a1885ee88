"""Intake HTTP routes of the window visit rating (窗口单位百姓评): the visitor's page and rating
with the case's tracking code (under the tracking throttle), and the roll-ups per window unit
and per staff member for supervisors, leaders and admins, as JSON, CSV or XLSX."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from common import exports
from common.auth import Principal, require
from common.clock import local_date, utcnow
from common.http_docs import errors
from common.runtime import Runtime, RuntimeDep
from common.text import Text
from common.vocabulary import Role
from intake.api.deps import TrackingCode, policy_of
from intake.repository.sql import SqlStore
from intake.service import tracking
from intake.visits import service as visits

public_router = APIRouter(prefix="/api/v1/public", tags=["visits"])
router = APIRouter(prefix="/api/v1", tags=["visits"])
Overseer = Annotated[Principal, Depends(require(Role.SUPERVISOR, Role.LEADER, Role.ADMIN))]
StartQuery = Annotated[
    date | None, Query(alias="from", description="开始日期（含），默认本月一日（北京时间）")
]
EndQuery = Annotated[date | None, Query(alias="to", description="结束日期（含），默认今天")]
Score = Annotated[int, Field(ge=1, le=5)]


class Visit(BaseModel):
    """The visit the rating page shows."""

    case_id: str = Field(description="受理编号")
    window_unit: str | None = Field(description="受理窗口单位（部门编码）")
    window_unit_name: str = Field(description="受理窗口单位名称")
    staff_name: str = Field(description="受理工作人员")
    registered_at: datetime = Field(description="受理时间")
    already_rated: bool = Field(description="是否已评价：每件诉求只能评价一次")


class VisitRating(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    window: Score = Field(description="对窗口单位的评分，1（很不满意）至 5（很满意）")
    staff: Score = Field(description="对受理工作人员的评分，1 至 5")
    comment: Text = Field(default="", max_length=1000, description="意见建议（可不填）")


class RecentComment(BaseModel):
    case_id: str
    rated_at: datetime
    window_score: int
    staff_score: int
    comment: str


class UnitRatings(BaseModel):
    window_unit: str | None = Field(description="窗口单位（部门编码）")
    window_unit_name: str
    count: int = Field(description="评价数")
    window_average: float = Field(description="窗口平均分（1-5）")
    staff_average: float = Field(description="工作人员平均分（1-5）")
    satisfied_share: float = Field(description="满意率：窗口评分为 4、5 分的占比")
    recent_comments: list[RecentComment] = Field(description="最近的意见（最多 5 条）")


class StaffRatings(UnitRatings):
    username: str = Field(description="工作人员账号")
    name: str = Field(description="工作人员姓名")
    satisfied_share: float = Field(description="满意率：工作人员评分为 4、5 分的占比")


class WindowRatings(BaseModel):
    from_: date = Field(alias="from", description="开始日期（含）")
    to: date = Field(description="结束日期（含）")
    total: int = Field(description="期间评价总数")
    units: list[UnitRatings] = Field(description="按窗口单位，评价多者在前")
    staff: list[StaffRatings] = Field(description="按工作人员，评价多者在前")


WINDOW_RATINGS = exports.Sheet(
    "窗口评价",
    [
        exports.Column("level", "统计对象", labels={"unit": "窗口单位", "staff": "工作人员"}),
        exports.Column("window_unit_name", "窗口单位"),
        exports.Column("name", "工作人员"),
        exports.Column("count", "评价数"),
        exports.Column("window_average", "窗口平均分"),
        exports.Column("staff_average", "工作人员平均分"),
        exports.Column("satisfied_share", "满意率", percent=True),
        exports.Column("comments", "最近意见"),
    ],
)


@public_router.get("/visits/{case_id}", response_model=Visit, responses=errors(404, 422, 429, 503))
async def visit_page(
    case_id: str, request: Request, runtime: RuntimeDep, code: TrackingCode
) -> dict[str, Any]:
    """The visit to rate: the case's window unit and receiving staff member."""
    policy = policy_of(runtime)
    async with runtime.unit_of_work() as uow:
        checked = await tracking.check_code(uow, case_id, code, request, policy)
        if checked.case is not None:
            return await visits.visit_page(uow, checked.case, policy.department_names)
    raise checked.refusal()  # after the attempt is committed, so that it counts


@public_router.post(
    "/visits/{case_id}/rating",
    response_model=Visit,
    status_code=201,
    responses=errors(404, 409, 422, 429, 503),
)
async def rate_visit(
    case_id: str, rating: VisitRating, request: Request, runtime: RuntimeDep, code: TrackingCode
) -> dict[str, Any]:
    """Rate the window unit and the staff member, once per case."""
    policy = policy_of(runtime)
    async with runtime.unit_of_work() as uow:
        checked = await tracking.check_code(uow, case_id, code, request, policy)
        if checked.case is not None:
            return await visits.rate(
                uow,
                checked.case,
                window=rating.window,
                staff=rating.staff,
                comment=rating.comment,
                now=utcnow(),
                names=policy.department_names,
            )
    raise checked.refusal()


async def _roll_ups(runtime: Runtime, start: date | None, end: date | None) -> dict[str, Any]:
    today = local_date(utcnow())
    async with runtime.db.session() as session:
        return await visits.roll_ups(
            SqlStore(session),
            start=start or today.replace(day=1),
            end=end or today,
            names=policy_of(runtime).department_names,
        )


@router.get("/window-ratings", response_model=WindowRatings, responses=errors(401, 403, 422, 503))
async def window_ratings(
    runtime: RuntimeDep, viewer: Overseer, start: StartQuery = None, end: EndQuery = None
) -> dict[str, Any]:
    """The visitors' ratings of the period per window unit and per staff member."""
    return await _roll_ups(runtime, start, end)


@router.get(
    "/window-ratings.{fmt}",
    response_class=Response,
    responses={
        **exports.export_responses(WINDOW_RATINGS),
        **errors(401, 403, 422, 503),
    },
)
async def export_window_ratings(
    fmt: exports.Format,
    runtime: RuntimeDep,
    viewer: Overseer,
    start: StartQuery = None,
    end: EndQuery = None,
) -> Response:
    """The roll-ups as a file: the units' rows, then the staff members'."""
    figures = await _roll_ups(runtime, start, end)
    rows = [
        {**row, "level": level, "comments": [c["comment"] for c in row["recent_comments"]]}
        for level, key in (("unit", "units"), ("staff", "staff"))
        for row in figures[key]
    ]
    return exports.file_response(WINDOW_RATINGS, rows, fmt, "window-ratings")
