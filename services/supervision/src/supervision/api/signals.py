"""Signals (督查信号): overdue limits, bad callbacks and referrals, newest first."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Query

from common.bounds import INT8_MAX
from common.runtime import RuntimeDep
from supervision.api.access import LIST, Reader
from supervision.api.access import router as new_router
from supervision.api.schemas import Signal
from supervision.repository import views

router = new_router()


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
        return await views.list_signals(
            session, kind=kind, department=department, case_id=case_id, limit=limit, offset=offset
        )
