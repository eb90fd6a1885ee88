"""What dispatch's HTTP API accepts and answers, field by field: the bodies of a step on a
case, the views of repository/views.py and the case state after a step."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from common.text import KNOWLEDGE_ARTICLE_ID, Name, Text
from common.vocabulary import (
    ArbitrationDecision,
    ReasonCode,
    RequestKind,
    ResolutionResult,
    Role,
    SubmitterKind,
)
from dispatch.domain.lifecycle import Action, CaseState

ALLOWED_ACTIONS = Field(description="当前用户此刻可以对该案件执行的操作")


class PendingExtension(BaseModel):
    """A 延期申请 waiting for the dispatcher."""

    department: str = Field(description="申请延期的承办单位代码")
    working_days: int = Field(description="申请延长的工作日数")


class PendingExtensionWithReason(PendingExtension):
    reason: str = Field(description="延期理由")


class CaseStatus(BaseModel):
    """The case after a step: its state and what the caller may do next."""

    case_id: str = Field(description="案件编号")
    state: CaseState = Field(description="办理状态")
    lead_department: str | None = Field(description="主办单位代码；待派单时为空")
    co_handlers: list[str] = Field(description="协办单位代码")
    round: int = Field(description="办理轮次（重办后加一）")
    returns: int = Field(description="退单次数")
    extensions_granted: int = Field(description="已批准的延期次数")
    extension_days_granted: int = Field(description="已批准延期的工作日合计")
    pending_extension: PendingExtension | None = Field(description="待审批的延期申请")
    missing_opinions: list[str] = Field(description="本轮尚未提交协办意见的协办单位")
    allowed_actions: list[Action] = ALLOWED_ACTIONS


class Reclassified(CaseStatus):
    """The case after 改类, and whether the new category's rule names another lead: re-routing
    stays a decision of its own (a queued case is assigned, a returned one arbitrated)."""

    category: str = Field(description="新的分类代码")
    previous_category: str = Field(description="原分类代码")
    rule_lead: str | None = Field(description="新分类的派单规则所定的主办单位；无规则时为空")
    lead_differs: bool = Field(
        description="新分类的主办单位与当前主办单位不同（可改派）；待派单的案件为 false"
    )


class CaseSummary(BaseModel):
    """A case in a list: its routing, counters and why it waits, if it does."""

    case_id: str = Field(description="案件编号")
    title: str | None = Field(description="诉求标题（受理时登记的）；早于此字段受理的案件为空")
    category: str = Field(description="分类代码")
    kind: RequestKind = Field(description="诉求类型")
    state: CaseState = Field(description="办理状态")
    lead_department: str | None = Field(description="主办单位代码；待派单时为空")
    co_handlers: list[str] = Field(description="协办单位代码")
    round: int = Field(description="办理轮次")
    returns: int = Field(description="退单次数")
    extensions_granted: int = Field(description="已批准的延期次数")
    extension_days_granted: int = Field(description="已批准延期的工作日合计")
    pending_extension: PendingExtensionWithReason | None = Field(description="待审批的延期申请")
    queued_reason_code: ReasonCode | None = Field(description="待人工派单的原因代码")
    queued_reason: str | None = Field(description="待人工派单的原因")
    description: str | None = Field(description="诉求内容；早于记录内容的案件为空")
    submitter_kind: SubmitterKind | None = Field(description="诉求人类型（个人或企业）")
    classification_confidence: float | None = Field(
        description="系统自动分类的置信度（0 至 1）；分类由人选定时为空"
    )
    category_confirmed: bool | None = Field(description="分类是否经诉求人或窗口人员确认")
    requested_by: date | None = Field(
        default=None, description="期望办结日期（诉求人提出的）；未提出时为空"
    )
    created_at: datetime = Field(description="进入交办环节的时间")
    updated_at: datetime = Field(description="最近一次变化的时间")
    transfers: int = Field(default=0, description="转办外单位的次数；大于 0 即由外单位办理")


class CasePage(BaseModel):
    """One page of a list of cases, and how many the list holds in all."""

    items: list[CaseSummary] = Field(description="本页案件，最近变化的在前")
    total: int = Field(description="符合条件的案件总数")
    offset: int = Field(description="本页第一件在全部中的位置（从 0 起）")
    has_next: bool = Field(description="是否还有下一页")


class Bounce(BaseModel):
    """Returns (退单) from one department, and how the dispatcher ruled."""

    from_department: str = Field(description="退单单位代码")
    to_department: str | None = Field(description="改派后的主办单位代码；未仲裁或驳回时为空")
    decision: ArbitrationDecision | None = Field(description="仲裁结果；未仲裁时为空")
    count: int = Field(description="次数")


class ReturnRecord(BaseModel):
    """One 退单 of the case: who returned it, when and why, and how it was ruled."""

    seq: int = Field(description="本案第几次退单")
    from_department: str = Field(description="退单单位代码")
    reason: str = Field(description="退单理由")
    returned_by: str = Field(description="退单人（角色:用户名）")
    returned_at: datetime = Field(description="退单时间")
    decision: ArbitrationDecision | None = Field(description="仲裁结果；未仲裁时为空")
    to_department: str | None = Field(description="仲裁后的主办单位代码；驳回时为原单位")
    decided_by: str | None = Field(description="仲裁人")
    decided_at: datetime | None = Field(description="仲裁时间")


class PendingReturn(BaseModel):
    """The return a dispatcher has yet to rule on."""

    from_department: str = Field(description="退单单位代码")
    reason: str = Field(description="退单理由")
    returned_by: str = Field(description="退单人（角色:用户名）")
    returned_at: datetime = Field(description="退单时间")


class QueuedCase(CaseSummary):
    """A case waiting for a dispatcher: to be routed, a return to rule on, or an extension."""

    pending_return: PendingReturn | None = Field(description="待仲裁的退单；没有时为空")


class Opinion(BaseModel):
    round: int = Field(description="办理轮次")
    department: str = Field(description="协办单位代码")
    opinion: str = Field(description="协办意见")
    actor: str = Field(description="提交人")
    filed_at: datetime = Field(description="提交时间")


class TimelineAction(BaseModel):
    """One step on the case's record."""

    action: Action = Field(description="操作代码")
    label: str = Field(description="操作名称")
    from_state: CaseState = Field(description="操作前的状态")
    to_state: CaseState = Field(description="操作后的状态")
    actor: str = Field(description="操作人（角色:用户名）或系统")
    department: str | None = Field(description="相关单位代码")
    reason: str = Field(description="理由、说明或办理结果")
    detail: dict[str, Any] = Field(
        description="操作的细节：原因代码 reason_code、协办单位、延期天数、仲裁结果等"
    )
    at: datetime = Field(description="操作时间")


