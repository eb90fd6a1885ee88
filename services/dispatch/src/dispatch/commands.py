"""What dispatch's HTTP API accepts for a step on a case, field by field (api.py's bodies)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from common.text import Name, Text
from common.vocabulary import ArbitrationDecision, ResolutionResult

CODE = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")
REASON = Field(min_length=1, max_length=2000)
CATEGORY = Field(min_length=1, max_length=64)


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AssignCommand(Body):
    lead: Annotated[Text, CODE] = Field(description="主办单位 code")
    co_handlers: list[Annotated[Text, CODE]] = Field(default_factory=list, max_length=20)
    reason: Text = Field(default="", max_length=2000)
    category: Annotated[Text, CATEGORY] | None = Field(
        default=None,
        description="分类（事项）代码：派单员确认或改定的分类；省略则保持原分类",
    )


class ArbitrateCommand(Body):
    decision: ArbitrationDecision
    reason: Name = REASON
    lead: Annotated[Text, CODE] | None = Field(default=None, description="new lead (reroute)")
    co_handlers: list[Annotated[Text, CODE]] = Field(default_factory=list, max_length=20)


class ReasonCommand(Body):
    reason: Name = REASON


class ResumeCommand(Body):
    reason: Text = Field(default="", max_length=2000)


class ContactCommand(Body):
    note: Name = Field(min_length=1, max_length=2000, description="how and what was agreed")


class ExtensionCommand(Body):
    working_days: int = Field(gt=0, le=365)
    reason: Name = REASON


class OpinionCommand(Body):
    opinion: Name = Field(min_length=1, max_length=4000, description="协办意见")


class ResolveCommand(Body):
    result: ResolutionResult
    summary: Name = Field(min_length=1, max_length=4000, description="办理结果")


class TransferCommand(Body):
    unit: Annotated[Text, CODE] = Field(description="转办的外单位 code")
    note: Name = Field(min_length=1, max_length=2000, description="转办说明")


class AnswerTransferCommand(Body):
    result: ResolutionResult
    summary: Name = Field(min_length=1, max_length=4000, description="答复：办理结果及采取的措施")


class ReclassifyCommand(Body):
    category: Annotated[Text, CATEGORY] = Field(description="新的分类（事项）代码")
    reason: Text = Field(default="", max_length=2000, description="改类理由（可选）")
