"""Supervision HTTP routes: the signals supervisors review."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query

from common.runtime import Runtime, get_runtime
from supervision import repository

router = APIRouter(prefix="/api/v1", tags=["supervision"])
RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


@router.get("/signals")
async def signals(
    runtime: RuntimeDep,
    kind: Annotated[Literal["overdue", "dissatisfied", "unsolved"] | None, Query()] = None,
    department: Annotated[str | None, Query(max_length=64)] = None,
    case_id: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> list[dict[str, Any]]:
    async with runtime.db.session() as session:
        return await repository.list_signals(
            session, kind=kind, department=department, case_id=case_id, limit=limit
        )
