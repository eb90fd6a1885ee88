"""The problem list (问题清单): supervisors keep it, the public reads it (also as a CSV /
XLSX file); batches.py publishes imported batches on it."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import Path, Query, Response
from pydantic import BaseModel, Field

from common.bounds import INT8_MAX
from common.http_docs import errors
from common.runtime import RuntimeDep
from supervision import exports
from supervision.api.access import LIST, ON_ITEM, Supervisor, act
from supervision.api.access import router as new_router
from supervision.api.commands import ProblemChange, ProblemItem
from supervision.api.files import Format, file_route, send_file
from supervision.api.schemas import ProblemListItem, ProblemStatus
from supervision.repository import views
from supervision.service import problems as use_cases

router = new_router()
PUBLIC = errors(422, 503)


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


@router.get("/public/problem-list", response_model=list[PublishedProblem], responses=PUBLIC)
async def public_problem_list(
    runtime: RuntimeDep, status: Annotated[ProblemStatus | None, Query()] = None
) -> list[dict[str, Any]]:
    async with runtime.db.session() as session:
        return [_public(item) for item in await views.problem_list(session, status)]


@router.get("/public/problem-list.{fmt}", **file_route(exports.PROBLEM_LIST, staff=False))
async def export_problem_list(fmt: Format, runtime: RuntimeDep) -> Response:
    async with runtime.db.session() as session:
        items = await views.problem_list(session)
    return send_file(runtime, exports.PROBLEM_LIST, items, fmt, "problem-list")


@router.post("/problem-list", status_code=201, response_model=ProblemListItem, responses=LIST)
async def add_problem(
    command: ProblemItem, runtime: RuntimeDep, principal: Supervisor
) -> dict[str, Any]:
    return await act(
        runtime,
        use_cases.add_problem,
        title=command.title,
        responsible_unit=command.responsible_unit,
        time_limit=command.time_limit,
        linked_cases=command.linked_cases,
        principal=principal,
    )


@router.patch("/problem-list/{item_id}", response_model=ProblemListItem, responses=ON_ITEM)
async def change_problem(
    item_id: Annotated[int, Path(ge=1, le=INT8_MAX)],
    command: ProblemChange,
    runtime: RuntimeDep,
    principal: Supervisor,
) -> dict[str, Any]:
    changes = {k: v for k, v in command.model_dump(exclude_unset=True).items() if v is not None}
    return await act(runtime, use_cases.update_problem, item_id=item_id, changes=changes)
