"""The arithmetic behind the business gauges and counters, without a database: the rate
gauges count cases as the scorecards do; open cases, backlogs and overdue cases are summed
under bounded labels; rung alarms are counted only once their transaction commits."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from prometheus_client import REGISTRY

from common import business
from common.business import OTHER, DistrictLabels
from deadline import measures as deadline_measures
from dispatch import measures as dispatch_measures
from supervision.domain.figures import Figures, Grouping, aggregate
from supervision.domain.periods import Period
from supervision.domain.recent import rates, recent_figures
from tests.support.supervision_stories import HS, UM, WT, april_fixture, facts_of

LABELS = DistrictLabels(frozenset({UM, HS, "parks"}), frozenset({"streetlight", "sanitation"}))


def test_the_rate_gauges_equal_the_scorecards_for_the_same_cases() -> None:
    cases = facts_of(april_fixture())
    recent = recent_figures(cases, LABELS.department)
    monthly = aggregate(cases, Period.MONTH, Grouping.DEPARTMENT)
    for (_, department, _), figures in monthly.items():
        assert department is not None
        assert rates(recent.departments[LABELS.department(department)]) == rates(figures)
    assert set(recent.departments) == {UM, HS, OTHER}, f"{WT} is not a district department"

    whole = Figures()
    for facts in cases:
        counted = facts.accepted_at is not None and not facts.merged
        if counted and facts.department not in facts.excluded_departments:
            whole.add_case(facts)
    assert recent.district.accepted == whole.accepted
    assert rates(recent.district) == rates(whole)


def test_a_rate_without_a_denominator_has_no_value() -> None:
    figures = Figures(accepted=1, response_due=2, signed_in_time=1)
    assert rates(figures) == {"response": 0.5}


def test_open_cases_and_backlogs_are_summed_under_bounded_labels() -> None:
    rows = [
        (UM, "streetlight", "assigned", 2),
        (UM, "streetlight", "signed", 3),
        (UM, "streetlight", "resolved", 4),
        ("water", "pipe-burst", "signed", 1),
        ("gas", "pipe-burst", "signed", 5),
        (None, "streetlight", "awaiting_dispatch", 6),
    ]
    by_state, backlog = dispatch_measures.tally(rows, LABELS)
    assert by_state == {
        (UM, "streetlight", "assigned"): 2,
        (UM, "streetlight", "signed"): 3,
        (UM, "streetlight", "resolved"): 4,
        (OTHER, OTHER, "signed"): 6,
        ("none", "streetlight", "awaiting_dispatch"): 6,
    }
    assert backlog == {(UM,): 5, (HS,): 0, ("parks",): 0, (OTHER,): 6}


def test_overdue_cases_are_summed_under_bounded_labels() -> None:
    rows = [(UM, "sanitation", 2), ("water", "x", 1), ("gas", "y", 3), (None, None, 1)]
    assert deadline_measures.overdue_by_label(rows, LABELS) == {
        (UM, "sanitation"): 2,
        (OTHER, OTHER): 4,
        ("none", "none"): 1,
    }


class Work:
    def __init__(self) -> None:
        self.callbacks: list[Callable[[], None]] = []

    def after_commit(self, callback: Callable[[], None]) -> None:
        self.callbacks.append(callback)

    def commit(self) -> None:
        for callback in self.callbacks:
            callback()


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def test_rung_alarms_are_counted_by_department_and_stage_or_step_after_commit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(business, "_current", LABELS)
    exceeded = {"department": "parks", "stage": "resolution"}
    urged = {"department": "parks", "step": "urge"}
    before = (
        sample("civicloop_deadlines_exceeded_total", **exceeded),
        sample("civicloop_escalations_total", **urged),
    )
    rows = [
        {"kind": "exceeded", "department": "parks", "stage": "resolution", "name": "exceeded"},
        {"kind": "exceeded", "department": "parks", "stage": "resolution", "name": "exceeded"},
        {"kind": "escalation", "department": "parks", "stage": "resolution", "name": "urge"},
        {"kind": "warning", "department": "parks", "stage": "resolution", "name": "warning-0.5"},
    ]
    work = Work()
    deadline_measures.count_alarms(work, rows)  # type: ignore[arg-type]
    assert sample("civicloop_deadlines_exceeded_total", **exceeded) == before[0]

    work.commit()
    assert sample("civicloop_deadlines_exceeded_total", **exceeded) == before[0] + 2
    assert sample("civicloop_escalations_total", **urged) == before[1] + 1
