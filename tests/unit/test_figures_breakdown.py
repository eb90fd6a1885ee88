"""Outcome counts (解释答疑, 即办, 办理中, 已办结), satisfaction per round and per case, the
filters by submitter kind, channel and batch, a dispatcher's re-classification, the domain
grouping and a batch's progress, on the May fixture (tests/support/supervision_stories.py)."""

from __future__ import annotations

import random

from supervision.domain.breakdown import EVERY_CASE, Filters, batch_progress, batches, filtered
from supervision.domain.figures import Figures, Grouping, aggregate
from supervision.domain.periods import Period
from supervision.domain.scorecard import CaseFacts, Recorded, fold
from tests.support.supervision_stories import MEETING, UM, facts_of, may_fixture

DOMAINS = {"streetlight": "urban", "road": "urban", "housing": "living"}


def rows(
    facts: list[CaseFacts], grouping: Grouping, filters: Filters = EVERY_CASE
) -> dict[str | None, Figures]:
    found = aggregate(filtered(facts, filters), Period.MONTH, grouping, DOMAINS)
    assert {key[0] for key in found} <= {"2024-05"}
    slot = 1 if grouping is Grouping.DEPARTMENT else 2
    return {key[slot]: figures for key, figures in found.items()}


def outcomes(figures: Figures) -> tuple[int, int, int, int]:
    return (figures.explained, figures.on_the_spot, figures.in_progress, figures.closed)


def test_each_case_counts_in_exactly_one_outcome_per_department() -> None:
    by_department = rows(facts_of(may_fixture()), Grouping.DEPARTMENT)
    assert set(by_department) == {UM, None}
    # B1 and B6 closed, B2 in progress; B3 and B4 explained and B5 on the spot at the window
    assert outcomes(by_department[UM]) == (0, 0, 1, 2)
    assert by_department[UM].accepted == 3
    window = by_department[None]
    assert outcomes(window) == (2, 1, 0, 0)
    # cases ended at screening have no rates: nothing was accepted, handled or rated there
    assert (window.accepted, window.callbacks, window.satisfaction_rate) == (0, 0, None)


def test_categories_follow_a_dispatchers_reclassification() -> None:
    by_category = rows(facts_of(may_fixture()), Grouping.CATEGORY)
    # B2 was accepted as a streetlight and re-classified as a road
    assert outcomes(by_category["streetlight"]) == (0, 1, 0, 1)  # B5 on the spot, B1 closed
    assert outcomes(by_category["road"]) == (0, 0, 1, 1)  # B2 in progress, B6 closed
    assert outcomes(by_category["housing"]) == (1, 0, 0, 0)
    assert outcomes(by_category["water"]) == (1, 0, 0, 0)


def test_domains_group_the_items_of_a_taxonomy() -> None:
    by_domain = rows(facts_of(may_fixture()), Grouping.DOMAIN)
    assert outcomes(by_domain["urban"]) == (0, 1, 1, 2)
    assert outcomes(by_domain["living"]) == (1, 0, 0, 0)
    assert outcomes(by_domain[""]) == (1, 0, 0, 0)  # water is in no domain of the mapping


def test_satisfaction_per_round_and_per_case() -> None:
    um = rows(facts_of(may_fixture()), Grouping.DEPARTMENT)[UM]
    # callbacks: B1 round 1 不满意, B1 round 2 满意, B6 满意 -> 2 of 3 per round
    assert (um.satisfied_callbacks, um.callbacks, um.satisfaction_rate) == (2, 3, 0.6667)
    # cases called back: B1 (latest 满意), B6 (满意) -> 2 of 2 per case
    assert (um.satisfied_cases, um.rated_cases, um.case_satisfaction_rate) == (2, 2, 1.0)
    # the documented example: closed satisfied after one reopen is 50 % and 100 %
    b1 = rows(facts_of(may_fixture()[:1]), Grouping.DEPARTMENT)[UM]
    assert (b1.satisfaction_rate, b1.case_satisfaction_rate) == (0.5, 1.0)


def test_filters_by_submitter_kind_channel_and_batch() -> None:
    facts = facts_of(may_fixture())
    enterprise = rows(facts, Grouping.DEPARTMENT, Filters(submitter_kind="enterprise"))
    assert outcomes(enterprise[UM]) == (0, 0, 1, 1)  # B2, B1
    assert outcomes(enterprise[None]) == (1, 0, 0, 0)  # B4
    hotline = rows(facts, Grouping.DEPARTMENT, Filters(channel="hotline"))
    assert outcomes(hotline[UM]) == (0, 0, 0, 1)  # B6
    assert outcomes(hotline[None]) == (0, 1, 0, 0)  # B5
    meeting = rows(facts, Grouping.DEPARTMENT, Filters(batch_id=MEETING[0]))
    assert outcomes(meeting[UM]) == (0, 0, 1, 1)
    assert outcomes(meeting[None]) == (2, 0, 0, 0)
    both = rows(facts, Grouping.DEPARTMENT, Filters(submitter_kind="person", batch_id=MEETING[0]))
    assert set(both) == {None} and outcomes(both[None]) == (1, 0, 0, 0)  # B3
    assert rows(facts, Grouping.DEPARTMENT, Filters(batch_id="no-such-batch")) == {}


def test_a_batch_progress_counts_every_case_of_the_batch() -> None:
    facts = facts_of(may_fixture())
    assert batches(facts) == [{"batch_id": MEETING[0], "batch_title": MEETING[1], "cases": 4}]
    progress = batch_progress(MEETING[0], facts)
    assert progress == {
        "batch_id": MEETING[0],
        "batch_title": MEETING[1],
        "registered": 4,
        "accepted": 2,
        "in_progress": 1,
        "closed": 1,
        "explained": 2,
        "on_the_spot": 0,
        "callbacks": 2,
        "satisfied_callbacks": 1,
        "rated_cases": 1,
        "satisfied_cases": 1,
        "satisfaction_rate": 0.5,
        "case_satisfaction_rate": 1.0,
    }


def test_the_new_facts_are_order_independent_and_survive_storage() -> None:
    for story in may_fixture():
        recorded = [
            Recorded(f"{story.case_id}-{n}", when, event)
            for n, (when, event) in enumerate(story.events)
        ]
        expected = fold(story.case_id, recorded)
        shuffled = recorded[:]
        random.Random(story.case_id).shuffle(shuffled)
        assert fold(story.case_id, shuffled) == expected
        assert CaseFacts.from_json(expected.to_json()) == expected


def test_older_facts_without_the_new_fields_still_load() -> None:
    stored = fold("B6", []).to_json()
    for name in ("screening_outcome", "screened_at", "channel", "batch_id"):
        stored.pop(name)
    assert CaseFacts.from_json(stored).batch_id is None
