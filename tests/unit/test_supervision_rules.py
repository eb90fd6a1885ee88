"""Buck-passing and recurring-matter rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from common.events import CallbackCompleted, CaseReferredToSupervision, DeadlineExceeded
from common.vocabulary import Satisfaction, TimerStage
from supervision.domain.buck_passing import (
    TOO_MANY_RETURNS,
    Return,
    bounced_rule,
    describe,
    findings,
)
from supervision.domain.orders import respond_by
from supervision.domain.periods import SHANGHAI
from supervision.domain.recurring import normalised_address, recurrences
from supervision.domain.scorecard import CaseFacts
from supervision.domain.signals import from_callback, from_overdue, from_referral
from tests.support.supervision_stories import at


def returns(*departments: str) -> list[Return]:
    return [Return(f"r{n}", d, at(1, 9) + timedelta(hours=n)) for n, d in enumerate(departments)]


def test_two_returns_are_within_the_limit() -> None:
    assert findings(returns("a", "b"), max_returns=2, pair_bounces=2) == []


def test_a_third_return_crosses_the_limit_with_every_return_as_evidence() -> None:
    (finding,) = findings(returns("a", "b", "c"), max_returns=2, pair_bounces=2)
    assert finding.rule == TOO_MANY_RETURNS
    assert finding.returns_in_case == 3
    assert finding.evidence_event_ids == ["r0", "r1", "r2"]
    assert finding.departments == ["a", "b", "c"]


def test_the_same_pair_bouncing_twice_is_buck_passing_whatever_the_count() -> None:
    # a returns, b returns, a returns: the pair a|b bounced twice in three returns
    found = findings(returns("a", "b", "a"), max_returns=5, pair_bounces=2)
    assert [(f.rule, f.departments, f.evidence_event_ids) for f in found] == [
        ("bounced:a|b", ["a", "b"], ["r0", "r1", "r2"])
    ]


def test_different_pairs_do_not_add_up() -> None:
    assert findings(returns("a", "b", "c", "d"), max_returns=5, pair_bounces=2) == []


def test_order_is_by_return_time_not_by_arrival() -> None:
    shuffled = list(reversed(returns("a", "b", "a")))
    (finding,) = findings(shuffled, max_returns=5, pair_bounces=2)
    assert finding.evidence_event_ids == ["r0", "r1", "r2"]


def place(
    case_id: str,
    *,
    registered_day: int,
    closed_day: int | None = None,
    category: str = "streetlight",
    address: str | None = "湘江新区 某路 12号",
    area: str | None = "xiangjiang",
    latitude: float | None = None,
    longitude: float | None = None,
    month: int = 4,
) -> CaseFacts:
    return CaseFacts(
        case_id,
        category=category,
        area=area,
        address=address,
        latitude=latitude,
        longitude=longitude,
        registered_at=at(registered_day, 9, month=month),
        closed_at=at(closed_day, 9, month=month) if closed_day else None,
        accepted_at=at(registered_day, 9, month=month),
    )


def test_addresses_are_compared_without_spaces_punctuation_or_full_width_digits() -> None:
    assert normalised_address("湘江新区 某路１２号。") == normalised_address("湘江新区某路12号")


def test_a_new_case_at_the_same_address_after_closure_recurs() -> None:
    first = place("A", registered_day=1, closed_day=3)
    again = place("B", registered_day=20, address="湘江新区某路１２号")
    (found,) = recurrences([first, again], window_days=90, radius_m=200)
    assert (found.case_id, found.earlier_case_id, found.days_after_closure) == ("B", "A", 17)


def test_before_closure_other_category_or_outside_the_window_does_not_recur() -> None:
    first = place("A", registered_day=1, closed_day=10)
    still_open = place("B", registered_day=5)  # registered before A was closed
    other = place("C", registered_day=20, category="road")
    too_late = place("D", registered_day=20, month=8)  # more than 90 days after 10 April
    assert recurrences([first, still_open, other, too_late], window_days=90, radius_m=200) == []


def test_within_the_radius_recurs_even_with_another_address() -> None:
    first = place("A", registered_day=1, closed_day=3, latitude=28.2282, longitude=112.9388)
    # about 111 m further north
    near = place("B", registered_day=6, address="另一个写法", latitude=28.2292, longitude=112.9388)
    far = place("C", registered_day=6, address="远处", latitude=28.2382, longitude=112.9388)
    found = recurrences([first, near, far], window_days=90, radius_m=200)
    assert [(f.case_id, f.earlier_case_id) for f in found] == [("B", "A")]


def test_an_automatic_order_is_answered_by_the_time_deadline_stamped() -> None:
    # issued Monday 30 September 2024; deadline placed the answer after the National Day week
    issued = datetime(2024, 9, 30, 10, 0, tzinfo=SHANGHAI)
    stamped = datetime(2024, 10, 10, 17, 30, tzinfo=SHANGHAI)
    assert respond_by(issued, stamped) == stamped


def test_an_unstamped_order_gets_a_calendar_week_not_a_calendar_of_its_own() -> None:
    issued = datetime(2024, 9, 30, 10, 0, tzinfo=SHANGHAI)
    # an escalation published before deadline stamped the time: seven calendar days
    assert respond_by(issued, None) == datetime(2024, 10, 7, 10, 0, tzinfo=SHANGHAI)


def test_an_overdue_signal_reads_in_chinese_with_the_districts_time() -> None:
    exceeded = DeadlineExceeded(
        timer_id=1,
        stage=TimerStage.SIGN,
        department="urban-management",
        started_at=datetime(2026, 11, 29, 3, 0, tzinfo=UTC),
        due_at=datetime(2026, 11, 30, 3, 0, tzinfo=UTC),
        policy="sign",
    )
    signal = from_overdue(exceeded, exceeded.department)
    assert signal.kind == "overdue" and signal.department == "urban-management"
    assert signal.detail == "签收时限已于2026-11-30 11:00届满，仍未完成（时限规则：sign）"


def test_an_overdue_dispatch_queue_names_the_stage_and_the_dispatch_centre() -> None:
    exceeded = DeadlineExceeded(
        timer_id=2,
        stage=TimerStage.DISPATCH,
        department="service-centre",
        started_at=datetime(2026, 11, 30, 1, 0, tzinfo=UTC),
        due_at=datetime(2026, 11, 30, 3, 0, tzinfo=UTC),
        policy="dispatch",
    )
    signal = from_overdue(exceeded, exceeded.department)
    assert signal.department == "service-centre"
    assert signal.detail == "派单时限已于2026-11-30 11:00届满，仍未完成（时限规则：dispatch）"


def test_callback_and_referral_signals_read_in_chinese() -> None:
    unsolved = CallbackCompleted(
        round=2,
        satisfaction=Satisfaction.BASICALLY_SATISFIED,
        solved=False,
        comment="还有两盏不亮",
        agent="li",
        completed_at=datetime(2026, 11, 30, 3, 0, tzinfo=UTC),
    )
    signal = from_callback(unsolved, "urban-management")
    assert signal is not None and signal.kind == "unsolved"
    assert signal.detail == "第2轮回访：基本满意，未解决（还有两盏不亮）"
    referred = CaseReferredToSupervision(
        lead_department="urban-management",
        round=3,
        reason="回访不满意，未解决；已办理3轮仍未解决，移交督查",
        actor="callback:li",
        referred_at=datetime(2026, 11, 30, 3, 0, tzinfo=UTC),
    )
    assert from_referral(referred).detail.startswith("办理3轮后移交督查：回访不满意")


def test_a_buck_passing_finding_reads_in_chinese() -> None:
    assert describe(TOO_MANY_RETURNS, 3) == "本件已退单3次，超过允许的次数"
    assert describe(bounced_rule("b", "a"), 3) == "两个单位之间来回退单，本件共退单3次"