class CaseDetail(CaseSummary):
    """A case with its returns, opinions and every step taken."""

    bounces: list[Bounce] = Field(description="本案退单及仲裁情况")
    return_history: list[ReturnRecord] = Field(description="本案每次退单及其仲裁，按先后")
    opinions: list[Opinion] = Field(description="协办意见")
    actions: list[TimelineAction] = Field(description="办理过程")
    allowed_actions: list[Action] = ALLOWED_ACTIONS


class CaseTimeline(BaseModel):
    case_id: str = Field(description="案件编号")
    actions: list[TimelineAction] = Field(description="办理过程，按时间先后")


class ReturnStats(BaseModel):
    """退单 counts."""

    returns: int = Field(description="退单总次数")
    cases_returned: int = Field(description="被退单的案件数")
    pairs: list[Bounce] = Field(description="按退单单位、改派单位和仲裁结果分组的次数")


class Department(BaseModel):
    code: str = Field(description="单位代码")
    name: str = Field(description="单位名称")
    kind: str = Field(description="单位类型，如 bureau、street、community")
    parent: str | None = Field(description="上级单位代码；顶层单位为空")
    outside: bool = Field(
        default=False, description="外单位（区里转办、不指挥的单位，如供水、供电公司）"
    )


class RoutingRule(BaseModel):
    """A category's route: the next accepted case of the category goes there."""

    category: str = Field(description="分类代码")
    lead: str | None = Field(description="主办单位代码；为空时由派单员人工派单")
    co_handlers: list[str] = Field(description="协办单位代码")
    updated_at: datetime = Field(description="最近修改时间")


class StaffMember(BaseModel):
    """A staff account (never its password)."""

    username: str = Field(description="用户名")
    name: str = Field(description="姓名")
    role: Role = Field(description="角色")
    department: str | None = Field(description="所属单位代码；非承办单位人员可为空")
    active: bool = Field(description="是否可以登录")
    reviews_knowledge: bool = Field(description="知识库审核人：可发布本单位的知识库文章")
    created_at: datetime = Field(description="创建时间")
    updated_at: datetime = Field(description="最近修改时间")


# --- the bodies of a step on a case ---------------------------------------------------

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
    knowledge_article_id: str | None = Field(
        default=None,
        pattern=KNOWLEDGE_ARTICLE_ID,
        description="答复咨询所依据的知识条目（与版本同时注明）",
    )
    knowledge_article_version: int | None = Field(
        default=None, ge=1, description="该知识条目的版本"
    )


class TransferCommand(Body):
    unit: Annotated[Text, CODE] = Field(description="转办的外单位 code")
    note: Name = Field(min_length=1, max_length=2000, description="转办说明")


class AnswerTransferCommand(Body):
    result: ResolutionResult
    summary: Name = Field(min_length=1, max_length=4000, description="答复：办理结果及采取的措施")


class ReclassifyCommand(Body):
    category: Annotated[Text, CATEGORY] = Field(description="新的分类（事项）代码")
    reason: Text = Field(default="", max_length=2000, description="改类理由（可选）")
