"""What supervision's HTTP API answers, field by field: its records as stored, the figures
of scorecards, rankings, hotspots and recurrences, and the files their exports send."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from common.vocabulary import AccountabilityMeasure, SignalKind
from supervision.api.campaign_models import Evaluation
from supervision.domain.ranking import RankBy

EVIDENCE = Field(description="作为证据的事件编号")
SOURCE_EVENT = Field(default=None, description="自动生成时，引起它的超期升级事件编号")
ProblemStatus = Literal["open", "in_progress", "done"]
AppealStatus = Literal["pending", "upheld", "rejected"]


class Signal(BaseModel):
    """督查信号: an overdue limit, a dissatisfied or unsolved callback, a referral."""

    id: int = Field(description="信号编号")
    case_id: str = Field(description="案件编号")
    kind: SignalKind = Field(description="信号类型")
    department: str = Field(description="责任单位代码")
    detail: str = Field(description="说明")
    evidence_event_id: uuid.UUID = Field(description="证据事件编号")
    evidence_type: str = Field(description="证据事件类型")
    observed_at: datetime = Field(description="发生时间")
    recorded_at: datetime = Field(description="记录时间")


class Urge(BaseModel):
    """催办, by a supervisor or by the escalation ladder."""

    urge_id: str = Field(description="催办编号")
    case_id: str = Field(description="案件编号")
    department: str | None = Field(description="被催办单位代码")
    source: Literal["manual", "escalation"] = Field(
        description="manual 人工催办、escalation 超期自动催办"
    )
    reason: str = Field(description="催办事由")
    evidence_event_ids: list[str] = EVIDENCE
    source_event_id: uuid.UUID | None = SOURCE_EVENT
    actor: str = Field(description="催办人")
    urged_at: datetime = Field(description="催办时间")


class Order(BaseModel):
    """督办: a demand with a deadline for the written answer."""

    order_id: str = Field(description="督办单编号")
    case_id: str = Field(description="案件编号")
    department: str = Field(description="被督办单位代码")
    demand: str = Field(description="督办要求")
    respond_by: datetime = Field(description="书面答复时限")
    evidence_event_ids: list[str] = EVIDENCE
    source_event_id: uuid.UUID | None = SOURCE_EVENT
    actor: str = Field(description="督办人")
    issued_at: datetime = Field(description="督办时间")
    response: str | None = Field(default=None, description="书面答复；未答复时为空")
    answered_by: str | None = Field(default=None, description="答复人")
    answered_at: datetime | None = Field(default=None, description="答复时间")


class Attendee(BaseModel):
    name: str = Field(description="参会人")
    department: str | None = Field(description="所属单位代码")


class MeetingDecision(BaseModel):
    decision: str = Field(description="议定事项")
    owner: str = Field(description="责任单位代码")
    due: date = Field(description="完成时限")


class Meeting(BaseModel):
    """联席会议."""

    meeting_id: str = Field(description="会议编号")
    case_id: str = Field(description="案件编号")
    departments: list[str] = Field(description="参会单位代码")
    attendees: list[Attendee] = Field(description="参会人员")
    decisions: list[MeetingDecision] = Field(description="议定事项")
    actor: str = Field(description="记录人")
    held_at: datetime = Field(description="会议时间")


class Accountability(BaseModel):
    """问责: a measure against a department, citing its evidence."""

    record_id: str = Field(description="问责记录编号")
    case_id: str = Field(description="案件编号")
    department: str = Field(description="被问责单位代码")
    measure: AccountabilityMeasure = Field(description="问责方式")
    reason: str = Field(description="问责理由")
    evidence_event_ids: list[str] = EVIDENCE
    source_event_id: uuid.UUID | None = SOURCE_EVENT
    actor: str = Field(description="记录人")
    recorded_at: datetime = Field(description="记录时间")


class BuckPassing(BaseModel):
    """推诿扯皮, found in a case's returns."""

    case_id: str = Field(description="案件编号")
    rule: str = Field(description="触发的规则：too_many_returns，或 bounced:<单位>|<单位>")
    departments: list[str] = Field(description="涉及单位代码")
    returns_in_case: int = Field(description="案件的退单次数")
    evidence_event_ids: list[str] = EVIDENCE
    detected_at: datetime = Field(description="发现时间")
    description: str = Field(description="说明")


