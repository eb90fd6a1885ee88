"""Year schedules as files (deploy/calendars/<year>.yaml), loaded when deadline starts.

    year: 2027
    source: 国务院办公厅关于2027年部分节假日安排的通知
    holidays:          # 放假
      2027-01-01: 元旦
    make_up_workdays:  # 调休上班 (weekend days)
      2027-02-07: 春节调休

A year already loaded (through the API or an earlier start) is left as it is: the API is
where corrections go.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import yaml

from deadline.domain.schedule import YearSchedule


def read_schedule(path: Path) -> YearSchedule:
    document: dict[str, Any] = yaml.safe_load(path.read_text())
    return YearSchedule(
        year=int(document["year"]),
        source=str(document.get("source", path.name)),
        holidays=_days(document.get("holidays")),
        make_up_workdays=_days(document.get("make_up_workdays")),
    )


def _days(section: dict[Any, Any] | None) -> dict[date, str]:
    return {
        day if isinstance(day, date) else date.fromisoformat(str(day)): str(name)
        for day, name in (section or {}).items()
    }


def schedule_files(folder: Path | None) -> list[Path]:
    if folder is None or not folder.is_dir():
        return []
    return sorted(folder.glob("*.yaml"))
