"""Callback HTTP routes: the agents' queue and the result of a call."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict, Field

from callback import repository, service
from common.runtime import Runtime, get_runtime
from common.vocabulary import Satisfaction

router = APIRouter(prefix="/api/v1", tags=["callback"])
RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


class CallbackResult(BaseModel):
    model_config = ConfigDict(extra="forbid")
    satisfaction: Satisfaction = Field(description="满意 / 基本满意 / 不满意")
    solved: bool = Field(description="was the matter actually solved")
    comment: str = Field(default="", max_length=2000)
    agent: str = Field(min_length=1, max_length=64, description="回访员")


@router.get("/callbacks")
async def callback_queue(
    runtime: RuntimeDep,
    state: Annotated[Literal["open", "completed"], Query()] = "open",
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[dict[str, Any]]:
    async with runtime.db.session() as session:
        return await repository.queue(session, state=state, limit=limit)


@router.post("/callbacks/{case_id}/result")
async def record_result(
    case_id: str, result: CallbackResult, runtime: RuntimeDep
) -> dict[str, Any]:
    async with runtime.unit_of_work() as uow:
        task = await service.record_result(
            uow,
            case_id=case_id,
            satisfaction=result.satisfaction,
            solved=result.solved,
            comment=result.comment,
            agent=result.agent,
        )
    return {"case_id": case_id, "round": task.round, "state": task.state}