class Appeal(BaseModel):
    """申诉: a department asks that a case be left out of its figures."""

    appeal_id: str = Field(description="申诉编号")
    case_id: str = Field(description="案件编号")
    department: str = Field(description="申诉单位代码")
    reason: str = Field(description="申诉理由")
    filed_by: str = Field(description="申诉人")
    filed_at: datetime = Field(description="申诉时间")
    status: AppealStatus = Field(description="pending 待裁决、upheld 申诉成立、rejected 驳回")
    decision_reason: str | None = Field(default=None, description="裁决理由")
    decided_by: str | None = Field(default=None, description="裁决人")
    decided_at: datetime | None = Field(default=None, description="裁决时间")


class Counts(BaseModel):
    """The counts behind the rates."""

    response_due: int = Field(description="应签收件数（已签收或签收时限已过）")
    signed_in_time: int = Field(description="按时签收件数")
    resolved_rounds: int = Field(description="办结的办理轮次")
    on_time_rounds: int = Field(description="按时办结的办理轮次")
    callbacks: int = Field(description="完成的回访")
    satisfied_callbacks: int = Field(description="满意或基本满意的回访")
    solved_callbacks: int = Field(description="回答已解决的回访")
    rated_cases: int = Field(description="有完成回访的案件（按件满意率的分母）")
    satisfied_cases: int = Field(description="最后一次回访满意或基本满意的案件")
    consultations_accepted: int = Field(
        default=0, description="受理交办的咨询件（当场解答率的分母之一）"
    )
    consultations_screened: int = Field(
        default=0, description="甄别的咨询件：窗口解答 + 受理交办的咨询件（当场解答率的分母）"
    )


class Figures(BaseModel):
    """A scorecard's figures; a rate is empty when nothing was there to count."""

    accepted: int = Field(description="受理量")
    resolved: int = Field(description="办结量")
    response_rate: float | None = Field(description="响应率")
    on_time_rate: float | None = Field(description="按时办结率")
    solved_rate: float | None = Field(description="解决率")
    satisfaction_rate: float | None = Field(description="满意率（按轮次）：满意回访 / 完成回访")
    case_satisfaction_rate: float | None = Field(
        description="满意率（按件）：最后一次回访满意的案件 / 有回访的案件"
    )
    callback_rate: float | None = Field(description="回访率")
    overdue: int = Field(description="超期件")
    returns: int = Field(description="退单次数")
    explained: int = Field(description="解释答疑（甄别时当场解释答疑的件数）")
    on_the_spot: int = Field(description="即办（甄别时窗口当场办结的件数）")
    in_progress: int = Field(description="办理中（已受理、未办结归档）")
    closed: int = Field(description="已办结（已受理并办结归档）")
    rejected: int = Field(default=0, description="派单驳回量：受理后被派单员驳回（不予受理）的案件")
    window_answers: int = Field(
        default=0, description="窗口解答量：甄别时解释答疑的咨询件，计入知识所属单位"
    )
    window_answers_from_article: int = Field(
        default=0, description="知识库命中量：窗口解答中引用知识库文章作答的件数"
    )
    knowledge_hit_rate: float | None = Field(
        default=None, description="知识库命中率：知识库命中量 / 窗口解答量"
    )
    consultations_resolved_with_article: int = Field(
        default=0, description="咨询件办结（引用知识）：单位引用知识库文章办结的咨询件"
    )
    consultations_resolved_without_article: int = Field(
        default=0, description="咨询件办结（未引用知识）：单位未引用知识库文章办结的咨询件"
    )
    gaps_opened: int = Field(default=0, description="新增知识缺口：本期产生的知识缺口")
    gaps_closed: int = Field(default=0, description="关闭知识缺口：本期关闭的知识缺口")
    gaps_open: int = Field(default=0, description="期末知识缺口：期末仍未关闭的知识缺口")
    answers_wrong: int = Field(default=0, description="答复有误：回访发现答复有误的次数")
    window_answer_rate: float | None = Field(
        default=None, description="当场解答率：窗口解答量 / 甄别的咨询件（窗口解答 + 受理交办）"
    )
    counts: Counts = Field(description="各项比率的分子分母")


