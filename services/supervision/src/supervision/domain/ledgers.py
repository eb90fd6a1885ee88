"""Campaign ledgers (专项整治台账): what an entry may become, and a ledger's figures read the
way Gaoyou reports them (41 collected: 31 立行立改, 2 列入专项研究, 8 重点督办).

Counted in Asia/Shanghai calendar days: an entry is overdue once the day after its time limit
has begun there and it is still not rectified; a rectified entry is on time when it was
rectified on or before its time limit's day (one without a time limit is on time)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from common.clock import local_date

Source = Literal["case", "opinion"]
Progress = Literal["open", "in_progress", "rectified"]
RECTIFIED = "rectified"


@dataclass(frozen=True)
class Disposition:
    code: str
    name: str


@dataclass(frozen=True)
class EntryState:
    """What the figures read of an entry."""

    disposition: str | None
    time_limit: date | None
    progress: str
    rectified_at: datetime | None

    @classmethod
    def of(cls, row: Mapping[str, Any]) -> EntryState:
        return cls(row["disposition"], row["time_limit"], row["progress"], row["rectified_at"])


def is_overdue(entry: EntryState, today: date) -> bool:
    """Not rectified and past its time limit (today is the Asia/Shanghai date)."""
    return entry.progress != RECTIFIED and entry.time_limit is not None and today > entry.time_limit


def rectified_on_time(entry: EntryState) -> bool:
    if entry.progress != RECTIFIED or entry.rectified_at is None:
        return False
    return entry.time_limit is None or local_date(entry.rectified_at) <= entry.time_limit


def figures(
    entries: Iterable[EntryState], dispositions: Sequence[Disposition], today: date
) -> dict[str, Any]:
    """collected, the count of each disposition (every known one, then any code the district
    no longer lists, under its code), undecided, rectified, rectified on time, overdue and
    open (not yet rectified)."""
    entries = list(entries)
    counts: dict[str, int] = {d.code: 0 for d in dispositions}
    for entry in entries:
        if entry.disposition is not None:
            counts[entry.disposition] = counts.get(entry.disposition, 0) + 1
    names = {d.code: d.name for d in dispositions}
    rectified = sum(entry.progress == RECTIFIED for entry in entries)
    return {
        "collected": len(entries),
        "by_disposition": [
            {"code": code, "name": names.get(code, code), "count": count}
            for code, count in counts.items()
        ],
        "undecided": sum(entry.disposition is None for entry in entries),
        "rectified": rectified,
        "rectified_on_time": sum(rectified_on_time(entry) for entry in entries),
        "overdue": sum(is_overdue(entry, today) for entry in entries),
        "open": len(entries) - rectified,
    }


def disposition_problem(code: str, dispositions: Sequence[Disposition]) -> str | None:
    """The zh-CN reason an entry may not take this disposition, if any."""
    if any(d.code == code for d in dispositions):
        return None
    known = "、".join(f"{d.code}（{d.name}）" for d in dispositions)
    return f"处置方式（disposition）{code} 不在本区的处置方式中：{known}"


def time_limit_problem(time_limit: date | None, collected_on: date) -> str | None:
    if time_limit is not None and time_limit < collected_on:
        return f"整改时限（time_limit）{time_limit} 早于收集日期（collected_on）{collected_on}"
    return None
