"""Scorecard figures against hand-computed values on the April fixture
(tests/support/supervision_stories.py), the minimum-sample rule, an upheld appeal, and
period bucketing around midnight in Asia/Shanghai."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest

from common.events import CaseRejectedByDispatcher
from supervision.domain.figures import Figures, Grouping, aggregate
from supervision.domain.periods import Period, period_key
from supervision.domain.ranking import RankBy, hotspots, rank
from supervision.domain.scorecard import CaseFacts, Recorded, fold
from tests.support.supervision_stories import HS, UM, WT, Story, april_fixture, at, facts_of


def by_department(stories: list[Story]) -> dict[str, Figures]:
    rows = aggregate(facts_of(stories), Period.MONTH, Grouping.DEPARTMENT)
    assert {key[0] for key in rows} == {"2024-04"}
    return {department: figures for (_, department, _), figures in rows.items() if department}


def test_urban_management_figures_equal_the_hand_computed_ones() -> None:
    figures = by_department(april_fixture())[UM]
    # U1..U6 accepted in April
    assert figures.accepted == 6
    # latest round resolved: U1, U2, U3 (round 2), U5; U4 and U6 still open
    assert figures.resolved == 4
    # signed in time: U1, U3, U4, U5; U2 signed after its sign limit, U6 never signed -> 4/6
    assert (figures.signed_in_time, figures.response_due) == (4, 6)
    assert figures.response_rate == round(4 / 6, 4)
    # resolved rounds: U1, U2, U3 r1, U3 r2, U5 = 5; U3 r1 resolved after its overdue -> 4/5
    assert (figures.on_time_rounds, figures.resolved_rounds) == (4, 5)
    assert figures.on_time_rate == 0.8
    # callbacks: U1 满意, U2 基本满意, U3 r1 不满意, U3 r2 满意, U5 满意 -> 4/5 satisfied
    assert (figures.satisfied_callbacks, figures.callbacks) == (4, 5)
    assert figures.satisfaction_rate == 0.8
    # solved at callback: all but U3 r1 -> 4/5
    assert figures.solved_rate == 0.8
    # callback rate: 5 callbacks / 5 resolved rounds
    assert figures.callback_rate == 1.0
    # overdue cases: U2 (sign), U3 (resolution), U6 (sign)
    assert figures.overdue == 3
    # U5 was returned by housing, not by urban management
    assert figures.returns == 0


def test_an_upheld_appeal_removes_the_case_from_the_department_figures() -> None:
    with_appeal = by_department(april_fixture(with_appeal=True))[HS]
    # H6 excluded: H1..H5 accepted; resolved H1..H4
    assert (with_appeal.accepted, with_appeal.resolved) == (5, 4)
    assert with_appeal.response_rate == 1.0  # 5/5 signed in time
    # rounds H1..H4 = 4, H4 resolved after its overdue -> 3/4
    assert with_appeal.on_time_rate == 0.75
    # callbacks H1 满意 (unsolved), H2 不满意 (solved), H4 满意 -> satisfied 2/3, solved 2/3
    assert with_appeal.satisfaction_rate == round(2 / 3, 4)
    assert with_appeal.solved_rate == round(2 / 3, 4)
    assert with_appeal.callback_rate == 0.75  # 3 callbacks / 4 resolved rounds
    assert with_appeal.overdue == 1  # H4
    assert with_appeal.returns == 1  # U5, returned by housing

    without = by_department(april_fixture(with_appeal=False))[HS]
    # H6 counts: 6 accepted, 5 resolved, rounds 5 (4 on time), callbacks 4 (2 satisfied)
    assert (without.accepted, without.resolved) == (6, 5)
    assert without.on_time_rate == 0.8
    assert without.satisfaction_rate == 0.5
    assert without.solved_rate == 0.5
    assert without.callback_rate == 0.8


def test_minimum_sample_keeps_small_departments_out_of_the_ranking() -> None:
    rows = by_department(april_fixture())
    water = rows[WT]
    # W1, W2 accepted; W1 resolved with a 满意 callback
    assert (water.accepted, water.resolved, water.satisfaction_rate) == (2, 1, 1.0)

    ranking = rank(rows, by=RankBy.SATISFACTION_RATE, minimum_sample=5)
    # urban-management 0.8 before housing 0.6667; water's 100 % is not ranked (2 < 5)
    assert [(r.rank, r.department) for r in ranking.ranked] == [(1, UM), (2, HS)]
    assert [(n.department, n.reason) for n in ranking.not_ranked] == [(WT, "below_minimum_sample")]
    # at a minimum of 6, the upheld appeal (H6) takes housing below the sample: 5 < 6
    at_six = rank(rows, by=RankBy.SATISFACTION_RATE, minimum_sample=6)
    assert [(r.rank, r.department) for r in at_six.ranked] == [(1, UM)]
    assert {n.department for n in at_six.not_ranked} == {HS, WT}
    # without the appeal housing has 6 cases at 0.5 and is ranked second
    rows_without = by_department(april_fixture(with_appeal=False))
    without = rank(rows_without, by=RankBy.SATISFACTION_RATE, minimum_sample=6)
    assert [(r.rank, r.department) for r in without.ranked] == [(1, UM), (2, HS)]
    # a lower threshold ranks everyone, equal values sharing a rank
    everyone = rank(rows, by=RankBy.RESPONSE_RATE, minimum_sample=1)
    # response: housing 1.0, water 1.0, urban-management 0.6667
    assert [(r.rank, r.department) for r in everyone.ranked] == [(1, HS), (1, WT), (3, UM)]


def test_category_scorecards_count_each_case_under_its_category() -> None:
    rows = aggregate(facts_of(april_fixture()), Period.MONTH, Grouping.CATEGORY)
    by_category = {category: figures for (_, _, category), figures in rows.items()}
    # streetlight U1..U4; road U5, U6 (U5's return by housing counts in road)
    assert by_category["streetlight"].accepted == 4
    assert (by_category["road"].accepted, by_category["road"].returns) == (2, 1)
    assert by_category["housing"].accepted == 5  # H6 excluded by the upheld appeal
    assert by_category["water"].accepted == 2
    assert "" not in by_category  # R1 (never accepted) and M1 (merged) are not measured


def test_the_fold_does_not_depend_on_arrival_order() -> None:
    story = april_fixture()[2]  # U3: two rounds, an overdue, a reopen
    recorded = [Recorded(f"e{n}", when, event) for n, (when, event) in enumerate(story.events)]
    expected = fold("U3", recorded)
    shuffled = list(recorded)
    random.Random(7).shuffle(shuffled)
    assert fold("U3", shuffled) == expected
    assert CaseFacts.from_json(expected.to_json()) == expected


@pytest.mark.parametrize(
    ("moment", "period", "key"),
    [
        # 23:30 on 30 April in Shanghai is 15:30 UTC: still April
        (datetime(2024, 4, 30, 15, 30, tzinfo=UTC), Period.MONTH, "2024-04"),
        # 00:10 on 1 May in Shanghai is 16:10 UTC on 30 April: May, not April
        (datetime(2024, 4, 30, 16, 10, tzinfo=UTC), Period.MONTH, "2024-05"),
        (datetime(2024, 4, 30, 16, 10, tzinfo=UTC), Period.DAY, "2024-05-01"),
        (datetime(2024, 4, 30, 15, 59, tzinfo=UTC), Period.DAY, "2024-04-30"),
        # Sunday 28 April 23:59 in Shanghai is ISO week 17; Monday 00:01 is week 18
        (at(28, 23, 59), Period.WEEK, "2024-W17"),
        (at(29, 0, 1), Period.WEEK, "2024-W18"),
    ],
)
def test_periods_are_shanghai_calendar_periods(moment: datetime, period: Period, key: str) -> None:
    assert period_key(moment, period) == key


def test_a_case_accepted_just_after_midnight_falls_in_the_next_day() -> None:
    late = Story("late").accepted(at(30, 23, 59), "road").assigned(at(30, 23, 59), UM)
    early = Story("early").accepted(at(1, 0, 1, month=5), "road").assigned(at(1, 0, 2, 5), UM)
    rows = aggregate(facts_of([late, early]), Period.DAY, Grouping.DEPARTMENT)
    assert {key: figures.accepted for key, figures in rows.items()} == {
        ("2024-04-30", UM, None): 1,
        ("2024-05-01", UM, None): 1,
    }


def test_hotspots_count_category_by_area_and_keep_the_top() -> None:
    spots = hotspots(facts_of(april_fixture()), Period.MONTH, top=2)
    # April: housing/xiangjiang H1 H2 H3 = 3, housing/yuelu H4 H5 H6 = 3 (an appeal concerns
    # scores, not where matters arise), streetlight/xiangjiang U1 U2 U4 = 3; ties go by
    # category then area, and the top 2 are kept
    assert [(h.category, h.area, h.cases) for h in spots] == [
        ("housing", "xiangjiang", 3),
        ("housing", "yuelu", 3),
    ]


def test_a_case_the_dispatcher_rejects_is_counted_as_rejected_and_ended() -> None:
    rejected = (
        Story("D1")
        .accepted(at(3, 9), "other")
        .add(
            at(3, 10),
            CaseRejectedByDispatcher(
                category="other",
                reason="不属于本区职责",
                actor="dispatcher:d",
                rejected_at=at(3, 10),
            ),
        )
    )
    (facts,) = facts_of([rejected])
    assert facts.rejected and facts.closed_at == at(3, 10)
    assert CaseFacts.from_json(facts.to_json()) == facts
    rows = aggregate([facts], Period.MONTH, Grouping.CATEGORY)
    (figures,) = rows.values()
    assert (figures.accepted, figures.rejected) == (1, 1)
    assert figures.as_dict()["rejected"] == 1
