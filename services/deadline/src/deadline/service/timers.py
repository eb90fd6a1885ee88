"""Timers and their alarms: started on the policy version in force, clocks moved (pause,
resume, extension, a newly loaded year) with the alarms not rung yet re-planned, and ended.
A limit reaching a year nobody has loaded is parked: no due time until the year is known."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from common.vocabulary import RequestKind, TimerStage
from deadline.domain.alarms import (
    AlarmSpec,
    AlarmTime,
    TimerClock,
    TimerPlan,
    alarm_specs,
    plan_timer,
    stored_spec,
)
from deadline.domain.policy import Policy
from deadline.repository.store import Unit
from deadline.service.clockwork import Clockwork
from deadline.service.policies import current_policy

HANDLING_STAGES = (TimerStage.SIGN, TimerStage.FIRST_RESPONSE, TimerStage.RESOLUTION)
#: An outside unit's limits (转办): to acknowledge, and to answer.
TRANSFER_STAGES = (TimerStage.TRANSFER_ACKNOWLEDGE, TimerStage.TRANSFER_ANSWER)


@dataclass(frozen=True)
class TimerStart:
    case_id: str
    stage: TimerStage
    round: int
    kind: RequestKind
    category: str | None
    department: str | None
    start: datetime
    attempt: int


async def start_stages(
    uow: Unit,
    clock: Clockwork,
    stages: Iterable[TimerStage],
    *,
    case_id: str,
    round: int,
    kind: RequestKind,
    category: str | None,
    department: str | None,
    at: datetime,
    attempt: int = 1,
) -> list[Any]:
    """One timer per stage, all for the same case, round, department and start."""
    starts = [
        TimerStart(case_id, stage, round, kind, category, department, at, attempt)
        for stage in stages
    ]
    return await start_timers(uow, clock, starts)


async def start_timers(uow: Unit, clock: Clockwork, starts: Sequence[TimerStart]) -> list[Any]:
    """Timers and their alarms, on the current policy version; returns the timers created.
    A limit reaching a year nobody has loaded is parked; the others start as usual."""
    policy = await current_policy(uow, clock)
    calendar = clock.calendar
    rows, plans, specs_of = [], {}, {}
    for start in starts:
        limit = policy.limit(start.stage, start.kind, start.category, calendar.day_minutes)
        timer = TimerClock(limit_minutes=limit.minutes, anchor_at=start.start)
        specs = stage_alarm_specs(policy, start.stage)
        plan = plan_timer(timer, specs, calendar)
        rows.append(
            {
                "case_id": start.case_id,
                "stage": start.stage.value,
                "round": start.round,
                "attempt": start.attempt,
                "kind": start.kind.value,
                "category": start.category,
                "department": start.department,
                "policy": limit.rule,
                "policy_version": limit.version,
                "limit_minutes": limit.minutes,
                "extension_minutes": 0,
                "consumed_minutes": 0,
                "started_at": start.start,
                "anchor_at": start.start,
                "due_at": plan.due_at,
                "parked_year": plan.parked_year,
            }
        )
        plans[(start.case_id, start.stage.value, start.round)] = plan
        specs_of[start.stage.value] = specs
    created = await uow.store.timers.insert(rows)
    await uow.store.alarms.insert(
        [
            _alarm_row(row.id, spec, plans[(row.case_id, row.stage, row.round)].alarms[spec.name])
            for row in created
            for spec in specs_of[row.stage]
        ]
    )
    clock.wake.set()
    return created


def stage_alarm_specs(policy: Policy, stage: TimerStage) -> tuple[AlarmSpec, ...]:
    """Warnings and the limit for every stage; the escalation ladder (催办, 督办, 问责) is
    the handling departments' and callback's, not the dispatch queue's: an overdue queue is
    the dispatch centre's own signal."""
    ladder = () if stage is TimerStage.DISPATCH else policy.ladder
    return alarm_specs(policy.warning_fractions, ladder)


def _alarm_row(timer_id: int, spec: AlarmSpec, time: AlarmTime) -> dict[str, Any]:
    return {
        "timer_id": timer_id,
        "kind": spec.kind.value,
        "name": spec.name,
        "fraction": spec.fraction,
        "days_after": spec.days_after,
        "answer_after_days": spec.answer_after_days,
        "due_at": time.due_at,
        "respond_by": time.respond_by,
    }


def clock_of(row: Any) -> TimerClock:
    return TimerClock(
        limit_minutes=row.limit_minutes,
        anchor_at=row.anchor_at,
        consumed_minutes=row.consumed_minutes,
        extension_minutes=row.extension_minutes,
        paused_at=row.paused_at,
    )


async def change_clocks(
    uow: Unit,
    clock: Clockwork,
    rows: Sequence[Any],
    change: Callable[[TimerClock], TimerClock],
) -> list[tuple[Any, TimerPlan]]:
    """Apply `change` to each timer's clock and re-plan the alarms it has not rung yet. A
    limit that now reaches an unloaded year is parked (no due time, alarms held), never
    left at its earlier time. Returns each timer with its new plan."""
    if not rows:
        return []
    calendar = clock.calendar
    pending: dict[int, list[Any]] = {}
    for alarm in await uow.store.alarms.pending([r.id for r in rows]):
        pending.setdefault(alarm.timer_id, []).append(alarm)
    timer_changes, alarm_changes, planned = [], [], []
    for row in rows:
        new = change(clock_of(row))
        alarms = pending.get(row.id, [])
        specs = [
            stored_spec(a.kind, a.name, a.fraction, a.days_after, a.answer_after_days)
            for a in alarms
        ]
        plan = plan_timer(new, specs, calendar)
        planned.append((row, plan))
        timer_changes.append(
            {
                "id": row.id,
                "consumed_minutes": new.consumed_minutes,
                "extension_minutes": new.extension_minutes,
                "anchor_at": new.anchor_at,
                "paused_at": new.paused_at,
                "due_at": plan.due_at,
                "state": "paused" if new.paused else "running",
                "parked_year": plan.parked_year,
            }
        )
        alarm_changes += [
            {
                "id": a.id,
                "due_at": plan.alarms[a.name].due_at,
                "respond_by": plan.alarms[a.name].respond_by,
            }
            for a in alarms
        ]
    await uow.store.timers.save_clocks(timer_changes)
    await uow.store.alarms.set_dues(alarm_changes)
    clock.wake.set()
    return planned


def of_stages(rows: Iterable[Any], *stages: TimerStage) -> list[Any]:
    names = {s.value for s in stages}
    return [r for r in rows if r.stage in names]


async def end(uow: Unit, case_id: str, stages: Sequence[TimerStage], at: datetime) -> None:
    """The stages' open timers stopped: their work was done (in time or not)."""
    await uow.store.timers.end(case_id, stages=[s.value for s in stages], at=at, state="stopped")


async def cancel(
    uow: Unit, case_id: str, at: datetime, stages: Sequence[TimerStage] | None = None
) -> None:
    """Open timers (of these stages, or all) cancelled: their work no longer falls due."""
    names = None if stages is None else [s.value for s in stages]
    await uow.store.timers.end(case_id, stages=names, at=at, state="cancelled")
