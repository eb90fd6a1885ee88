"""Live classification accuracy counts only what people decided, and a retrained model
replaces the current one only when it is better (intake.domain.accuracy, .retraining)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from intake.domain.accuracy import (
    UNVERSIONED,
    Decision,
    DecisionKind,
    Measured,
    confirmed_category,
    figures,
    verdict,
)
from intake.domain.retraining import (
    HELD_OUT_TOLERANCE,
    ModelFigures,
    should_switch,
    split_recent,
)

T0 = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
DOMAINS = {"streetlight": ("urban", "城市管理"), "road": ("urban", "城市管理")}
DOMAINS |= {"water": ("utilities", "水电气暖")}


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def case(
    case_id: str, suggested: str, *decisions: Decision, version: str | None = "m-1"
) -> Measured:
    return Measured(case_id, suggested, "urban-management", version, decisions)


def clerk(category: str, minute: int = 1) -> Decision:
    return Decision(DecisionKind.CLERK, category, at(minute))


def reclassified(category: str, minute: int = 2) -> Decision:
    return Decision(DecisionKind.RECLASSIFIED, category, at(minute))


def upheld(department: str = "urban-management", minute: int = 3) -> Decision:
    return Decision(DecisionKind.RETURN_UPHELD, None, at(minute), department)


def test_a_case_no_person_decided_on_is_not_measured() -> None:
    assert verdict(case("A", "streetlight")) is None
    measured = figures([case("A", "streetlight")], domain_of=DOMAINS.__getitem__, category_name=str)
    assert (measured.suggested, measured.decided, measured.accuracy) == (1, 0, None)


def test_a_clerk_confirming_agrees_and_a_correction_disagrees() -> None:
    confirmed = verdict(case("A", "streetlight", clerk("streetlight")))
    corrected = verdict(case("B", "streetlight", clerk("road")))
    assert confirmed is not None and confirmed.agrees
    assert corrected is not None and not corrected.agrees and corrected.truth == "road"


def test_the_latest_decision_stands() -> None:
    # the clerk confirmed the suggestion, then a dispatcher re-classified: a disagreement
    later = verdict(case("A", "streetlight", reclassified("water", 5), clerk("streetlight", 1)))
    assert later is not None and not later.agrees and later.kind is DecisionKind.RECLASSIFIED
    # ...and a dispatcher putting it back agrees again
    back = verdict(case("A", "streetlight", clerk("road", 1), reclassified("streetlight", 5)))
    assert back is not None and back.agrees


def test_a_return_upheld_counts_against_the_suggestion_only_when_it_routed_the_case() -> None:
    wrong = verdict(case("A", "streetlight", upheld("urban-management")))
    assert wrong is not None and not wrong.agrees and wrong.truth == "streetlight"
    # a person had routed it elsewhere: the upheld return is about them, not the classifier
    elsewhere = case("B", "streetlight", clerk("streetlight", 1), upheld("housing", 3))
    measured = verdict(elsewhere)
    assert measured is not None and measured.agrees and measured.kind is DecisionKind.CLERK
    assert verdict(case("C", "streetlight", upheld("housing"))) is None


def test_figures_per_model_domain_category_and_decision() -> None:
    cases = [
        case("A", "streetlight", clerk("streetlight"), version="m-1"),
        case("B", "streetlight", clerk("road"), version="m-1"),
        case("C", "water", reclassified("water"), version="m-2"),
        case("D", "water", version="m-2"),  # undecided: not counted
        case("E", "road", reclassified("water"), version=None),
    ]
    measured = figures(cases, domain_of=DOMAINS.__getitem__, category_name=str.upper)
    assert (measured.suggested, measured.decided, measured.agreeing) == (5, 4, 2)
    assert measured.accuracy == 0.5
    by_model = {t.key: (t.decided, t.agreeing, t.accuracy) for t in measured.by_model}
    assert by_model == {"m-1": (2, 1, 0.5), "m-2": (1, 1, 1.0), UNVERSIONED: (1, 0, 0.0)}
    by_domain = {t.key: (t.label, t.decided, t.agreeing) for t in measured.by_domain}
    assert by_domain == {"urban": ("城市管理", 2, 1), "utilities": ("水电气暖", 2, 1)}
    assert {t.key: t.label for t in measured.by_category}["road"] == "ROAD"
    by_decision = {t.key: (t.label, t.decided) for t in measured.by_decision}
    assert by_decision == {"clerk": ("受理员甄别确认或改类", 2), "reclassified": ("派单员改类", 2)}


def test_the_confirmed_category_is_the_latest_one_a_person_named() -> None:
    assert confirmed_category([clerk("road", 1), reclassified("water", 4)]) == "water"
    assert confirmed_category([clerk("road", 1), upheld(minute=4)]) is None
    assert confirmed_category([]) is None


def test_switch_only_when_better_on_recent_cases_and_not_worse_held_out() -> None:
    current = ModelFigures(held_out=0.88, held_out_lead=0.94, recent=0.70)
    better = ModelFigures(held_out=0.88, held_out_lead=0.94, recent=0.80)
    assert should_switch(current, better, learnt_anything=True).switch
    same = ModelFigures(held_out=0.89, held_out_lead=0.95, recent=0.70)
    refused = should_switch(current, same, learnt_anything=True)
    assert not refused.switch and "近期确认诉求" in refused.reason_zh
    assert "not better" in refused.reason_en
    slightly_worse = ModelFigures(0.88 - HELD_OUT_TOLERANCE / 2, 0.94, 0.80)
    assert should_switch(current, slightly_worse, learnt_anything=True).switch
    worse = ModelFigures(0.88 - 2 * HELD_OUT_TOLERANCE, 0.94, 0.95)
    held_out_worse = should_switch(current, worse, learnt_anything=True)
    assert not held_out_worse.switch and "留出集" in held_out_worse.reason_zh


def test_without_recent_cases_the_held_out_set_decides_and_without_either_nothing() -> None:
    current, better = ModelFigures(0.86, 0.93, None), ModelFigures(0.87, 0.93, None)
    assert should_switch(current, better, learnt_anything=True).switch
    assert not should_switch(better, current, learnt_anything=True).switch
    nothing = should_switch(
        ModelFigures(None, None, None), ModelFigures(None, None, None), learnt_anything=True
    )
    assert not nothing.switch and "无从比较" in nothing.reason_zh


def test_a_model_that_learnt_nothing_new_is_never_switched_to() -> None:
    current, better = ModelFigures(0.8, 0.9, 0.5), ModelFigures(0.9, 0.95, 0.9)
    same = should_switch(current, better, learnt_anything=False)
    assert not same.switch and "相同" in same.reason_zh


def test_the_newest_quarter_is_kept_back() -> None:
    assert [split_recent(n, 0.25) for n in (0, 1, 2, 4, 8, 10)] == [0, 1, 1, 1, 2, 2]
