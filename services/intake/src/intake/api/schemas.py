"""What intake's staff routes answer, field by field: the views its use cases build, as the
OpenAPI document describes them and FastAPI checks them on the way out."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from common.vocabulary import Channel, RequestKind, SubmitterKind
from intake.domain.screening import DuplicateReview, ScreeningState
from intake.schemas import Receipt

# --- registration ----------------------------------------------------------------------------


class SuspectedOriginal(BaseModel):
    """An earlier case the new one may repeat."""

    original_case_id: str = Field(description="疑似重复的在先诉求受理编号")
    score: float = Field(description="相似度，0 到 1")
    reasons: list[str] = Field(
        description="为何疑似重复：same_submitter（同一提交人）、same_place（同一地点）"
    )
    distance_m: float | None = Field(description="两处位置相距多少米；无坐标时为空")


class StaffReceipt(Receipt):
    """A clerk's registration: the receipt, what it may repeat, and whether the screening
    given with it waits for the duplicate review."""

    suspected_originals: list[SuspectedOriginal] = Field(description="疑似重复的在先诉求")
    screening_deferred: str | None = Field(
        description="duplicate_review_pending：疑似重复件，随登记提交的甄别暂不执行"
    )


# --- screening and duplicates ----------------------------------------------------------------


class ScreeningRecorded(BaseModel):
    case_id: str = Field(description="受理编号")
    screening_state: ScreeningState = Field(description="甄别后的状态")
    event: str = Field(description="记录的事件，如 CaseAccepted")
    merged_into: str | None = Field(description="合并到的原诉求受理编号")


class DuplicatesDismissed(BaseModel):
    case_id: str = Field(description="受理编号")
    duplicate_review: DuplicateReview = Field(description="重复件核查结果：dismissed")


# --- staff views -----------------------------------------------------------------------------


class SubmitterView(BaseModel):
    """The submitter; phone and identity number masked except for clerks and callback
    agents."""

    kind: SubmitterKind = Field(description="群众或企业")
    name: str = Field(description="姓名 / 企业联系人")
    phone: str | None = Field(description="联系电话（可能已脱敏）")
    identity_number: str | None = Field(description="身份证号码（可能已脱敏）")
    enterprise_name: str | None = Field(description="企业名称")
    uscc: str | None = Field(description="统一社会信用代码")
    contact_details_masked: bool = Field(description="联系电话和身份证号码是否已脱敏")


class CaseSummary(BaseModel):
    case_id: str = Field(description="受理编号")
    registered_at: datetime = Field(description="登记时间")
    channel: Channel = Field(description="渠道")
    kind: RequestKind = Field(description="诉求类型")
    category: str | None = Field(description="分类编码；未分类时为空")
    title: str = Field(description="标题")
    area: str | None = Field(description="所属街道（乡镇）编码")
    screening_state: ScreeningState = Field(description="甄别状态")
    duplicate_review: DuplicateReview = Field(description="重复件核查状态")
    merged_into: str | None = Field(description="合并到的原诉求受理编号")
    submitter: SubmitterView
    requested_by: date | None = Field(description="期望办结日期；提交人未提出时为空")


class OriginalFlag(BaseModel):
    original_case_id: str = Field(description="疑似重复的在先诉求受理编号")
    score: float = Field(description="相似度，0 到 1")
    reasons: list[str] = Field(description="为何疑似重复")


class StaffCaseRow(CaseSummary):
    lead_department: str | None = Field(description="主办单位编码；尚未交办时为空")
    suspected_originals: list[OriginalFlag]


class QueuedCase(CaseSummary):
    queued_reason_code: str = Field(description="等待甄别的原因代码")
    queued_reason: str = Field(description="等待甄别的原因")
    suspected_originals: list[OriginalFlag]
    sent_back_reason: str | None = Field(
        default=None, description="派单员退回甄别的理由；未被退回时为空"
    )
    sent_back_by: str | None = Field(default=None, description="退回甄别的派单员")
    sent_back_at: datetime | None = Field(default=None, description="退回甄别的时间")


class LocationView(BaseModel):
    address: str | None = Field(description="地址")
    latitude: float | None = Field(description="纬度（WGS84）")
    longitude: float | None = Field(description="经度（WGS84）")
    area: str | None = Field(description="所属街道（乡镇）编码")


class ScreeningView(BaseModel):
    state: ScreeningState = Field(description="甄别状态")
    by: str | None = Field(description="甄别人")
    at: datetime | None = Field(description="甄别时间")
    reason: str | None = Field(description="理由")
    answer: str | None = Field(description="即办或解释答疑的答复内容")
    merged_into: str | None = Field(description="合并到的原诉求受理编号")
    merge_similarity: float | None = Field(description="与原诉求的相似度")


class FlaggedOriginal(OriginalFlag):
    distance_m: float | None = Field(description="两处位置相距多少米")
    flagged_at: datetime = Field(description="标记时间")
    original_title: str = Field(description="原诉求标题")
    original_registered_at: datetime = Field(description="原诉求登记时间")
    original_screening_state: ScreeningState = Field(description="原诉求甄别状态")


class DuplicateReviewView(BaseModel):
    review: DuplicateReview = Field(description="重复件核查状态")
    reviewed_by: str | None = Field(description="核查人")
    reviewed_at: datetime | None = Field(description="核查时间")
    reason: str | None = Field(description="核查理由")
    suspected_originals: list[FlaggedOriginal]


class HandlingView(BaseModel):
    lead_department: str = Field(description="主办单位编码")
    co_handlers: list[str] = Field(description="协办单位编码")
    round: int = Field(description="办理轮次")


class AttachmentView(BaseModel):
    attachment_id: str
    filename: str = Field(description="文件名")
    media_type: str
    size_bytes: int = Field(description="大小（字节）")
    sha256: str
    uploaded_by: str = Field(description="上传人")
    uploaded_at: datetime = Field(description="上传时间")


class StaffLine(BaseModel):
    at: datetime = Field(description="时间")
    action: str = Field(description="动作代码，如 CaseAccepted")
    label: str = Field(description="动作名称")
    actor: str = Field(description="操作人")
    detail: str = Field(description="说明")


class KnowledgeUsed(BaseModel):
    article_id: str = Field(description="答复所依据的知识条目")
    version: int = Field(description="条目版本：答复时现行的版本，此后修订不改变它")
    question: str | None = Field(description="该版本的问题")


class StaffCase(CaseSummary):
    """The full registration, as staff see it."""

    description: str = Field(description="诉求内容")
    registered_by: str | None = Field(description="登记人；群众自行提交时为空")
    location: LocationView
    screening: ScreeningView
    duplicates: DuplicateReviewView
    handling: HandlingView | None = Field(description="谁在办理；尚未交办时为空")
    attachments: list[AttachmentView]
    timeline: list[StaffLine] = Field(description="办理过程，按时间先后")
    knowledge: KnowledgeUsed | None = Field(
        description="答复所依据的知识条目（窗口即办、解释答疑或部门办结时注明）；没有时为空"
    )


# --- attachments and categories --------------------------------------------------------------


class AttachmentStored(BaseModel):
    attachment_id: str
    case_id: str
    filename: str
    media_type: str
    size_bytes: int
    sha256: str
    uploaded_at: datetime
