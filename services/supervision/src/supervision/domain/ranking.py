"""Rankings of departments by a rate, with a minimum sample, and hotspots (category x
area) of a period. Pure code."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from supervision.domain.figures import Figures, counted
from supervision.domain.periods import Period, period_key
from supervision.domain.scorecard import CaseFacts


class RankBy(StrEnum):
    SATISFACTION_RATE = "satisfaction_rate"
    ON_TIME_RATE = "on_time_rate"
    RESPONSE_RATE = "response_rate"
    SOLVED_RATE = "solved_rate"
    CALLBACK_RATE = "callback_rate"


@dataclass(frozen=True)
class Ranked:
    rank: int
    department: str
    figures: Figures


@dataclass(frozen=True)
class NotRanked:
    department: str
    figures: Figures
    reason: str  # below_minimum_sample | no_data


@dataclass(frozen=True)
class Ranking:
    ranked: list[Ranked]
    not_ranked: list[NotRanked]


def rank(rows: Mapping[str, Figures], *, by: RankBy, minimum_sample: int) -> Ranking:
    """Rank departments of one period, best first. A department with fewer than
    `minimum_sample` accepted cases, or without a value for the measure, is listed as not
    ranked, with its figures. Equal values share a rank (1, 1, 3)."""
    eligible: list[tuple[float, str, Figures]] = []
    not_ranked: list[NotRanked] = []
    for department, figures in sorted(rows.items()):
        value = getattr(figures, by.value)
        if figures.accepted < minimum_sample:
            not_ranked.append(NotRanked(department, figures, "below_minimum_sample"))
        elif value is None:
            not_ranked.append(NotRanked(department, figures, "no_data"))
        else:
            eligible.append((value, department, figures))
    eligible.sort(key=lambda item: (-item[0], item[1]))
    ranked: list[Ranked] = []
    for position, (value, department, figures) in enumerate(eligible, start=1):
        shared = ranked and getattr(ranked[-1].figures, by.value) == value
        ranked.append(Ranked(ranked[-1].rank if shared else position, department, figures))
    return Ranking(ranked, not_ranked)


@dataclass(frozen=True)
class Hotspot:
    period: str
    category: str
    area: str
    cases: int


def hotspots(cases: Iterable[CaseFacts], period: Period, top: int) -> list[Hotspot]:
    """Cases accepted per category x area x period; the `top` largest of each period."""
    counts: dict[tuple[str, str, str], int] = defaultdict(int)
    for facts in cases:
        if counted(facts):
            assert facts.accepted_at is not None
            key = (period_key(facts.accepted_at, period), facts.category or "", facts.area or "")
            counts[key] += 1
    by_period: dict[str, list[Hotspot]] = defaultdict(list)
    for (period_name, category, area), number in counts.items():
        by_period[period_name].append(Hotspot(period_name, category, area, number))
    found: list[Hotspot] = []
    for period_name in sorted(by_period):
        spots = sorted(by_period[period_name], key=lambda h: (-h.cases, h.category, h.area))
        found.extend(spots[:top])
    return found
