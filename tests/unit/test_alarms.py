"""Alarm planning: warnings at fractions of the limit, the limit, the ladder after it; a
suspension holds them, a resumption and an extension move them; a fired alarm never rings
again. Weekdays-only calendar, 9:00-12:00 and 13:30-17:30: 420 working minutes a day."""

from __future__ import annotations

from datetime import datetime

from common.vocabulary import EscalationStep
from deadline.config import BUSINESS_HOURS, parse_hours
from deadline.domain.alarms import AlarmKind, TimerClock, alarm_specs, plan_alarms, plan_timer
from deadline.domain.calendar import CHINA, WorkingCalendar

calendar = WorkingCalendar(lambda d: d.weekday() < 5, hours=parse_hours(BUSINESS_HOURS))
DAY = 420
#: The district file's ladder (deploy/district/sla.yaml), stated here as test data.
LADDER = (
    (EscalationStep.URGE, 1),
    (EscalationStep.SUPERVISION_ORDER, 3),
    (EscalationStep.ACCOUNTABILITY, 5),
)
SPECS = alarm_specs((0.5, 0.75), LADDER)


def at(d: int, hh: int, mm: int = 0, month: int = 3) -> datetime:
    """March 2025: the 3rd is a Monday."""
    return datetime(2025, month, d, hh, mm, tzinfo=CHINA)


def five_days_from_monday() -> TimerClock:
    return TimerClock(limit_minutes=5 * DAY, anchor_at=at(3, 9))


def test_specs_in_ringing_order() -> None:
    assert [s.name for s in SPECS] == [
        "warning-0.5",
        "warning-0.75",
        "exceeded",
        "urge",
        "supervision_order",
        "accountability",
    ]
    assert [s.kind for s in SPECS][2:4] == [AlarmKind.EXCEEDED, AlarmKind.ESCALATION]
    assert SPECS[-1].step is EscalationStep.ACCOUNTABILITY and SPECS[-1].days_after == 5


def test_warnings_the_limit_and_the_ladder() -> None:
    plan = plan_alarms(five_days_from_monday(), SPECS, calendar)
    assert plan == {
        # 1050 minutes = 2.5 days: Monday, Tuesday, then 210 minutes on Wednesday
        "warning-0.5": at(5, 14, 0),
        # 1575 minutes = 3.75 days: Thursday 9:00 + 315 minutes (180 before lunch)
        "warning-0.75": at(6, 15, 45),
        "exceeded": at(7, 17, 30),
        "urge": at(10, 17, 30),  # +1 working day, over the weekend
        "supervision_order": at(12, 17, 30),
        "accountability": at(14, 17, 30),
    }


def test_a_start_outside_working_hours_counts_from_the_next_opening() -> None:
    saturday_night = TimerClock(limit_minutes=120, anchor_at=at(1, 22))
    assert saturday_night.due_at(calendar) == at(3, 11)


def test_suspension_holds_every_alarm_and_keeps_the_time_left() -> None:
    paused = five_days_from_monday().pause(at(4, 9), calendar)  # after one full day
    assert paused.paused and paused.consumed_minutes == DAY
    assert paused.left(at(20, 12), calendar) == 4 * DAY  # the clock does not run
    assert set(plan_alarms(paused, SPECS, calendar).values()) == {None}
    assert paused.due_at(calendar) is None


def test_resumption_moves_the_due_time_by_the_suspended_working_time() -> None:
    clock = five_days_from_monday().pause(at(4, 9), calendar).resume(at(6, 9))
    assert clock.due_at(calendar) == at(11, 17, 30)  # Thu, Fri, Mon, Tue: four days left
    plan = plan_alarms(clock, SPECS, calendar)
    assert plan["warning-0.5"] == at(7, 14, 0)  # 630 minutes after Thursday 9:00
    assert plan["urge"] == at(12, 17, 30)
    assert calendar.minutes_between(at(7, 17, 30), plan["exceeded"] or at(1, 0)) == 2 * DAY


def test_pausing_twice_or_resuming_a_running_clock_changes_nothing() -> None:
    clock = five_days_from_monday()
    assert clock.resume(at(5, 9)) == clock
    paused = clock.pause(at(4, 9), calendar)
    assert paused.pause(at(5, 9), calendar) == paused


def test_a_point_passed_before_the_suspension_falls_due_on_resumption() -> None:
    clock = five_days_from_monday().pause(at(6, 16), calendar)  # 3.5+ days consumed
    plan = plan_alarms(clock.resume(at(10, 9)), SPECS, calendar)
    assert plan["warning-0.5"] == at(10, 9) and plan["warning-0.75"] == at(10, 9)


def test_an_extension_moves_the_limit_the_warnings_and_the_ladder() -> None:
    extended = five_days_from_monday().extend(3 * DAY)
    plan = plan_alarms(extended, SPECS, calendar)
    assert plan["exceeded"] == at(12, 17, 30)
    assert plan["warning-0.5"] == at(6, 17, 30)  # 4 days of 8: the end of Thursday
    assert plan["accountability"] == at(19, 17, 30)


def test_a_fired_alarm_is_never_planned_again() -> None:
    clock = five_days_from_monday()
    fired = ["warning-0.5", "warning-0.75", "exceeded"]
    later = clock.extend(10 * DAY)  # the limit moves far past the fired ones
    plan = plan_alarms(later, SPECS, calendar, fired=fired)
    assert set(plan) == {"urge", "supervision_order", "accountability"}
    assert plan["urge"] == at(24, 17, 30)


def test_time_left_counts_working_minutes_only() -> None:
    clock = five_days_from_monday()
    assert clock.left(at(3, 9), calendar) == 5 * DAY
    assert clock.left(at(3, 12, 30), calendar) == 5 * DAY - 180  # lunch is not working time
    assert clock.left(at(10, 9), calendar) == 0
    assert clock.left(at(11, 9), calendar) == -DAY


def test_a_supervision_order_is_answered_by_the_next_rung_of_the_ladder() -> None:
    plan = plan_timer(five_days_from_monday(), SPECS, calendar)
    order = plan.alarms["supervision_order"]
    assert order.due_at == at(12, 17, 30)
    assert order.respond_by == plan.alarms["accountability"].due_at == at(14, 17, 30)
    assert plan.alarms["urge"].respond_by is None  # only an order asks for an answer
    # the answer-by time is a point of the count: a suspension moves it with the ladder
    later = plan_timer(
        five_days_from_monday().pause(at(4, 9), calendar).resume(at(5, 9)), SPECS, calendar
    )
    assert later.alarms["supervision_order"].respond_by == at(17, 17, 30)


def test_an_order_on_the_last_rung_gives_three_working_days() -> None:
    specs = alarm_specs((0.5,), [(EscalationStep.URGE, 1), (EscalationStep.SUPERVISION_ORDER, 2)])
    plan = plan_timer(five_days_from_monday(), specs, calendar)
    assert plan.alarms["supervision_order"].due_at == at(11, 17, 30)
    assert plan.alarms["supervision_order"].respond_by == at(14, 17, 30)
