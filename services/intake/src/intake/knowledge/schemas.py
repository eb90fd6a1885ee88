"""The knowledge base's request and response bodies."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from common.text import Text
from intake.knowledge.rules import ArticleContent, ArticleStatus, Basis, Decision, VersionStatus

QUESTION_MAX = 500
ANSWER_MAX = 20_000


class BasisEntry(BaseModel):
    title: Text = Field(default="", max_length=300, description="政策文件名称")
    number: Text = Field(default="", max_length=200, description="文号，如 国务院令第724号")
    url: Text | None = Field(default=None, max_length=2000, description="原文或附件链接")


class ArticleContentBody(BaseModel):
    """What a version says. Required fields are checked by the knowledge rules, which name
    every missing one at once."""

    question: Text = Field(default="", max_length=QUESTION_MAX, description="问题")
    phrasings: list[Text] = Field(default_factory=list, max_length=20, description="问题的其他问法")
    answer: Text = Field(default="", max_length=ANSWER_MAX, description="答复内容")
    basis: list[BasisEntry] = Field(default_factory=list, max_length=20, description="政策依据")
    categories: list[str] = Field(
        default_factory=list, max_length=30, description="适用的分类（事项或类别编码）"
    )
    valid_from: date | None = Field(default=None, description="生效日期")
    valid_until: date | None = Field(default=None, description="失效日期；空表示长期有效")

    def content(self) -> ArticleContent:
        return ArticleContent(
            question=self.question,
            phrasings=tuple(p for p in self.phrasings if p.strip()),
            answer=self.answer,
            basis=tuple(Basis(b.title.strip(), b.number.strip(), b.url) for b in self.basis),
            categories=tuple(self.categories),
            valid_from=self.valid_from,
            valid_until=self.valid_until,
        )


class ArticleDraft(ArticleContentBody):
    department: str = Field(default="", max_length=64, description="责任单位（部门编码）")
    gap_id: str | None = Field(
        default=None, max_length=64, description="据以起草的知识缺口；首次发布时该缺口关闭"
    )


class ReviewBody(BaseModel):
    decision: Decision = Field(description="publish 发布；reject 退回修改")
    note: Text | None = Field(default=None, max_length=1000, description="审核意见")


class ConfirmBody(BaseModel):
    note: Text | None = Field(default=None, max_length=1000, description="复核意见")


class WithdrawBody(BaseModel):
    reason: Text = Field(min_length=2, max_length=1000, description="撤回理由")


class BasisView(BaseModel):
    title: str
    number: str
    url: str | None


class ArticleVersion(BaseModel):
    article_id: str
    version: int
    status: VersionStatus
    question: str
    phrasings: list[str]
    answer: str
    basis: list[BasisView]
    categories: list[str]
    valid_from: date
    valid_until: date | None
    author: str
    created_at: datetime
    submitted_at: datetime | None
    reviewer: str | None
    published_at: datetime | None
    review_note: str | None


class VersionLine(BaseModel):
    version: int
    status: VersionStatus
    author: str
    created_at: datetime
    submitted_at: datetime | None
    reviewer: str | None
    published_at: datetime | None


class FlagView(BaseModel):
    flag_id: int
    case_id: str
    version: int
    reason: str
    flagged_at: datetime
    resolved_at: datetime | None


class ArticleDetail(BaseModel):
    article_id: str
    department: str
    department_name: str
    status: ArticleStatus
    latest: ArticleVersion
    published: ArticleVersion | None = Field(description="正在服务的已发布版本")
    versions: list[VersionLine]
    flags: list[FlagView] = Field(description="回访发现答复有误的标记")
    review_due: date | None = Field(description="应复核日期")
    review_overdue: bool
    gap_id: str | None


class ArticleSummary(BaseModel):
    article_id: str
    latest_version: int
    status: ArticleStatus
    question: str
    department: str
    department_name: str
    categories: list[str]
    valid_from: date
    valid_until: date | None
    published_version: int | None
    review_due: date | None
    review_overdue: bool
    open_flags: int
    updated_at: datetime


class ArticlePage(BaseModel):
    items: list[ArticleSummary]
    total: int


class PublicHit(BaseModel):
    article_id: str
    version: int
    question: str
    answer: str
    department_name: str
    basis: list[BasisView]


class StaffHit(PublicHit):
    department: str
    categories: list[str]
    score: float


class KnowledgeSearch(BaseModel):
    query: str
    took_ms: float = Field(description="检索耗时（毫秒）")
    hits: list[StaffHit]


class PublicKnowledgeSearch(BaseModel):
    query: str
    hits: list[PublicHit]


class UnitReviewStatus(BaseModel):
    department: str
    department_name: str
    published: int
    drafts: int
    pending_review: int
    review_overdue: int
    open_flags: int
    open_gaps: int
