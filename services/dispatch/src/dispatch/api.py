"""Dispatch HTTP routes: the department's side of handling a case."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from common.errors import NotFound
from common.runtime import Runtime, get_runtime
from common.vocabulary import ResolutionResult
from dispatch import repository, service

router = APIRouter(prefix="/api/v1", tags=["handling"])
RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


class Command(BaseModel):
    model_config = ConfigDict(extra="forbid")
    department: str = Field(min_length=1, max_length=64, description="承办单位 code")
    actor: str = Field(min_length=1, max_length=64, description="who acts (staff id)")


class SignCommand(Command):
    pass


class ResolveCommand(Command):
    result: ResolutionResult
    summary: str = Field(min_length=1, max_length=4000, description="办理结果")


def _state(case: Any) -> dict[str, Any]:
    return {
        "case_id": case.case_id,
        "state": case.state.value,
        "lead_department": case.lead_department,
        "round": case.round,
    }


@router.post("/cases/{case_id}/sign")
async def sign_case(case_id: str, command: SignCommand, runtime: RuntimeDep) -> dict[str, Any]:
    async with runtime.unit_of_work() as uow:
        case = await service.sign(
            uow, case_id=case_id, department=command.department, actor=command.actor
        )
    return _state(case)


@router.post("/cases/{case_id}/resolve")
async def resolve_case(
    case_id: str, command: ResolveCommand, runtime: RuntimeDep
) -> dict[str, Any]:
    async with runtime.unit_of_work() as uow:
        case = await service.resolve(
            uow,
            case_id=case_id,
            department=command.department,
            result=command.result,
            summary=command.summary,
            actor=command.actor,
        )
    return _state(case)


@router.get("/cases/{case_id}")
async def get_case(case_id: str, runtime: RuntimeDep) -> dict[str, Any]:
    async with runtime.db.session() as session:
        view = await repository.case_view(session, case_id)
    if view is None:
        raise NotFound("case_not_found", f"no case {case_id} in dispatch")
    return view


@router.get("/departments")
async def departments(runtime: RuntimeDep) -> list[dict[str, Any]]:
    async with runtime.db.session() as session:
        return await repository.list_departments(session)