class ScorecardRow(Figures):
    period: str = Field(description="统计期间（Asia/Shanghai），如 2024-04-12、2024-W15、2024-04")
    department: str | None = Field(description="承办单位代码；按类别统计时为空")
    category: str | None = Field(description="问题类别代码；按单位或按领域统计时为空")
    domain: str | None = Field(
        default=None, description="领域代码（按领域统计时；不属于任何领域的事项为空字符串）"
    )
    domain_name: str | None = Field(default=None, description="领域名称（区县配置中的名称）")
    evaluations: list[Evaluation] = Field(
        default_factory=list,
        description="按单位统计时：该单位在每类评议活动中最近一次已结束评议的得分",
    )


class TransferScorecardRow(Figures):
    """转办 figures of one outside unit: handed-over cases, acknowledgements in time
    (response_rate), answers in time (on_time_rate), callbacks; never ranked."""

    period: str = Field(description="统计期间（Asia/Shanghai），如 2024-04-12、2024-W15、2024-04")
    unit: str = Field(description="外单位代码")


class Ranked(Figures):
    rank: int = Field(description="排名（并列时名次相同）")
    department: str = Field(description="承办单位代码")


class NotRanked(Figures):
    department: str = Field(description="承办单位代码")
    reason: Literal["below_minimum_sample", "no_data"] = Field(
        description="未排名原因：below_minimum_sample 样本量不足、no_data 暂无数据"
    )


class Ranking(BaseModel):
    period: str = Field(description="统计期间")
    ranked_by: RankBy = Field(description="排名依据的比率")
    minimum_sample: int = Field(description="参与排名的最少受理量")
    ranked: list[Ranked] = Field(description="参与排名的单位，好的在前")
    not_ranked: list[NotRanked] = Field(description="未参与排名的单位")


class Hotspot(BaseModel):
    period: str = Field(description="统计期间")
    category: str = Field(description="问题类别代码")
    area: str = Field(description="区域")
    cases: int = Field(description="件数")


class Recurrence(BaseModel):
    """重复发生: the same matter at the same place again after an earlier case closed."""

    case_id: str = Field(description="案件编号")
    earlier_case_id: str = Field(description="前案编号")
    category: str = Field(description="问题类别代码")
    area: str | None = Field(description="区域")
    address: str | None = Field(description="地点")
    days_after_closure: int = Field(description="距前案办结的天数")


class ProblemListItem(BaseModel):
    """An item of the problem list (问题清单), as supervisors keep it."""

    item_id: int = Field(description="序号")
    title: str = Field(description="问题")
    responsible_unit: str = Field(description="责任单位代码")
    time_limit: date = Field(description="完成时限")
    linked_cases: list[str] = Field(description="关联案件编号")
    status: ProblemStatus = Field(description="open 待整改、in_progress 整改中、done 已销号")
    outcome: str | None = Field(description="整改结果")
    created_by: str = Field(description="录入人")
    created_at: datetime = Field(description="录入时间")
    updated_at: datetime = Field(description="最近修改时间")


class BatchProgress(BaseModel):
    """An imported batch's progress (座谈会, 大走访): every case of the batch, whenever accepted."""

    batch_id: str = Field(description="批次编号")
    batch_title: str = Field(description="批次名称")
    registered: int = Field(description="登记件数（含合并的重复件）")
    accepted: int = Field(description="受理件数")
    in_progress: int = Field(description="办理中")
    closed: int = Field(description="已办结")
    explained: int = Field(description="解释答疑")
    on_the_spot: int = Field(description="即办")
    callbacks: int = Field(description="完成的回访")
    satisfied_callbacks: int = Field(description="满意或基本满意的回访")
    rated_cases: int = Field(description="有完成回访的案件")
    satisfied_cases: int = Field(description="最后一次回访满意的案件")
    satisfaction_rate: float | None = Field(description="满意率（按轮次）")
    case_satisfaction_rate: float | None = Field(description="满意率（按件）")


class KnownBatch(BaseModel):
    batch_id: str = Field(description="批次编号")
    batch_title: str = Field(description="批次名称")
    cases: int = Field(description="件数")
    published: bool = Field(description="是否已在问题清单中公开")


class PublishBatch(BaseModel):
    batch_id: str = Field(min_length=1, max_length=200, description="要公开进度的批次编号")
