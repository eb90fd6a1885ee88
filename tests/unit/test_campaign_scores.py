"""Evaluation campaigns' pure rules: the scores per department, worked out by hand, the
ranking and who is summoned, the unified social credit code's checksum, the weights and
the days a campaign takes responses."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from supervision.domain.campaigns import (
    NOT_ENOUGH,
    closed_problem,
    credit_code_problem,
    results,
    weights_problem,
)


def campaign(**changes: Any) -> dict[str, Any]:
    return {
        "targets": ["d1", "d2", "d3"],
        "questionnaire": {
            "indicators": [{"code": "A", "weight": 0.6}, {"code": "B", "weight": 0.4}],
        },
        "weights": {"negative_list": 0.4, "satisfaction": 0.6},
        "min_responses": 2,
        "threshold": 70,
        **changes,
    }


def rating(department: str, satisfaction: int, *ticked: str, comment: str | None = None) -> Any:
    return {
        "department": department,
        "indicators": list(ticked),
        "satisfaction": satisfaction,
        "comment": comment,
    }


RESPONSES = [
    {"ratings": [rating("d1", 4, "A", comment="态度好"), rating("d2", 2)]},
    {"ratings": [rating("d1", 3), rating("d2", 0, "A", "B")]},
    {"ratings": [rating("d1", 2, "B"), rating("d3", 4)]},
]


def test_scores_are_the_hand_computed_figures() -> None:
    d1, d2, d3 = results(campaign(), RESPONSES)
    # d1: satisfaction (4+3+2)/4/3 x 100 = 75; A and B each ticked by 1 of 3:
    # 100 - (0.6/3 + 0.4/3) x 100 = 66.67; overall 0.4 x 66.67 + 0.6 x 75 = 71.67
    assert (d1["responses"], d1["satisfaction"], d1["negative_list"], d1["overall"]) == (
        3,
        75.0,
        66.67,
        71.67,
    )
    assert d1["indicator_counts"] == {"A": 1, "B": 1} and d1["comments"] == ["态度好"]
    # d2: satisfaction (2+0)/4/2 x 100 = 25; A and B each 1 of 2: 100 - 50 = 50;
    # overall 0.4 x 50 + 0.6 x 25 = 35, below the threshold of 70
    assert (d2["satisfaction"], d2["negative_list"], d2["overall"]) == (25.0, 50.0, 35.0)
    assert (d1["rank"], d1["summoned"], d2["rank"], d2["summoned"]) == (1, False, 2, True)
    # d3: one response, fewer than min_responses: not ranked, not summoned, whatever its score
    assert (d3["responses"], d3["overall"], d3["ranked"], d3["rank"]) == (1, 100.0, False, None)
    assert (d3["note"], d3["summoned"]) == (NOT_ENOUGH, False)


def test_a_department_nobody_rated_is_short_of_the_sample() -> None:
    (row,) = results(campaign(targets=["d9"], min_responses=1), RESPONSES)
    assert (row["responses"], row["overall"], row["note"], row["ranked"]) == (
        0,
        None,
        NOT_ENOUGH,
        False,
    )


def test_equal_scores_share_a_rank_and_the_next_one_skips() -> None:
    responses = [
        {"ratings": [rating("d1", 4), rating("d2", 4), rating("d3", 0)]},
        {"ratings": [rating("d1", 4), rating("d2", 4), rating("d3", 0)]},
    ]
    ranks = [row["rank"] for row in results(campaign(), responses)]
    assert ranks == [1, 1, 3]


def test_the_threshold_is_strict_below() -> None:
    responses = [{"ratings": [rating("d1", 2)]}, {"ratings": [rating("d1", 2)]}]
    # satisfaction 50, negative list 100: overall 0.4 x 100 + 0.6 x 50 = 70, at the threshold
    (row,) = results(campaign(targets=["d1"]), responses)
    assert (row["overall"], row["summoned"]) == (70.0, False)


@pytest.mark.parametrize("code", ["91350100M000100Y43", "91110000600037341L"])
def test_valid_credit_codes_pass(code: str) -> None:
    assert credit_code_problem(code) is None


@pytest.mark.parametrize(
    ("code", "why"),
    [
        ("91350100M000100Y44", "校验位"),
        ("91350100M000100Y4", "18 位"),
        ("91350100M0001I0Y43", "大写字母"),
        ("91350100m000100y43", "大写字母"),
    ],
)
def test_wrong_credit_codes_are_refused_saying_why(code: str, why: str) -> None:
    problem = credit_code_problem(code)
    assert problem is not None and why in problem


def test_weights_must_sum_to_one() -> None:
    assert weights_problem([0.3, 0.7]) is None
    assert weights_problem([0.2, 0.2, 0.2, 0.2, 0.2]) is None
    problem = weights_problem([0.5, 0.6])
    assert problem is not None and "1.1" in problem


def test_responses_only_while_open_and_within_its_days() -> None:
    opens, closes = date(2026, 3, 1), date(2026, 3, 31)
    assert closed_problem("open", opens, closes, date(2026, 3, 1)) is None
    assert closed_problem("open", opens, closes, date(2026, 3, 31)) is None
    assert closed_problem("open", opens, closes, date(2026, 2, 28)) is not None
    assert closed_problem("open", opens, closes, date(2026, 4, 1)) is not None
    assert closed_problem("draft", opens, closes, date(2026, 3, 5)) == "评议尚未开始"
    assert closed_problem("closed", opens, closes, date(2026, 3, 5)) == "评议已结束"
