"""Rules of the window visit rating (窗口单位百姓评), with no I/O: who is rated, and how ratings
roll up per window unit and per staff member."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

#: Scores of 4 and 5 count as satisfied.
SATISFIED_FROM = 4
#: How many of the latest comments a roll-up row carries.
RECENT_COMMENTS = 5
#: A window unit no department is known for (a clerk's account without one).
UNKNOWN_UNIT_ZH = "未注明窗口单位"

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Receiver:
    """The staff member who received the case at the window."""

    username: str
    name: str


@dataclass(frozen=True)
class Rating:
    case_id: str
    window_unit: str | None
    staff_username: str
    staff_name: str
    window_score: int
    staff_score: int
    comment: str | None
    rated_at: datetime


def receiver_of(case: Mapping[str, Any]) -> Receiver | None:
    """The staff member the case records as having received it at the window (window/service
    records one for each case registered at a window, and only for those); None for a case
    filed online or by phone: it has no visit to rate."""
    username = case.get("received_by_username")
    if not username:
        return None
    return Receiver(username, case.get("received_by_name") or username)


@dataclass(frozen=True)
class Tally:
    """One roll-up row's figures. satisfied_share counts the score the row rates: the window
    score for a unit, the staff score for a staff member."""

    count: int
    window_average: float
    staff_average: float
    satisfied_share: float
    recent_comments: list[dict[str, Any]]


def tally(ratings: Sequence[Rating], *, of_staff: bool) -> Tally:
    count = len(ratings)
    rated = [r.staff_score if of_staff else r.window_score for r in ratings]
    latest = sorted((r for r in ratings if r.comment), key=lambda r: r.rated_at, reverse=True)
    return Tally(
        count=count,
        window_average=_average([r.window_score for r in ratings]),
        staff_average=_average([r.staff_score for r in ratings]),
        satisfied_share=round(sum(1 for s in rated if s >= SATISFIED_FROM) / count, 4)
        if count
        else 0.0,
        recent_comments=[
            {
                "case_id": r.case_id,
                "rated_at": r.rated_at,
                "window_score": r.window_score,
                "staff_score": r.staff_score,
                "comment": r.comment,
            }
            for r in latest[:RECENT_COMMENTS]
        ],
    )


def _average(scores: Sequence[int]) -> float:
    return round(sum(scores) / len(scores), 2) if scores else 0.0


def grouped(ratings: Sequence[Rating], key: Callable[[Rating], K]) -> dict[K, list[Rating]]:
    groups: dict[K, list[Rating]] = {}
    for rating in ratings:
        groups.setdefault(key(rating), []).append(rating)
    return groups


def roll_up(ratings: Sequence[Rating], unit_names: Mapping[str, str]) -> dict[str, Any]:
    """Per window unit and per staff member (within their unit), most ratings first."""

    def unit_name(code: str | None) -> str:
        return unit_names.get(code, code) if code else UNKNOWN_UNIT_ZH

    units = [
        {"window_unit": code, "window_unit_name": unit_name(code)}
        | vars(tally(rows, of_staff=False))
        for code, rows in grouped(ratings, lambda r: r.window_unit).items()
    ]
    staff = [
        {
            "window_unit": code,
            "window_unit_name": unit_name(code),
            "username": username,
            "name": max(rows, key=lambda r: r.rated_at).staff_name,  # the latest name
        }
        | vars(tally(rows, of_staff=True))
        for (code, username), rows in grouped(
            ratings, lambda r: (r.window_unit, r.staff_username)
        ).items()
    ]
    units.sort(key=_most_rated_first)
    staff.sort(key=lambda row: (*_most_rated_first(row), row["username"]))
    return {"units": units, "staff": staff}


def _most_rated_first(row: Mapping[str, Any]) -> tuple[int, str]:
    return -row["count"], row["window_unit_name"]
