"""What the campaign ledger routes (专项整治台账) accept and answer, field by field."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from common.text import Name
from supervision.api.commands import Body, Code
from supervision.domain.ledgers import Progress, Source

SOURCE_ZH = "case 案件、opinion 收集的意见"
PROGRESS_ZH = "open 待整改、in_progress 整改中、rectified 已整改"


class LedgerCommand(Body):
    title: Name = Field(min_length=1, max_length=200, description="台账名称")
    description: Name | None = Field(default=None, max_length=4000, description="说明")
    campaign_id: Code | None = Field(default=None, description="所属评议活动")


class EntryCommand(Body):
    source: Source = Field(description=SOURCE_ZH)
    case_id: Code | None = Field(default=None, description="案件的受理编号（来源为案件时）")
    text: Name | None = Field(default=None, max_length=4000, description="意见内容")
    raised_by: Name | None = Field(
        default=None, max_length=200, description="提出方：企业名称、街道（乡镇）等"
    )
    collected_on: date | None = Field(default=None, description="收集日期，默认今天")
    responsible_unit: Code | None = Field(default=None, description="责任单位代码")
    time_limit: date | None = Field(default=None, description="整改时限")


class EntryChange(Body):
    disposition: Code | None = Field(default=None, description="处置方式代码")
    responsible_unit: Code | None = Field(default=None, description="责任单位代码")
    time_limit: date | None = Field(default=None, description="整改时限")
    progress: Progress | None = Field(default=None, description=PROGRESS_ZH)
    outcome: Name | None = Field(
        default=None, min_length=1, max_length=4000, description="整改结果（整改完成时必填）"
    )


class DispositionCount(BaseModel):
    code: str = Field(description="处置方式代码")
    name: str = Field(description="处置方式：立行立改、列入专项研究、重点督办或本区自定")
    count: int = Field(description="条数")


class LedgerFigures(BaseModel):
    """A ledger's figures, as Gaoyou reports them (收集 41 条：立行立改 31、列入专项研究 2、重点督办 8)."""

    collected: int = Field(description="收集条数")
    by_disposition: list[DispositionCount] = Field(description="各处置方式条数")
    undecided: int = Field(description="未定处置方式")
    rectified: int = Field(description="已整改")
    rectified_on_time: int = Field(description="按时整改（在整改时限当日或之前，北京时间）")
    overdue: int = Field(description="超期未整改")
    open: int = Field(description="未整改（待整改与整改中）")


class PublicLedger(BaseModel):
    """A published ledger on the public problem list."""

    ledger_id: int = Field(description="台账编号")
    title: str = Field(description="台账名称")
    description: str | None = Field(description="说明")
    campaign_id: str | None = Field(description="所属评议活动")
    published_at: datetime | None = Field(description="公开时间")
    figures: LedgerFigures


class Ledger(PublicLedger):
    """专项整治台账, as supervisors keep it."""

    created_by: str = Field(description="建立人")
    created_at: datetime = Field(description="建立时间")
    published: bool = Field(description="是否已在问题清单中公开")
    published_by: str | None = Field(description="公开人")


class PublicLedgerEntry(BaseModel):
    """An entry as the public sees it: no one's name."""

    entry_id: int = Field(description="条目编号")
    ledger_id: int = Field(description="台账编号")
    source: Source = Field(description=SOURCE_ZH)
    case_id: str | None = Field(description="案件的受理编号")
    text: str | None = Field(description="意见内容")
    collected_on: date = Field(description="收集日期")
    disposition: str | None = Field(description="处置方式代码，未定时为空")
    responsible_unit: str | None = Field(description="责任单位代码")
    time_limit: date | None = Field(description="整改时限")
    progress: Progress = Field(description=PROGRESS_ZH)
    outcome: str | None = Field(description="整改结果")
    rectified_on: date | None = Field(description="整改完成日期（北京时间）")
    overdue: bool = Field(description="是否超期未整改")


class LedgerEntry(PublicLedgerEntry):
    """An entry of a ledger, as supervisors and the responsible unit see it."""

    raised_by: str | None = Field(description="提出方")
    created_by: str = Field(description="录入人")
    created_at: datetime = Field(description="录入时间")
    updated_by: str | None = Field(description="最后修改人")
    updated_at: datetime = Field(description="最后修改时间")


class LedgerDetail(Ledger):
    entries: list[LedgerEntry]


class PublicLedgerDetail(PublicLedger):
    entries: list[PublicLedgerEntry]
