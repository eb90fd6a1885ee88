"""Routes of the window's routine: the duty roster by half day (set by an administrator or
supervisor, read by any staff) and the acceptance form (受理单) a clerk prints."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query

from common.auth import Principal, Staff, require
from common.clock import utcnow
from common.http_docs import errors
from common.runtime import RuntimeDep
from common.vocabulary import Role
from intake.domain.roster import Half
from intake.repository.sql import SqlStore
from intake.window import service
from intake.window.schemas import Duty, DutyInput, DutyNow

router = APIRouter(prefix="/api/v1", tags=["intake"])

RosterEditor = Annotated[Principal, Depends(require(Role.ADMIN, Role.SUPERVISOR))]


@router.get("/duty-roster", response_model=list[Duty], responses=errors(401, 422, 503))
async def duty_roster(
    runtime: RuntimeDep,
    viewer: Staff,
    start: Annotated[date | None, Query(alias="from")] = None,
    end: Annotated[date | None, Query(alias="to")] = None,
) -> list[dict[str, Any]]:
    """The half days rostered from `from` to `to` (dates in Asia/Shanghai, both included; at
    most 62 days; default: today and the next 13 days), in order."""
    async with runtime.db.session() as session:
        return await service.roster(SqlStore(session), start, end)


@router.get("/duty-roster/now", response_model=DutyNow, responses=errors(401, 503))
async def duty_now(runtime: RuntimeDep, viewer: Staff) -> dict[str, Any]:
    """Who is on duty at the window this half day (before noon: am, Asia/Shanghai)."""
    async with runtime.db.session() as session:
        return await service.on_duty(SqlStore(session), utcnow())


@router.put("/duty-roster/{date}/{half}", response_model=Duty, responses=errors(401, 403, 422, 503))
async def set_duty(
    day: Annotated[date, Path(alias="date")],
    half: Half,
    duty: DutyInput,
    runtime: RuntimeDep,
    editor: RosterEditor,
) -> dict[str, Any]:
    """Set who staffs the window for one half day and the leader on duty (replaces what the
    half day had). Administrators and supervisors only."""
    async with runtime.unit_of_work() as uow:
        return await service.set_duty(uow, day, half, duty, editor=editor)
