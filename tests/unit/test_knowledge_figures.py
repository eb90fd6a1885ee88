"""The knowledge figures (知识库) worked out by hand on the June and July stories
(tests/support/knowledge_stories.py): hit rate, 当场解答率, consultations resolved with and
without an article, 答复有误, and gaps counted by their own times; the fold's knowledge facts."""

from __future__ import annotations

from datetime import date

from supervision.domain.figures import Figures, Grouping, add_gaps, aggregate
from supervision.domain.knowledge import KnowledgeFacts, gap_counts, periods_between
from supervision.domain.periods import Period, shanghai_midnight
from supervision.domain.scorecard import CaseFacts
from tests.support.knowledge_stories import july, june, knowledge_fixture, resolved
from tests.support.supervision_stories import HS, UM, Story, facts_of

JULY = (date(2024, 7, 1), date(2024, 7, 31))
JUNE_AND_JULY = (date(2024, 6, 1), date(2024, 7, 31))


def july_rows(grouping: Grouping) -> dict[str | None, Figures]:
    facts = facts_of(knowledge_fixture())
    in_july = [
        f
        for f in facts
        if f.cohort_at is not None
        and shanghai_midnight(JULY[0]) <= f.cohort_at < shanghai_midnight(date(2024, 8, 1))
    ]
    rows = aggregate(in_july, Period.MONTH, grouping)
    add_gaps(rows, facts, Period.MONTH, grouping, JULY)
    assert {key[0] for key in rows} == {"2024-07"}
    return {key[1]: figures for key, figures in rows.items()}


def test_a_units_window_answers_give_its_hit_rate_and_its_on_the_spot_answer_rate() -> None:
    um = july_rows(Grouping.DEPARTMENT)[UM]
    assert (um.window_answers, um.window_answers_from_article) == (2, 1)  # K1, K2
    assert um.knowledge_hit_rate == 0.5
    assert (um.consultations_accepted, um.consultations_screened) == (2, 4)  # K6, K7
    assert um.window_answer_rate == 0.5
    # K8 is a complaint: resolved, but no consultation
    assert (um.consultations_resolved_with_article, um.consultations_resolved_without_article) == (
        1,
        1,
    )
    assert um.accepted == 3 and um.answers_wrong == 0


def test_an_answer_found_wrong_counts_for_the_unit_the_answer_came_from() -> None:
    hs = july_rows(Grouping.DEPARTMENT)[HS]
    assert (hs.window_answers, hs.knowledge_hit_rate, hs.answers_wrong) == (1, 1.0, 1)  # K3
    assert hs.window_answer_rate == 0.5  # K3 of K3 and K9
    assert (hs.consultations_resolved_with_article, hs.consultations_resolved_without_article) == (
        0,
        0,
    )


def test_gaps_count_by_their_own_times_opened_closed_and_open_at_the_periods_end() -> None:
    rows = july_rows(Grouping.DEPARTMENT)
    um, hs = rows[UM], rows[HS]
    assert (um.gaps_opened, um.gaps_closed, um.gaps_open) == (2, 1, 1)  # K2, K7; K2; K7
    # K10 and K11 were opened in June: K11 dismissed in July, K10 still open
    assert (hs.gaps_opened, hs.gaps_closed, hs.gaps_open) == (0, 1, 1)


def test_the_window_row_keeps_every_answer_at_screening_and_the_answers_of_no_unit() -> None:
    window = july_rows(Grouping.DEPARTMENT)[None]
    assert (window.explained, window.on_the_spot) == (4, 1)  # K1..K4; K5
    assert (window.window_answers, window.window_answers_from_article) == (1, 0)  # K4


def test_the_district_row_adds_up_every_unit() -> None:
    (district,) = july_rows(Grouping.DISTRICT).values()
    assert (district.window_answers, district.window_answers_from_article) == (4, 2)
    assert district.knowledge_hit_rate == 0.5
    assert district.consultations_screened == 7  # 4 at the window, K6, K7, K9 accepted
    assert district.window_answer_rate == round(4 / 7, 4)
    assert (district.gaps_opened, district.gaps_closed, district.gaps_open) == (2, 2, 2)
    assert district.answers_wrong == 1
    assert district.as_dict()["counts"]["consultations_screened"] == 7


def test_june_counts_the_gaps_opened_in_june_and_open_at_its_end() -> None:
    rows = aggregate([], Period.MONTH, Grouping.DEPARTMENT)
    add_gaps(rows, facts_of(knowledge_fixture()), Period.MONTH, Grouping.DEPARTMENT, JUNE_AND_JULY)
    assert [
        (key[0], key[1], f.gaps_opened, f.gaps_closed, f.gaps_open)
        for key, f in sorted(rows.items(), key=lambda item: (item[0][0], item[0][1] or ""))
    ] == [
        ("2024-06", HS, 2, 0, 2),
        ("2024-07", HS, 0, 1, 1),
        ("2024-07", UM, 2, 1, 1),
    ]


def test_rates_without_a_denominator_are_empty() -> None:
    empty = Figures()
    assert (empty.knowledge_hit_rate, empty.window_answer_rate) == (None, None)
    assert empty.as_dict()["knowledge_hit_rate"] is None


def test_a_range_ending_inside_a_period_counts_gaps_open_at_the_ranges_end() -> None:
    spans = periods_between(Period.MONTH, date(2024, 6, 20), date(2024, 7, 5))
    assert [(key, since.date(), until.date()) for key, since, until in spans] == [
        ("2024-06", date(2024, 6, 20), date(2024, 7, 1)),
        ("2024-07", date(2024, 7, 1), date(2024, 7, 6)),
    ]
    closed_later = KnowledgeFacts(gap_opened_at=june(25, 9), gap_closed_at=july(20, 10))
    _, since, until = spans[1]
    counts = gap_counts(closed_later, since, until)
    assert counts is not None and (counts.opened, counts.closed, counts.still_open) == (
        False,
        False,
        True,
    )
    gone = KnowledgeFacts(gap_opened_at=june(1, 9), gap_closed_at=june(2, 9))
    assert gap_counts(gone, *spans[0][1:]) is None


def test_the_latest_resolved_round_says_whether_a_department_answered_from_an_article() -> None:
    story = Story("R1")
    resolved(story, july(3, 9), UM, "KB-1", round=1)
    resolved(story, july(9, 9), UM, None, round=2)
    (facts,) = facts_of([story])
    assert facts.knowledge.article_id is None


def test_the_knowledge_facts_survive_the_projections_json() -> None:
    for facts in facts_of(knowledge_fixture()):
        assert CaseFacts.from_json(facts.to_json()) == facts
    assert CaseFacts.from_json({"case_id": "old"}).knowledge == KnowledgeFacts()
