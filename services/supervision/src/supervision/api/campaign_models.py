"""What the evaluation campaigns' routes accept and answer, field by field."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from common.text import Name
from supervision.domain.campaigns import SCALE, Kind

Code = Annotated[Name, Field(min_length=1, max_length=64)]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Indicator(Body):
    code: Code = Field(description="指标代码")
    text: Name = Field(min_length=1, max_length=200, description="负面清单指标，如 推诿扯皮")
    weight: float = Field(gt=0, le=1, description="指标权重（各指标之和为 1）")


class Questionnaire(Body):
    indicators: list[Indicator] = Field(
        min_length=1, max_length=30, description="负面清单指标（门难进脸难看、吃拿卡要……）"
    )
    satisfaction_labels: list[Annotated[Name, Field(min_length=1, max_length=20)]] = Field(
        min_length=SCALE, max_length=SCALE, description="满意度五级标签，很不满意……很满意"
    )


class Weights(Body):
    negative_list: float = Field(ge=0, le=1, description="负面清单得分的权重")
    satisfaction: float = Field(ge=0, le=1, description="满意度得分的权重（两者之和为 1）")


class CampaignCommand(Body):
    title: Name = Field(min_length=1, max_length=200, description="评议活动名称")
    kind: Kind = Field(
        description="residents_rate_services 群众评服务、enterprises_rate_government 企业评政府、"
        "grassroots_rate_agencies 基层评机关"
    )
    targets: list[Code] = Field(min_length=1, max_length=200, description="被评议单位代码")
    opens_on: date = Field(description="开始日期（Asia/Shanghai）")
    closes_on: date = Field(description="截止日期（含当日）")
    questionnaire: Questionnaire
    weights: Weights
    min_responses: int = Field(ge=1, le=100_000, description="参与排名所需的最少评价数")
    threshold: float = Field(ge=0, le=100, description="约谈线：综合得分低于它的单位被约谈")


class InvitationCommand(Body):
    count: int = Field(ge=1, le=1000, description="生成邀请码的数量")


class RatingCommand(Body):
    department: Code = Field(description="被评议单位代码")
    indicators: list[Code] = Field(
        default_factory=list, max_length=30, description="勾选的负面清单指标代码"
    )
    satisfaction: int = Field(
        ge=0, le=SCALE - 1, description="满意度：标签序号 0（很不满意）至 4（很满意）"
    )
    comment: Name | None = Field(default=None, max_length=2000, description="意见建议")


class ProblemCommand(Body):
    text: Name = Field(min_length=1, max_length=2000, description="反映的问题")
    department: Code = Field(description="问题所涉单位代码")


class ResponseCommand(Body):
    ratings: list[RatingCommand] = Field(min_length=1, max_length=200)
    problems: list[ProblemCommand] = Field(default_factory=list, max_length=50)


class PublicResponseCommand(ResponseCommand):
    invitation_code: Annotated[str, Field(min_length=4, max_length=32)] | None = Field(
        default=None, description="群众评服务：邀请码"
    )
    credit_code: Annotated[str, Field(max_length=32)] | None = Field(
        default=None, description="企业评政府：统一社会信用代码（18 位）"
    )
    enterprise_name: Name | None = Field(default=None, max_length=200, description="企业名称")


class CommitmentCommand(Body):
    text: Name = Field(min_length=1, max_length=4000, description="公开承诺")


class IndicatorView(BaseModel):
    code: str
    text: str
    weight: float


class QuestionnaireView(BaseModel):
    indicators: list[IndicatorView]
    satisfaction_labels: list[str]


class WeightsView(BaseModel):
    negative_list: float
    satisfaction: float


class Target(BaseModel):
    code: str = Field(description="单位代码")
    name: str = Field(description="单位名称")


class Campaign(BaseModel):
    """评议活动."""

    campaign_id: str
    title: str
    kind: Kind
    targets: list[str] = Field(description="被评议单位代码")
    opens_on: date
    closes_on: date
    questionnaire: QuestionnaireView
    weights: WeightsView
    min_responses: int
    threshold: float
    status: str = Field(description="draft 草稿、open 进行中、closed 已结束")
    ledger_id: int | None = Field(default=None, description="反映问题所在的台账编号")
    created_by: str
    created_at: datetime | None
    opened_at: datetime | None
    closed_at: datetime | None


class PublicCampaign(BaseModel):
    """What a rater sees before answering."""

    campaign_id: str
    title: str
    kind: Kind
    targets: list[Target]
    opens_on: date
    closes_on: date
    questionnaire: QuestionnaireView
    status: str
    accepting: bool = Field(description="今天（Asia/Shanghai）是否接受评议")


class Invitation(BaseModel):
    code: str = Field(description="邀请码（只显示这一次）")
    link: str = Field(description="评议链接（打印或短信发送）")


class ResponseReceipt(BaseModel):
    response_id: str
    campaign_id: str
    rater_kind: str = Field(description="resident 群众、enterprise 企业、office 街道（乡镇）")
    departments: list[str]
    problems: int
    submitted_at: datetime


class DepartmentResult(BaseModel):
    department: str = Field(description="单位代码")
    department_name: str = Field(description="单位名称")
    responses: int = Field(description="评价数")
    negative_list: float | None = Field(description="负面清单得分（0-100）")
    satisfaction: float | None = Field(description="满意度得分（0-100）")
    overall: float | None = Field(description="综合得分（加权）")
    indicator_counts: dict[str, int] = Field(description="各负面清单指标被勾选次数")
    comments: list[str]
    ranked: bool
    rank: int | None = Field(description="名次；样本不足时为空")
    note: str | None = Field(description="未排名原因：样本不足")
    summoned: bool = Field(description="低于约谈线（结束时约谈）")


class Results(BaseModel):
    campaign: Campaign
    responses: int = Field(description="答卷数")
    departments: list[DepartmentResult]


class Commitment(BaseModel):
    """公开承诺 of a department summoned for a talk (约谈)."""

    commitment_id: str
    campaign_id: str
    campaign_title: str
    department: str
    record_id: str = Field(description="约谈记录（问责记录）编号")
    overall: float | None = Field(description="该单位的综合得分")
    text: str | None = Field(description="承诺内容；未填写时为空")
    written_by: str | None = None
    written_at: datetime | None
    created_at: datetime | None


class PublicCommitment(BaseModel):
    commitment_id: str
    campaign_id: str
    campaign_title: str
    department: str
    overall: float | None
    text: str
    written_at: datetime


class Evaluation(BaseModel):
    """A department's scores in the latest closed campaign of one kind."""

    campaign_id: str
    title: str
    kind: Kind
    closed_at: datetime
    responses: int
    negative_list: float | None
    satisfaction: float | None
    overall: float | None
    ranked: bool
    rank: int | None
    note: str | None = Field(description="样本不足时说明")
    summoned: bool
