"""Callback's request and response bodies, field by field: what agents and submitters send,
the task rows repository/views.py reads and the task states the use cases return."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from callback.domain.task import TaskState
from common.text import Text
from common.vocabulary import CallbackAttemptOutcome, Satisfaction


class Rating(BaseModel):
    model_config = ConfigDict(extra="forbid")
    satisfaction: Satisfaction = Field(description="满意 / 基本满意 / 不满意")
    solved: bool = Field(description="was the matter actually solved (asked separately)")
    comment: Text = Field(default="", max_length=2000)


class AgentRating(Rating):
    """An agent's record of a reached callback."""

    answer_wrong: bool = Field(
        default=False,
        description="答复有误：群众反映的答复与事实不符，答复所依据的知识条目退回其单位复核"
        "（仅当答复注明了知识条目时）",
    )


class RatingQuestions(BaseModel):
    satisfaction: list[Satisfaction]
    solved: list[bool]


class RatingPage(BaseModel):
    """What the submitter sees before rating: which case and round, and how it was resolved."""

    case_id: str
    round: int
    result: str = Field(description="solved | partly_solved | explained")
    resolved_at: datetime
    expires_at: datetime
    questions: RatingQuestions


class RatingRecorded(BaseModel):
    case_id: str
    round: int
    state: str


class Attempt(BaseModel):
    model_config = ConfigDict(extra="forbid")
    outcome: CallbackAttemptOutcome = Field(
        description="no_answer | wrong_number | refused | no_contact (the case has no phone); "
        "reached: record the result instead"
    )
    note: Text = Field(default="", max_length=2000)


class TaskProgress(BaseModel):
    """A task after an attempt or a result."""

    case_id: str = Field(description="受理编号")
    round: int = Field(description="办理轮次")
    state: TaskState = Field(description="open 待回访 / completed 已回访 / unreachable 无法回访")
    failed_attempts: int = Field(description="未接通的次数")


class CallbackTaskView(BaseModel):
    """A callback task (回访): one per handling round of a resolved case."""

    case_id: str = Field(description="受理编号")
    round: int = Field(description="办理轮次")
    title: str | None = Field(description="诉求标题；尚未收到登记时为空")
    department: str | None = Field(description="主办单位编码；即办件为空")
    source: Literal["resolution", "on_the_spot", "transfer"] = Field(
        description="办结、窗口即办，或外单位转办答复"
    )
    category: str | None = Field(description="分类编码（即办件）")
    result: str = Field(description="办理结果：solved / partly_solved / explained，或即办的结果")
    summary: str | None = Field(description="办理情况：承办单位报告的办结情况，或即办的答复")
    resolved_at: datetime = Field(description="办结时间")
    due_at: datetime | None = Field(description="回访时限")
    state: TaskState = Field(description="open 待回访 / completed 已回访 / unreachable 无法回访")
    failed_attempts: int = Field(description="未接通的次数")
    satisfaction: Satisfaction | None = Field(description="满意度")
    solved: bool | None = Field(description="是否解决")
    comment: str | None = Field(description="评价")
    agent: str | None = Field(description="回访员，或 submitter:rating-link（群众自评）")
    completed_at: datetime | None = Field(description="回访完成时间")
    knowledge_article_id: str | None = Field(
        default=None, description="答复所依据的知识条目；未注明时为空"
    )
    knowledge_article_version: int | None = Field(default=None, description="该知识条目的版本")
    answer_wrong: bool | None = Field(default=None, description="回访是否发现答复有误")


class AttemptView(BaseModel):
    outcome: CallbackAttemptOutcome = Field(description="回访结果")
    note: str = Field(description="备注")
    agent: str = Field(description="回访员")
    at: datetime = Field(description="时间")


class CallbackTaskDetail(CallbackTaskView):
    attempts: list[AttemptView] = Field(description="各次回访，按时间先后")


class IssuedRatingLink(BaseModel):
    """Shown once, for the agent to send to the submitter."""

    case_id: str = Field(description="受理编号")
    round: int = Field(description="办理轮次")
    url: str = Field(description="评价链接，发给群众")
    token: str = Field(description="链接令牌")
    expires_at: datetime = Field(description="失效时间")
