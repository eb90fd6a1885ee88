"""What deadline's HTTP API answers, field by field: timers as timer_view.py shows them, the
time-limit table and its versions, and the year schedules."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from common.vocabulary import EscalationStep, RequestKind, TimerStage
from deadline.domain.alarms import AlarmKind

TimerListState = Literal[
    "upcoming", "overdue", "running", "parked", "paused", "stopped", "cancelled"
]


class Alarm(BaseModel):
    """A warning, the limit itself, or a step of the escalation ladder."""

    kind: AlarmKind = Field(
        description="warning 临期预警、exceeded 超期、escalation 催办/督办/问责"
    )
    name: str = Field(
        description="提醒名称：warning-<比例>、exceeded，或升级步骤 urge、supervision_order、accountability"
    )
    due_at: datetime | None = Field(description="到期时间；暂停或日历未加载时为空")
    fired_at: datetime | None = Field(description="已触发的时间")
    respond_by: datetime | None = Field(description="督办的书面答复时限")
    status: Literal["fired", "pending", "held", "parked"] = Field(
        description="fired 已触发、pending 待触发、held 暂停中、parked 等待加载日历"
    )


class Timer(BaseModel):
    """A timer with its working time left."""

    timer_id: int = Field(description="计时编号")
    case_id: str = Field(description="案件编号")
    stage: TimerStage = Field(description="时限环节")
    round: int = Field(description="办理轮次")
    attempt: int = Field(description="同一环节的第几次计时")
    kind: RequestKind = Field(description="诉求类型")
    category: str | None = Field(description="分类代码")
    department: str | None = Field(description="计时所针对的单位代码")
    policy: str = Field(description="决定时限的规则，如 resolution/kind=complaint")
    policy_version: int = Field(description="时限规则表的版本")
    limit_working_minutes: int = Field(description="时限（工作分钟）")
    extension_working_minutes: int = Field(description="延期增加的工作分钟")
    started_at: datetime = Field(description="开始计时的时间")
    due_at: datetime | None = Field(description="到期时间；暂停或日历未加载时为空")
    state: Literal["running", "overdue", "parked", "paused", "stopped", "cancelled"] = Field(
        description="running 计时中、overdue 已超期、parked 等待加载日历、paused 已暂停、"
        "stopped 已完成、cancelled 已取消"
    )
    parked_year: int | None = Field(description="尚未加载日历、计时在等待的年份")
    parked_reason: str | None = Field(description="到期时间为何暂缺")
    paused: bool = Field(description="是否暂停（挂起期间）")
    paused_at: datetime | None = Field(description="暂停的时间")
    stopped_at: datetime | None = Field(description="结束的时间")
    working_minutes_left: int | None = Field(description="剩余工作分钟；已结束或无法计算时为空")
    working_hours_left: float | None = Field(description="剩余工作小时")
    working_days_left: float | None = Field(description="剩余工作日")
    requested_by: date | None = Field(
        default=None, description="诉求人的期望办结日期；未提出时为空"
    )
    later_than_requested: bool = Field(
        default=False,
        description="政策时限晚于群众期望日期：办结时限（进行中）的到期日晚于期望办结日期",
    )
    alarms: list[Alarm] = Field(description="预警、超期和升级提醒")


class CaseTimers(BaseModel):
    case_id: str = Field(description="案件编号")
    timers: list[Timer] = Field(description="该案件的全部计时")


class TimersOfCases(BaseModel):
    """The timers of several cases at once: a page of a case list."""

    cases: list[CaseTimers] = Field(
        description="所问案件中有计时且调用者可以查看的，按所问顺序；其余不列出"
    )


class DepartmentTimers(BaseModel):
    department: str = Field(description="单位代码")
    state: TimerListState = Field(description="列出的计时状态")
    timers: list[Timer] = Field(description="按到期时间排列的计时")


class PolicyRule(BaseModel):
    """One line of the table: a stage's limit, for a request kind or category or both."""

    stage: TimerStage = Field(description="时限环节")
    kind: RequestKind | None = Field(default=None, description="诉求类型；省略时不限")
    category: str | None = Field(default=None, description="分类代码；省略时不限")
    working_hours: int | None = Field(default=None, description="时限（工作小时）")
    working_days: int | None = Field(default=None, description="时限（工作日）")


class PolicyVersion(BaseModel):
    version: int = Field(description="版本号")
    source: str = Field(description="来源：启动时载入的规则文件，或 api（管理员修改）")
    created_by: str = Field(description="创建人")
    created_at: datetime = Field(description="创建时间")


class Policy(BaseModel):
    """A version of the time-limit table; its origin is given when the version is read."""

    version: int = Field(description="版本号")
    warning_fractions: list[float] = Field(description="临期预警点：时限已用去的比例")
    escalation: dict[EscalationStep, int] = Field(description="升级步骤 -> 超期后的工作日数")
    rules: list[PolicyRule] = Field(description="时限规则")
    source: str | None = Field(default=None, description="来源")
    created_by: str | None = Field(default=None, description="创建人")
    created_at: datetime | None = Field(default=None, description="创建时间")


class Policies(BaseModel):
    current: Policy = Field(description="正在使用的版本")
    versions: list[PolicyVersion] = Field(description="全部版本，新的在前")


class CalendarLoaded(BaseModel):
    year: int = Field(description="年份")
    origin: Literal["loaded"] = Field(description="loaded：管理员加载")
    timers_recomputed: int = Field(description="重新计算到期时间的计时数")


class CalendarYear(BaseModel):
    """A year's days off and make-up working days (调休)."""

    year: int = Field(description="年份")
    origin: Literal["loaded", "bundled"] = Field(description="loaded 管理员加载、bundled 内置日历")
    source: str = Field(description="依据，如国务院办公厅的通知")
    holidays: list[date] = Field(description="放假日（内置日历只列出周一至周五的放假日）")
    make_up_workdays: list[date] = Field(description="调休上班的周末")


class KnownYear(BaseModel):
    year: int = Field(description="年份")
    origin: Literal["loaded", "bundled"] = Field(description="loaded 管理员加载、bundled 内置日历")
    source: str = Field(description="依据，如国务院办公厅的通知")
    loaded_at: datetime | None = Field(default=None, description="加载时间；内置日历为空")


class CalendarYears(BaseModel):
    """The years whose working days deadline knows: time limits reaching any other year
    wait until it is loaded."""

    years: list[KnownYear] = Field(description="已知的年份，从早到晚")
