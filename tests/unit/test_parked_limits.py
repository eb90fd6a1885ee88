"""A limit that reaches a year nobody has loaded is parked, not an error: every other time is
still computed, nothing is left at an earlier time, and loading the year places it.

The calendar knows 2026 (weekdays only) and nothing after it, as deadline does in late 2026
until the 2027 schedule is loaded. 28 December 2026 is a Monday; a working day is 420
minutes."""

from __future__ import annotations

from datetime import date, datetime

from common.vocabulary import EscalationStep
from deadline.config import BUSINESS_HOURS, parse_hours
from deadline.domain.alarms import TimerClock, alarm_specs, plan_timer
from deadline.domain.calendar import CHINA, WorkingCalendar
from deadline.domain.schedule import ScheduleBook, YearSchedule

DAY = 420
#: The district file's ladder (deploy/district/sla.yaml), stated here as test data.
LADDER = (
    (EscalationStep.URGE, 1),
    (EscalationStep.SUPERVISION_ORDER, 3),
    (EscalationStep.ACCOUNTABILITY, 5),
)
SPECS = alarm_specs((0.5, 0.75), LADDER)
HOURS = parse_hours(BUSINESS_HOURS)
ONLY_2026 = WorkingCalendar(
    ScheduleBook({2026: YearSchedule(2026, "test")}).is_workday, hours=HOURS
)
WITH_2027 = WorkingCalendar(
    ScheduleBook(
        {
            2026: YearSchedule(2026, "test"),
            2027: YearSchedule(2027, "test", holidays={date(2027, 1, 1): "元旦"}),
        }
    ).is_workday,
    hours=HOURS,
)


def dec(day: int, hh: int, mm: int = 0) -> datetime:
    return datetime(2026, 12, day, hh, mm, tzinfo=CHINA)


def jan(day: int, hh: int, mm: int = 0) -> datetime:
    return datetime(2027, 1, day, hh, mm, tzinfo=CHINA)


def test_a_limit_in_the_known_year_is_placed_next_to_one_that_is_parked() -> None:
    sign = plan_timer(TimerClock(2 * 60, anchor_at=dec(28, 9)), SPECS, ONLY_2026)
    assert sign.due_at == dec(28, 11) and sign.alarms["exceeded"].due_at == dec(28, 11)
    assert sign.alarms["warning-0.5"].due_at == dec(28, 10)
    # its ladder reaches 2027: those rungs wait, and the timer says for which year
    assert sign.alarms["urge"].due_at == dec(29, 11)
    assert sign.alarms["accountability"].due_at is None and sign.parked_year == 2027
    assert not sign.limit_parked

    resolution = plan_timer(TimerClock(5 * DAY, anchor_at=dec(28, 9)), SPECS, ONLY_2026)
    assert resolution.limit_parked and resolution.parked_year == 2027
    assert resolution.due_at is None
    # a parked limit rings nothing, not even a warning that 2026 could place
    assert {name: time.due_at for name, time in resolution.alarms.items()} == dict.fromkeys(
        [s.name for s in SPECS]
    )


def test_loading_the_year_places_the_parked_limit_and_its_alarms() -> None:
    resolution = plan_timer(TimerClock(5 * DAY, anchor_at=dec(28, 9)), SPECS, WITH_2027)
    # Mon-Thu of the last week, then 1 January is off: Monday 4 January 17:30
    assert resolution.due_at == jan(4, 17, 30) and resolution.parked_year is None
    assert resolution.alarms["warning-0.5"].due_at == dec(30, 14)
    assert resolution.alarms["exceeded"].due_at == jan(4, 17, 30)


def test_an_extension_into_an_unloaded_year_parks_instead_of_keeping_the_old_time() -> None:
    clock = TimerClock(3 * DAY, anchor_at=dec(21, 9))
    assert plan_timer(clock, SPECS, ONLY_2026).due_at == dec(23, 17, 30)
    extended = plan_timer(clock.extend(10 * DAY), SPECS, ONLY_2026, fired=["warning-0.5"])
    assert extended.limit_parked and extended.parked_year == 2027
    assert extended.due_at is None
    assert "warning-0.5" not in extended.alarms  # rung before the extension: never again
    assert all(time.due_at is None for time in extended.alarms.values())


def test_a_resumption_into_an_unloaded_year_parks_and_a_pause_holds_without_parking() -> None:
    paused = TimerClock(5 * DAY, anchor_at=dec(21, 9)).pause(dec(21, 10), ONLY_2026)
    held = plan_timer(paused, SPECS, ONLY_2026)
    assert held.due_at is None and held.parked_year is None  # paused: nothing to place
    resumed = plan_timer(paused.resume(dec(30, 9)), SPECS, ONLY_2026)
    assert resumed.limit_parked and resumed.parked_year == 2027
    assert resumed.alarms["exceeded"].due_at is None
