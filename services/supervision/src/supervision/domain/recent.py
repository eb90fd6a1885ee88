"""The rates leaders follow over time: the figures of ADR 0012 (domain/figures.py) for the
cases accepted in a trailing window, per responsible department and for the whole district.
Pure code: the caller picks the cases and names the departments' labels."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from supervision.domain.figures import Figures, counted
from supervision.domain.scorecard import CaseFacts

#: The label of each rate -> its property of Figures.
RATES = {
    "response": "response_rate",
    "on_time": "on_time_rate",
    "solved": "solved_rate",
    "satisfaction": "satisfaction_rate",
}


@dataclass(frozen=True)
class RecentFigures:
    departments: dict[str, Figures]
    district: Figures


def recent_figures(cases: Iterable[CaseFacts], label: Callable[[str], str]) -> RecentFigures:
    """As the scorecards count them: merged and never-accepted cases left out, a case in
    the figures of its responsible department (labelled by `label`) unless an appeal of
    that department was upheld; the district counts every such case."""
    departments: dict[str, Figures] = defaultdict(Figures)
    district = Figures()
    for facts in cases:
        owner = facts.department
        if not counted(facts) or owner in facts.excluded_departments:
            continue
        district.add_case(facts)
        if owner is not None:
            departments[label(owner)].add_case(facts)
    return RecentFigures(dict(departments), district)


def rates(figures: Figures) -> dict[str, float]:
    """The rates that have a value (a rate with a denominator of 0 has none)."""
    values = {name: getattr(figures, prop) for name, prop in RATES.items()}
    return {name: value for name, value in values.items() if value is not None}
