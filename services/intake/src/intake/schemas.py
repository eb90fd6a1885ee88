"""The shapes of intake's HTTP API: what a submission must look like, field by field."""

from __future__ import annotations

from datetime import date, datetime
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from common.clock import local_date, utcnow
from common.text import KNOWLEDGE_ARTICLE_ID, Name, Text
from common.vocabulary import Channel, RequestKind, ScreeningOutcome, SubmitterKind
from intake.domain.submission import requested_by_problem, valid_identity_number, valid_uscc

PHONE_PATTERN = r"^\+?[0-9][0-9-]{5,19}$"
CATEGORY_CODE = r"^[a-z0-9][a-z0-9-]{0,63}$"


class SubmitterDetails(BaseModel):
    """A person (name, phone, optional identity number) or an enterprise (name, credit code,
    and its contact's name and phone). The phone is optional only for Open311 requests, where
    the spec makes it so: see `Submitter` for every other route."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    kind: SubmitterKind = SubmitterKind.PERSON
    name: Name = Field(min_length=1, max_length=64, description="姓名 / 企业联系人")
    phone: Text | None = Field(default=None, pattern=PHONE_PATTERN, description="联系电话")
    identity_number: Text | None = Field(
        default=None, description="公民身份号码 (GB 11643), optional, persons only"
    )
    enterprise_name: Name | None = Field(default=None, max_length=128)
    uscc: Text | None = Field(
        default=None, description="统一社会信用代码, required for enterprises"
    )

    @field_validator("identity_number")
    @classmethod
    def _identity_checksum(cls, number: str | None) -> str | None:
        if number is None or number == "":
            return None
        number = number.upper()
        if not valid_identity_number(number):
            raise ValueError("不是有效的公民身份号码（GB 11643 校验码不符）")
        return number

    @model_validator(mode="after")
    def _enterprise_identified(self) -> Self:
        if self.kind is SubmitterKind.ENTERPRISE:
            if not self.enterprise_name:
                raise ValueError("企业须填写企业名称")
            if not self.uscc or not valid_uscc(self.uscc):
                raise ValueError("企业须填写有效的统一社会信用代码")
            if self.identity_number:
                raise ValueError("企业不填身份证号码，请填写统一社会信用代码")
        elif self.uscc or self.enterprise_name:
            raise ValueError("统一社会信用代码和企业名称只用于企业")
        return self


class Submitter(SubmitterDetails):
    """A person or an enterprise's contact, as intake's own routes take them: the phone is
    required, the line callback calls back."""

    phone: Text = Field(pattern=PHONE_PATTERN, description="联系电话")


class Location(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    address: Text | None = Field(default=None, max_length=256)
    latitude: float | None = Field(default=None, ge=-90, le=90, description="WGS84")
    longitude: float | None = Field(default=None, ge=-180, le=180, description="WGS84")
    area: Text | None = Field(
        default=None,
        pattern=CATEGORY_CODE,
        description="street or town (a department of kind street); derived from the address "
        "when it names one",
    )

    @model_validator(mode="after")
    def _somewhere(self) -> Self:
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("纬度和经度须同时填写")
        if not self.address and self.latitude is None:
            raise ValueError("请填写地址，或同时填写纬度和经度")
        return self


class Registration(BaseModel):
    """What the registration use case takes: a submission, or an Open311 request."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    channel: Channel
    kind: RequestKind
    category: Text | None = Field(
        default=None,
        min_length=1,
        max_length=64,
        description="a code from GET /api/v1/categories; without it a clerk decides",
    )
    title: Name = Field(min_length=2, max_length=100)
    description: Name = Field(min_length=5, max_length=4000)
    submitter: SubmitterDetails
    location: Location | None = None
    requested_by: date | None = Field(
        default=None,
        description="期望办结日期 (optional): the date the submitter asks to have the case done "
        "by, after today and at most a year ahead (Asia/Shanghai)",
    )

    @field_validator("requested_by")
    @classmethod
    def _requested_by_ahead(cls, requested_by: date | None) -> date | None:
        if requested_by is not None:
            problem = requested_by_problem(requested_by, local_date(utcnow()))
            if problem is not None:
                raise ValueError(problem)
        return requested_by


class Submission(Registration):
    """A submission on intake's own routes, with the submitter's phone."""

    submitter: Submitter


class ScreeningDecision(BaseModel):
    """A clerk's screening (甄别) of a case."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    outcome: ScreeningOutcome
    reason: Text | None = Field(default=None, max_length=1000, description="required to reject")
    answer: Text | None = Field(
        default=None, max_length=4000, description="required to resolve on the spot or answer"
    )
    original_case_id: Text | None = Field(
        default=None, max_length=32, description="required to merge a duplicate"
    )
    category: Text | None = Field(
        default=None, pattern=CATEGORY_CODE, description="sets or corrects the category"
    )
    knowledge_article_id: str | None = Field(
        default=None,
        pattern=KNOWLEDGE_ARTICLE_ID,
        description="the knowledge article the answer came from (即办 or 解释答疑 only)",
    )
    knowledge_article_version: int | None = Field(
        default=None, ge=1, description="its version: the one published now"
    )


class StaffSubmission(Submission):
    """A registration by a clerk at the window, on the hotline, or for a leader at the
    window, optionally screened in the same request."""

    screening: ScreeningDecision | None = None


class DuplicateDismissal(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    reason: Name = Field(min_length=2, max_length=1000)


class Receipt(BaseModel):
    case_id: str = Field(description="受理编号")
    tracking_code: str = Field(description="查询码: keep it with the case number")
    status: str
    track_url: str


class CategoryView(BaseModel):
    code: str
    name: str = Field(description="事项（分类）名称")
    description: str
    domain: str | None = Field(default=None, description="领域编码；平铺的分类目录为空")
    domain_name: str | None = Field(default=None, description="领域名称")
    group: str | None = Field(default=None, description="类别编码")
    group_name: str | None = Field(default=None, description="类别名称")
    kinds: list[str] = Field(default_factory=list, description="该事项的诉求类型")


class TimelineLine(BaseModel):
    at: datetime
    status: str
    text: str = Field(description="zh-CN line for the submitter")


class PublicCase(BaseModel):
    """What the holder of the case number and its tracking code sees."""

    case_id: str
    title: str
    category: str | None
    channel: str
    registered_at: datetime
    status: str
    status_label: str = Field(description="the status in zh-CN")
    updated_at: datetime | None
    timeline: list[TimelineLine]
    merged_into: str | None = Field(default=None, description="the case this one follows")
