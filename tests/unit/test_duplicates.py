"""Duplicate scoring and the candidate rules: same submitter on the same matter, or the
same category at the same place, each within its time window."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from intake.config import Settings
from intake.domain.duplicates import (
    SAME_PLACE,
    SAME_SUBMITTER,
    CaseFacts,
    assess,
    bigrams,
    bounding_box,
    distance_m,
    suspicions,
    text_similarity,
)

NOW = datetime(2026, 4, 14, 9, 0, tzinfo=UTC)
#: the rules the default settings give
RULES = Settings(
    database_url="postgresql://x@y/z", kafka_bootstrap_servers="k:9092"
).duplicate_rules()
LIGHTS = "道路路灯多年不亮 片区主干道42盏路灯多年不亮，夜间出行不便。"
LIGHTS_AGAIN = "路灯还是不亮 片区主干道的42盏路灯多年不亮，晚上出行很不方便！"
PARKING = "小区停车位被占用 物业不处理小区内车位被长期占用的问题。"


def facts(case_id: str, **overrides: object) -> CaseFacts:
    base: dict[str, object] = {
        "case_id": case_id,
        "registered_at": NOW,
        "text": LIGHTS,
        "submitter_key": "phone:13800000001",
        "category": "streetlight",
        "address_key": None,
        "latitude": None,
        "longitude": None,
    }
    return CaseFacts(**{**base, **overrides})  # type: ignore[arg-type]


def test_bigrams_ignore_punctuation_spaces_and_width() -> None:
    assert bigrams("路灯，不亮！") == bigrams("路灯 不亮")
    assert bigrams("ＡＢ") == bigrams("ab")
    assert bigrams("灯") == {"灯": 1}
    assert not bigrams("，。")


def test_similarity_is_one_for_the_same_text_and_high_for_a_rewording() -> None:
    assert text_similarity(LIGHTS, LIGHTS) == pytest.approx(1.0)
    assert text_similarity(LIGHTS, LIGHTS_AGAIN) >= RULES.text_threshold
    assert text_similarity(LIGHTS, PARKING) < 0.2
    assert text_similarity("", LIGHTS) == 0.0


def test_distance_and_bounding_box() -> None:
    # 0.001 degree of latitude is about 111 m
    assert distance_m(28.2282, 112.9388, 28.2292, 112.9388) == pytest.approx(111.2, abs=0.5)
    min_lat, max_lat, min_lon, max_lon = bounding_box(28.2282, 112.9388, 200)
    assert min_lat < 28.2282 < max_lat and min_lon < 112.9388 < max_lon
    # the box holds the whole circle: its edges are 200 m away along each axis
    assert distance_m(28.2282, 112.9388, max_lat, 112.9388) == pytest.approx(200, abs=0.5)
    assert distance_m(28.2282, 112.9388, 28.2282, max_lon) == pytest.approx(200, abs=0.5)


def test_same_submitter_same_matter_within_the_window_is_suspected() -> None:
    earlier = facts("A", registered_at=NOW - timedelta(days=29))
    found = assess(facts("B", text=LIGHTS_AGAIN), earlier, RULES)
    assert found is not None
    assert found.original_case_id == "A" and found.reasons == (SAME_SUBMITTER,)
    assert found.score >= RULES.text_threshold


def test_same_submitter_is_not_enough_for_another_matter_or_an_old_case() -> None:
    assert assess(facts("B", text=PARKING), facts("A"), RULES) is None
    old = facts("A", registered_at=NOW - timedelta(days=31))
    assert assess(facts("B"), old, RULES) is None


def test_another_submitter_with_the_same_text_elsewhere_is_not_suspected() -> None:
    other = facts("A", submitter_key="phone:13900000000")
    assert assess(facts("B"), other, RULES) is None


def test_same_category_nearby_within_a_week_is_suspected_whoever_asks() -> None:
    here = {"latitude": 28.2282, "longitude": 112.9388}
    near = {"latitude": 28.2290, "longitude": 112.9390}  # about 90 m
    earlier = facts("A", submitter_key="phone:13900000000", text=PARKING, **near)
    found = assess(facts("B", **here), earlier, RULES)
    assert found is not None and found.reasons == (SAME_PLACE,)
    assert found.distance_m is not None and 50 < found.distance_m < 150


@pytest.mark.parametrize(
    "change",
    [
        {"latitude": 28.2282 + 0.003, "longitude": 112.9388},  # about 330 m away
        {"registered_at": NOW - timedelta(days=8)},  # outside the week
        {"category": "sanitation"},  # another matter at the same place
    ],
)
def test_place_rule_needs_category_distance_and_time(change: dict[str, object]) -> None:
    place = {"latitude": 28.2282, "longitude": 112.9388}
    earlier = facts("A", submitter_key="phone:13900000000", **{**place, **change})
    assert assess(facts("B", **place), earlier, RULES) is None


def test_same_normalised_address_counts_as_the_same_place() -> None:
    earlier = facts("A", submitter_key=None, address_key="湘江新区望月湖路12号")
    found = assess(facts("B", address_key="湘江新区望月湖路12号"), earlier, RULES)
    assert found is not None and found.reasons == (SAME_PLACE,) and found.distance_m is None


def test_both_rules_together_and_ordering() -> None:
    place = {"latitude": 28.2282, "longitude": 112.9388}
    both = facts("A", **place)
    place_only = facts("C", submitter_key=None, text=PARKING, **place)
    submitter_only = facts("D", text=LIGHTS_AGAIN)
    unrelated = facts("E", submitter_key=None, category="sanitation")
    found = suspicions(facts("B", **place), [unrelated, place_only, submitter_only, both], RULES)
    assert [s.original_case_id for s in found] == ["A", "D", "C"]
    assert found[0].reasons == (SAME_SUBMITTER, SAME_PLACE)


def test_a_later_case_or_the_case_itself_is_no_original() -> None:
    assert assess(facts("B"), facts("B"), RULES) is None
    assert assess(facts("B"), facts("A", registered_at=NOW + timedelta(minutes=1)), RULES) is None


def test_at_most_max_flags_originals() -> None:
    many = [facts(f"A{i}", registered_at=NOW - timedelta(hours=i)) for i in range(10)]
    assert len(suspicions(facts("B"), many, replace(RULES, max_flags=3))) == 3
