"""The shapes of the window's routes: the duty roster and the acceptance form's request."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from common.text import Name, Text
from intake.domain.roster import Half
from intake.domain.submission import TRACKING_CODE_PATTERN


class Specialist(BaseModel):
    """A specialist (窗口专员) staffing the window; `username` when they have an account."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    username: Text | None = Field(
        default=None, min_length=1, max_length=64, description="工作人员账号（可省略）"
    )
    name: Name = Field(min_length=1, max_length=64, description="姓名")


class Leader(BaseModel):
    """The leader on duty (值班领导) for the half day."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    name: Name = Field(min_length=1, max_length=64, description="姓名")
    title: Text | None = Field(default=None, max_length=64, description="职务")
    department: Text | None = Field(default=None, max_length=128, description="所在单位")


class DutyInput(BaseModel):
    """Who is on duty for one half day."""

    model_config = ConfigDict(extra="forbid")
    specialists: list[Specialist] = Field(max_length=20, description="窗口专员")
    leader: Leader = Field(description="值班领导")


class Duty(DutyInput):
    """One half day of the roster."""

    model_config = ConfigDict(extra="ignore")
    date: dt.date = Field(description="值班日期（Asia/Shanghai）")
    half: Half = Field(description="am 上午 / pm 下午")
    updated_by: str = Field(description="最后修改人")
    updated_at: dt.datetime = Field(description="最后修改时间")


class DutyNow(BaseModel):
    """The half day now and who is on duty (empty when nobody is rostered)."""

    date: dt.date = Field(description="今天（Asia/Shanghai）")
    half: Half = Field(description="am 上午 / pm 下午")
    duty: Duty | None = Field(description="当前时段的值班安排；未排班时为空")


class ReceivedBy(BaseModel):
    username: str = Field(description="接件工作人员账号")
    name: str = Field(description="接件工作人员姓名")


class FormRequest(BaseModel):
    """The case's tracking code, which only the visitor's receipt shows: intake keeps its
    hash alone."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    tracking_code: str = Field(pattern=TRACKING_CODE_PATTERN, description="查询码")
