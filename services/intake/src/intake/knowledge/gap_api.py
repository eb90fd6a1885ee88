"""Intake HTTP routes of knowledge gaps (知识缺口): the list each role sees, and a unit's
dismissal of a gap it needs no article for."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, ConfigDict, Field

from common.auth import Principal, require
from common.bounds import OFFSET_MAX
from common.http_docs import errors
from common.runtime import RuntimeDep
from common.text import Name
from common.vocabulary import Role
from intake.api.deps import policy_of
from intake.knowledge import gaps
from intake.knowledge.gap_rules import GapOutcome, GapSource, GapState
from intake.repository.sql import SqlStore

router = APIRouter(prefix="/api/v1", tags=["knowledge"])
Reader = Annotated[
    Principal,
    Depends(require(Role.HANDLER, Role.CLERK, Role.SUPERVISOR, Role.LEADER, Role.ADMIN)),
]
Owner = Annotated[Principal, Depends(require(Role.HANDLER, Role.ADMIN))]
GapId = Annotated[str, Path(pattern=r"^GAP-[0-9A-Za-z-]{1,40}$", description="知识缺口编号")]


class Gap(BaseModel):
    gap_id: str = Field(description="知识缺口编号")
    case_id: str = Field(description="留下缺口的诉求")
    department: str = Field(description="负责补充知识的单位")
    department_name: str
    category: str
    category_name: str
    question: str = Field(description="群众问的问题")
    answer: str = Field(description="当时给出的答复：据此起草知识条目")
    source: GapSource = Field(description="window：窗口解释答疑；department：部门答复后归档")
    source_label: str
    state: GapState
    state_label: str
    opened_at: datetime
    closed_at: datetime | None
    outcome: GapOutcome | None = Field(description="article_published 或 dismissed")
    article_id: str | None = Field(description="据此起草并发布的知识条目")
    reason: str | None = Field(description="忽略的理由")


class GapPage(BaseModel):
    items: list[Gap]
    total: int


class GapDismissal(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    reason: Name = Field(min_length=2, max_length=1000, description="为何不需要知识条目")


@router.get("/knowledge/gaps", response_model=GapPage, responses=errors(401, 403, 422, 503))
async def list_gaps(
    runtime: RuntimeDep,
    viewer: Reader,
    department: Annotated[str | None, Query(max_length=64)] = None,
    state: GapState | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=OFFSET_MAX)] = 0,
) -> dict[str, Any]:
    """Knowledge gaps newest first; a handler sees its own unit's only."""
    async with runtime.db.session() as session:
        return await gaps.list_gaps(
            SqlStore(session),
            viewer=viewer,
            department=department,
            state=state,
            limit=limit,
            offset=offset,
            names=policy_of(runtime).department_names,
        )


@router.post(
    "/knowledge/gaps/{gap_id}/dismiss",
    response_model=Gap,
    responses=errors(401, 403, 404, 409, 422, 503),
)
async def dismiss_gap(
    gap_id: GapId, dismissal: GapDismissal, runtime: RuntimeDep, principal: Owner
) -> dict[str, Any]:
    """The gap's unit (or an admin) closes it: no article is needed, for the reason given."""
    async with runtime.unit_of_work() as uow:
        return await gaps.dismiss(
            uow,
            gap_id,
            reason=dismissal.reason,
            principal=principal,
            names=policy_of(runtime).department_names,
        )
