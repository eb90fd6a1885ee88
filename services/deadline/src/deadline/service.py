"""Deadline use cases: lifecycle events start and stop timers; due timers become overdue
events. The working calendar and the policy are passed in, so rules stay testable."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from common.clock import utcnow
from common.consumer import MessageContext
from common.events import (
    CallbackCompleted,
    CaseAssigned,
    CaseClosed,
    CaseReopened,
    CaseResolved,
    CaseSigned,
    DeadlineExceeded,
)
from common.outbox import UnitOfWork
from common.vocabulary import RequestKind, TimerStage
from deadline import repository
from deadline.domain.calendar import UnknownCalendarYear, WorkingCalendar
from deadline.domain.policy import SlaPolicy
from deadline.domain.schedule import ScheduleBook, YearSchedule


@dataclass
class Clockwork:
    """The calendar and policy timers are computed with; the calendar is swapped whole when
    an administrator loads a year."""

    calendar: WorkingCalendar
    policy: SlaPolicy

    def timer(
        self,
        *,
        case_id: str,
        stage: TimerStage,
        round: int,
        kind: RequestKind,
        department: str | None,
        start: datetime,
    ) -> dict[str, Any]:
        minutes = self.policy.limit_minutes(stage, kind, self.calendar.day_minutes)
        return {
            "case_id": case_id,
            "stage": stage.value,
            "round": round,
            "kind": kind.value,
            "department": department,
            "policy": self.policy.version,
            "limit_minutes": minutes,
            "started_at": start,
            "due_at": self.calendar.add_minutes(start, minutes),
        }


def lifecycle_handlers(clock: Clockwork) -> dict[str, Any]:
    async def on_assigned(event: CaseAssigned, ctx: MessageContext) -> None:
        await repository.start_timers(
            ctx.session,
            [
                clock.timer(
                    case_id=ctx.envelope.case_id,
                    stage=stage,
                    round=event.round,
                    kind=event.kind,
                    department=event.lead_department,
                    start=event.assigned_at,
                )
                for stage in (TimerStage.SIGN, TimerStage.RESOLUTION)
            ],
        )

    async def on_signed(event: CaseSigned, ctx: MessageContext) -> None:
        await _stop(ctx, [TimerStage.SIGN], event.signed_at)

    async def on_resolved(event: CaseResolved, ctx: MessageContext) -> None:
        await _stop(ctx, [TimerStage.SIGN, TimerStage.RESOLUTION], event.resolved_at)
        kind = await repository.latest_kind(ctx.session, ctx.envelope.case_id)
        await repository.start_timers(
            ctx.session,
            [
                clock.timer(
                    case_id=ctx.envelope.case_id,
                    stage=TimerStage.CALLBACK,
                    round=event.round,
                    kind=RequestKind(kind or RequestKind.COMPLAINT),
                    department=None,
                    start=event.resolved_at,
                )
            ],
        )

    async def on_callback(event: CallbackCompleted, ctx: MessageContext) -> None:
        await _stop(ctx, [TimerStage.CALLBACK], event.completed_at)

    async def on_reopened(event: CaseReopened, ctx: MessageContext) -> None:
        kind = await repository.latest_kind(ctx.session, ctx.envelope.case_id)
        await repository.start_timers(
            ctx.session,
            [
                clock.timer(
                    case_id=ctx.envelope.case_id,
                    stage=stage,
                    round=event.round,
                    kind=RequestKind(kind or RequestKind.COMPLAINT),
                    department=event.lead_department,
                    start=event.reopened_at,
                )
                for stage in (TimerStage.SIGN, TimerStage.RESOLUTION)
            ],
        )

    async def on_closed(event: CaseClosed, ctx: MessageContext) -> None:
        await repository.stop_timers(
            ctx.session, ctx.envelope.case_id, stages=None, at=event.closed_at, state="cancelled"
        )

    return {
        "CaseAssigned": on_assigned,
        "CaseSigned": on_signed,
        "CaseResolved": on_resolved,
        "CallbackCompleted": on_callback,
        "CaseReopened": on_reopened,
        "CaseClosed": on_closed,
    }


async def _stop(ctx: MessageContext, stages: list[TimerStage], at: datetime) -> None:
    await repository.stop_timers(
        ctx.session, ctx.envelope.case_id, stages=[s.value for s in stages], at=at, state="stopped"
    )


async def fire_due(uow: UnitOfWork, *, limit: int = 1000) -> int:
    """Turn every due timer into one DeadlineExceeded event, in the same transaction."""
    rows = await repository.claim_due(uow.session, now=utcnow(), limit=limit)
    for row in rows:
        uow.emit(
            DeadlineExceeded(
                timer_id=row.id,
                stage=TimerStage(row.stage),
                department=row.department,
                started_at=row.started_at,
                due_at=row.due_at,
                policy=row.policy,
            ),
            case_id=row.case_id,
        )
    return len(rows)


def timer_view(row: Any, calendar: WorkingCalendar, now: datetime) -> dict[str, Any]:
    open_ = row.state in repository.OPEN_STATES
    return {
        "timer_id": row.id,
        "stage": row.stage,
        "round": row.round,
        "department": row.department,
        "policy": row.policy,
        "limit_working_minutes": row.limit_minutes,
        "started_at": row.started_at,
        "due_at": row.due_at,
        "state": row.state,
        "stopped_at": row.stopped_at,
        "fired_at": row.fired_at,
        "working_minutes_left": calendar.minutes_between(now, row.due_at) if open_ else None,
    }


def calendar_from(
    schedules: dict[int, YearSchedule], template: WorkingCalendar, bundled: Any
) -> WorkingCalendar:
    """A calendar with the loaded years over the bundled ones, same business hours."""
    book = ScheduleBook(schedules, bundled)
    return WorkingCalendar(book.is_workday, hours=template.hours, tz=template.tz)


async def load_year(
    uow: UnitOfWork, clock: Clockwork, schedule: YearSchedule, *, actor: str, bundled: Any
) -> int:
    """Store a year's schedule, switch to it, and move the open timers it affects."""
    await repository.save_schedule(uow.session, schedule, loaded_by=actor)
    await reload_calendar(uow.session, clock, bundled)
    return await recompute_open_timers(uow.session, clock, since_year=schedule.year)


async def reload_calendar(session: Any, clock: Clockwork, bundled: Any) -> None:
    schedules = await repository.loaded_schedules(session)
    clock.calendar = calendar_from(schedules, clock.calendar, bundled)


async def recompute_open_timers(session: Any, clock: Clockwork, *, since_year: int) -> int:
    """Running timers due in or after the changed year get their due time again."""
    since = datetime(since_year, 1, 1, tzinfo=clock.calendar.tz)
    changes = []
    for row in await repository.running_timers_due_from(session, since):
        try:
            due = clock.calendar.add_minutes(row.started_at, row.limit_minutes)
        except UnknownCalendarYear:
            continue  # still beyond every known year: keeps its due time until that is loaded
        changes.append({"id": row.id, "due_at": due})
    await repository.set_due(session, changes)
    return len(changes)
