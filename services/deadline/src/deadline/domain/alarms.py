"""A timer's clock and the alarms it rings. Pure code: the calendar is passed in.

A timer counts working minutes against a budget (the policy's limit plus granted
extensions). It runs from an anchor instant having already consumed some minutes; a
suspension freezes the count, a resumption sets a new anchor. Every alarm sits at a fixed
point of that count (a fraction of the budget, the budget itself, the budget plus N working
days), so its due time follows the clock: suspension time and extensions move it, and a
paused clock has no due times at all.

A point the calendar cannot place (it reaches a year nobody has loaded) is parked: it has
no due time, and the plan names the first such year. A parked limit holds every alarm of
the timer, warnings included (each announces the limit); a limit that can be placed rings
its alarms as usual, and only the points beyond the known years wait. Loading the year
places them (service.recompute_open_timers).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from common.vocabulary import EscalationStep
from deadline.domain.calendar import UnknownCalendarYear, WorkingCalendar

#: A 督办 that is the last rung of the ladder gives the department this long to answer.
ORDER_ANSWER_WORKING_DAYS = 3


class AlarmKind(StrEnum):
    WARNING = "warning"  # 临期预警
    EXCEEDED = "exceeded"  # 超期
    ESCALATION = "escalation"  # 催办 -> 督办 -> 问责


@dataclass(frozen=True)
class AlarmSpec:
    """One alarm a timer rings at most once; `name` identifies it within the timer."""

    kind: AlarmKind
    name: str
    fraction: float | None = None
    step: EscalationStep | None = None
    days_after: int = 0
    answer_after_days: int | None = None  # 督办: the answer is due this long after the limit

    def offset(self, budget: int, day_minutes: int) -> int:
        """The working minute of the count at which the alarm rings."""
        if self.kind is AlarmKind.WARNING:
            assert self.fraction is not None
            return max(1, math.ceil(budget * self.fraction))
        if self.kind is AlarmKind.EXCEEDED:
            return budget
        return budget + self.days_after * day_minutes

    def answer_offset(self, budget: int, day_minutes: int) -> int | None:
        """The point of the count by which a 督办 must be answered; None for other alarms."""
        if self.answer_after_days is None:
            return None
        return budget + self.answer_after_days * day_minutes


def alarm_specs(
    fractions: Iterable[float], ladder: Iterable[tuple[EscalationStep, int]]
) -> tuple[AlarmSpec, ...]:
    warnings = [
        AlarmSpec(AlarmKind.WARNING, f"warning-{f:g}", fraction=f) for f in sorted(fractions)
    ]
    rungs = list(ladder)
    steps = [
        AlarmSpec(
            AlarmKind.ESCALATION,
            step.value,
            step=step,
            days_after=days,
            answer_after_days=_answer_after(step, days, rungs),
        )
        for step, days in rungs
    ]
    return (*warnings, AlarmSpec(AlarmKind.EXCEEDED, "exceeded"), *steps)


def _answer_after(
    step: EscalationStep, days: int, ladder: Sequence[tuple[EscalationStep, int]]
) -> int | None:
    """A 督办 is answered by the next rung of the ladder (by default accountability: the
    department reports before the case goes further); the last rung gives
    ORDER_ANSWER_WORKING_DAYS."""
    if step is not EscalationStep.SUPERVISION_ORDER:
        return None
    later = [d for _, d in ladder if d > days]
    return min(later) if later else days + ORDER_ANSWER_WORKING_DAYS


def stored_spec(
    kind: str,
    name: str,
    fraction: float | None,
    days_after: int,
    answer_after_days: int | None = None,
) -> AlarmSpec:
    """The spec back from an alarm row, as planned with the timer's policy version."""
    alarm = AlarmKind(kind)
    step = EscalationStep(name) if alarm is AlarmKind.ESCALATION else None
    return AlarmSpec(
        alarm,
        name,
        fraction=fraction,
        step=step,
        days_after=days_after,
        answer_after_days=answer_after_days,
    )


