"""The window's duty roster (值班表) by half day: who staffs the 办不成事 window (specialists)
and the leader on duty (领导干部轮流值班). Pure rules: which half day an instant falls in, in
Asia/Shanghai, and which ranges of days may be read at once."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from common.clock import SHANGHAI

#: the afternoon begins at noon, Asia/Shanghai
NOON = 12
#: the longest range of days one read of the roster answers
MAX_RANGE_DAYS = 62


class Half(enum.StrEnum):
    AM = "am"
    PM = "pm"


HALF_ZH = {Half.AM: "上午", Half.PM: "下午"}


@dataclass(frozen=True)
class Slot:
    """A half day: a date in Asia/Shanghai and its morning or afternoon."""

    day: date
    half: Half

    @property
    def label(self) -> str:
        return f"{self.day.isoformat()} {HALF_ZH[self.half]}"


def slot_of(moment: datetime) -> Slot:
    """The half day an instant falls in, as the district's clocks read it."""
    local = moment.astimezone(SHANGHAI)
    return Slot(local.date(), Half.AM if local.hour < NOON else Half.PM)


@dataclass(frozen=True)
class RangeProblem:
    field: str
    message: str


def range_problem(start: date, end: date) -> RangeProblem | None:
    """Why a requested range of days cannot be read, or None."""
    if end < start:
        return RangeProblem("to", "结束日期（to）不能早于开始日期（from）")
    if end - start >= timedelta(days=MAX_RANGE_DAYS):
        return RangeProblem("to", f"一次最多查询 {MAX_RANGE_DAYS} 天的值班表")
    return None


def default_range(today: date) -> tuple[date, date]:
    """This week and the next: today and the thirteen days after it."""
    return today, today + timedelta(days=13)


def duplicate_specialists(names: list[tuple[str | None, str]]) -> list[int]:
    """The positions of specialists listed twice (the same username, or the same name
    without one)."""
    seen: set[str] = set()
    repeated = []
    for i, (username, name) in enumerate(names):
        key = f"u:{username}" if username else f"n:{name.strip()}"
        if key in seen:
            repeated.append(i)
        seen.add(key)
    return repeated
