"""What supervision's HTTP API accepts, field by field (api.py's request bodies)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from common.text import Name, Text
from common.vocabulary import AccountabilityMeasure
from supervision.api.schemas import ProblemStatus

Code = Annotated[Name, Field(min_length=1, max_length=64)]


EvidenceIds = Annotated[list[Annotated[Text, Field(max_length=64)]], Field(max_length=50)]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class UrgeCommand(Body):
    department: Code
    reason: Name = Field(min_length=1, max_length=2000, description="催办事由")
    evidence_event_ids: EvidenceIds = Field(default_factory=list)


class OrderCommand(Body):
    case_id: Code
    department: Code
    demand: Name = Field(min_length=1, max_length=4000, description="督办要求")
    respond_by: AwareDatetime = Field(description="书面答复时限")
    evidence_event_ids: EvidenceIds = Field(default_factory=list)


class AnswerCommand(Body):
    response: Name = Field(min_length=1, max_length=8000, description="书面答复")


class Attendee(Body):
    name: Name = Field(min_length=1, max_length=64)
    department: Code | None = None


class Decision(Body):
    decision: Name = Field(min_length=1, max_length=2000, description="议定事项")
    owner: Code = Field(description="责任单位")
    due: date = Field(description="完成时限")


class MeetingCommand(Body):
    case_id: Code
    departments: list[Code] = Field(min_length=2, max_length=50)
    attendees: list[Attendee] = Field(min_length=1, max_length=200)
    decisions: list[Decision] = Field(min_length=1, max_length=100)
    held_at: AwareDatetime


class AccountabilityCommand(Body):
    case_id: Code
    department: Code
    measure: AccountabilityMeasure
    reason: Name = Field(min_length=1, max_length=4000)
    evidence_event_ids: EvidenceIds = Field(min_length=1)


class AppealCommand(Body):
    case_id: Code
    reason: Name = Field(min_length=1, max_length=4000, description="申诉理由")


class AppealDecision(Body):
    upheld: bool
    reason: Name = Field(min_length=1, max_length=4000)


class ProblemItem(Body):
    title: Name = Field(min_length=1, max_length=500, description="问题")
    responsible_unit: Code = Field(description="责任单位")
    time_limit: date = Field(description="完成时限")
    linked_cases: list[Code] = Field(default_factory=list, max_length=500)


class ProblemChange(Body):
    title: Name | None = Field(default=None, min_length=1, max_length=500)
    responsible_unit: Code | None = None
    time_limit: date | None = None
    linked_cases: list[Code] | None = Field(default=None, max_length=500)
    status: ProblemStatus | None = None
    outcome: Name | None = Field(
        default=None, min_length=1, max_length=4000, description="整改结果"
    )
