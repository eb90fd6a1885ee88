"""A timer as staff see it: working time left, the state (overdue and parked are read, not
stored), why times are missing, and its alarms."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from deadline.domain.calendar import UnknownCalendarYear, WorkingCalendar
from deadline.domain.requested import later_than_requested
from deadline.repository.store import OPEN_STATES
from deadline.service.timers import clock_of


def timer_view(
    row: Any,
    alarms: Sequence[Any],
    calendar: WorkingCalendar,
    now: datetime,
    requested_by: date | None = None,
) -> dict[str, Any]:
    left = _time_left(row, calendar, now)
    day = calendar.day_minutes
    running = row.state == "running"
    overdue = running and row.due_at is not None and row.due_at <= now
    parked = running and row.due_at is None and row.parked_year is not None
    waiting = row.parked_year if running else None
    return {
        "timer_id": row.id,
        "case_id": row.case_id,
        "stage": row.stage,
        "round": row.round,
        "attempt": row.attempt,
        "kind": row.kind,
        "category": row.category,
        "department": row.department,
        "policy": row.policy,
        "policy_version": row.policy_version,
        "limit_working_minutes": row.limit_minutes,
        "extension_working_minutes": row.extension_minutes,
        "started_at": row.started_at,
        "due_at": row.due_at,
        "state": "overdue" if overdue else ("parked" if parked else row.state),
        "parked_year": waiting,
        "parked_reason": _parked_reason(waiting, parked),
        "paused": row.state == "paused",
        "paused_at": row.paused_at,
        "stopped_at": row.stopped_at,
        "working_minutes_left": left,
        "working_hours_left": None if left is None else round(left / 60, 2),
        "working_days_left": None if left is None else round(left / day, 2),
        "requested_by": requested_by,
        "later_than_requested": row.state in OPEN_STATES
        and later_than_requested(row.stage, row.due_at, requested_by),
        "alarms": [
            {
                "kind": a.kind,
                "name": a.name,
                "due_at": a.due_at,
                "fired_at": a.fired_at,
                "respond_by": a.respond_by,
                "status": _alarm_status(a, waiting),
            }
            for a in alarms
        ],
    }


def _time_left(row: Any, calendar: WorkingCalendar, now: datetime) -> int | None:
    """None once closed, or while the time since the anchor spans a year not loaded."""
    if row.state not in OPEN_STATES:
        return None
    try:
        return clock_of(row).left(now, calendar)
    except UnknownCalendarYear:
        return None


def _alarm_status(alarm: Any, parked_year: int | None) -> str:
    if alarm.fired_at:
        return "fired"
    if alarm.due_at:
        return "pending"
    return "parked" if parked_year is not None else "held"


def _parked_reason(year: int | None, limit: bool) -> str | None:
    """Why times are missing, for the people who see the timer."""
    if year is None:
        return None
    what = "时限" if limit else "超期后的催办、督办或问责节点"
    return (
        f"{what}延伸至{year}年，{year}年工作日历尚未加载，暂无法计算到期时间；"
        f"管理员加载{year}年日历后将自动计算"
    )
