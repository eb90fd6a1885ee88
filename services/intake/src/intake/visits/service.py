"""Use cases of the window visit rating (窗口单位百姓评). The public routes check the tracking
code first (service/tracking.py, under its throttle) and hand over the case it opened."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from common.clock import SHANGHAI
from common.errors import Conflict, Unprocessable
from intake.repository.store import Store, Unit
from intake.visits import rules
from intake.visits.rules import UNKNOWN_UNIT_ZH, Receiver


def not_a_window_visit() -> Unprocessable:
    return Unprocessable(
        "not_a_window_visit",
        "该诉求不是在服务窗口受理的，没有可评价的窗口服务",
        fields=[{"field": "case_id", "message": "该诉求不是窗口受理的", "type": "value"}],
    )


def already_rated() -> Conflict:
    return Conflict("already_rated", "该诉求的窗口服务已经评价过，每件诉求只能评价一次")


def _visit(case: Any) -> tuple[Receiver, str | None]:
    """Who received the case at the window, and the unit; 422 for a case filed elsewhere."""
    receiver = rules.receiver_of(case._mapping)
    if receiver is None:
        raise not_a_window_visit()
    return receiver, case.window_unit


async def visit_page(uow: Unit, case: Any, names: Mapping[str, str]) -> dict[str, Any]:
    """What the visitor's rating page shows: the visit, and whether it is rated already."""
    receiver, unit = _visit(case)
    rated = await uow.store.visits.find_rating(case.case_id)
    return {
        "case_id": case.case_id,
        "window_unit": unit,
        "window_unit_name": names.get(unit, unit) if unit else UNKNOWN_UNIT_ZH,
        "staff_name": receiver.name,
        "registered_at": case.registered_at,
        "already_rated": rated is not None,
    }


async def rate(
    uow: Unit,
    case: Any,
    *,
    window: int,
    staff: int,
    comment: str | None,
    now: datetime,
    names: Mapping[str, str],
) -> dict[str, Any]:
    """Record the visitor's rating, once per case (a second one is refused with 409)."""
    receiver, unit = _visit(case)
    inserted = await uow.store.visits.insert_rating(
        {
            "case_id": case.case_id,
            "window_unit": unit,
            "staff_username": receiver.username,
            "staff_name": receiver.name,
            "window_score": window,
            "staff_score": staff,
            "comment": comment or None,
            "rated_at": now,
        }
    )
    if not inserted:
        raise already_rated()
    return await visit_page(uow, case, names)


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """The Asia/Shanghai days from start to end, both included, as instants."""
    first = datetime.combine(start, datetime.min.time(), SHANGHAI)
    return first, datetime.combine(end + timedelta(days=1), datetime.min.time(), SHANGHAI)


def invalid_period() -> Unprocessable:
    return Unprocessable(
        "invalid_period",
        "结束日期不能早于开始日期",
        fields=[{"field": "to", "message": "结束日期不能早于开始日期", "type": "value"}],
    )


async def roll_ups(
    store: Store, *, start: date, end: date, names: Mapping[str, str]
) -> dict[str, Any]:
    """The ratings of the period (by the day they were given) per window unit and per staff
    member."""
    if end < start:
        raise invalid_period()
    ratings = await store.visits.ratings_between(*_bounds(start, end))
    return {"from": start, "to": end, "total": len(ratings)} | rules.roll_up(ratings, names)