@dataclass(frozen=True)
class TimerClock:
    limit_minutes: int
    anchor_at: datetime
    consumed_minutes: int = 0  # consumed before anchor_at
    extension_minutes: int = 0
    paused_at: datetime | None = None

    @property
    def budget(self) -> int:
        return self.limit_minutes + self.extension_minutes

    @property
    def paused(self) -> bool:
        return self.paused_at is not None

    def consumed(self, now: datetime, calendar: WorkingCalendar) -> int:
        if self.paused or now <= self.anchor_at:
            return self.consumed_minutes
        return self.consumed_minutes + calendar.minutes_between(self.anchor_at, now)

    def left(self, now: datetime, calendar: WorkingCalendar) -> int:
        """Working minutes left until the limit; negative once it has passed."""
        return self.budget - self.consumed(now, calendar)

    def at_offset(self, offset: int, calendar: WorkingCalendar) -> datetime | None:
        """When the count reaches `offset`; None while paused. A point already passed while
        an alarm was held (paused) falls due at the anchor, that is at once."""
        if self.paused:
            return None
        return calendar.add_minutes(self.anchor_at, max(0, offset - self.consumed_minutes))

    def due_at(self, calendar: WorkingCalendar) -> datetime | None:
        return self.at_offset(self.budget, calendar)

    def pause(self, at: datetime, calendar: WorkingCalendar) -> TimerClock:
        if self.paused:
            return self
        at = max(at, self.anchor_at)
        return replace(
            self, consumed_minutes=self.consumed(at, calendar), anchor_at=at, paused_at=at
        )

    def resume(self, at: datetime) -> TimerClock:
        if self.paused_at is None:
            return self
        return replace(self, anchor_at=max(at, self.paused_at), paused_at=None)

    def extend(self, minutes: int) -> TimerClock:
        return replace(self, extension_minutes=self.extension_minutes + minutes)


def plan_alarms(
    clock: TimerClock,
    specs: Sequence[AlarmSpec],
    calendar: WorkingCalendar,
    *,
    fired: Iterable[str] = (),
) -> dict[str, datetime | None]:
    """Due time of every alarm not yet fired (None: held while the clock is paused). A fired
    alarm is never planned again, whatever the clock does afterwards."""
    done = set(fired)
    day = calendar.day_minutes
    return {
        spec.name: clock.at_offset(spec.offset(clock.budget, day), calendar)
        for spec in specs
        if spec.name not in done
    }


@dataclass(frozen=True)
class AlarmTime:
    due_at: datetime | None  # None: held (paused) or parked
    respond_by: datetime | None = None  # 督办 only: when the written answer is due


@dataclass(frozen=True)
class TimerPlan:
    """A clock on a calendar: the limit, each unrung alarm's time, and the first year not
    loaded that any of them reaches (None: everything is placed, or the clock is paused)."""

    due_at: datetime | None
    alarms: Mapping[str, AlarmTime]
    parked_year: int | None = None

    @property
    def limit_parked(self) -> bool:
        return self.due_at is None and self.parked_year is not None


def plan_timer(
    clock: TimerClock,
    specs: Sequence[AlarmSpec],
    calendar: WorkingCalendar,
    *,
    fired: Iterable[str] = (),
) -> TimerPlan:
    """Like plan_alarms, but a point beyond every known year parks instead of raising."""
    done = set(fired)
    todo = [spec for spec in specs if spec.name not in done]
    if clock.paused:
        return TimerPlan(None, {spec.name: AlarmTime(None) for spec in todo})
    waiting: list[int] = []

    def place(offset: int | None) -> datetime | None:
        if offset is None:
            return None
        try:
            return clock.at_offset(offset, calendar)
        except UnknownCalendarYear as unknown:
            waiting.append(unknown.year)
            return None

    due = place(clock.budget)
    if due is None:
        return TimerPlan(None, {spec.name: AlarmTime(None) for spec in todo}, min(waiting))
    day, budget = calendar.day_minutes, clock.budget
    alarms = {
        spec.name: AlarmTime(
            place(spec.offset(budget, day)), place(spec.answer_offset(budget, day))
        )
        for spec in todo
    }
    return TimerPlan(due, alarms, min(waiting, default=None))
