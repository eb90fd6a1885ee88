"""Deadline use cases: lifecycle events start, pause, move and stop timers; the scheduler
turns due alarms into events. The calendar and the policy table are passed in, so the rules
stay testable; the arithmetic itself is pure (domain/alarms.py).

Longer than ~400 lines because lifecycle handlers, the scheduler and calendar reloads still
share it; it is to be split into a service/ package, one module per use-case group.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from common import metrics
from common.consumer import MessageContext
from common.envelope import Event
from common.events import (
    CallbackCompleted,
    CallbackFailed,
    CaseAssigned,
    CaseClosed,
    CaseMerged,
    CaseQueuedForDispatcher,
    CaseRejected,
    CaseRejectedByDispatcher,
    CaseReopened,
    CaseResolved,
    CaseResolvedOnTheSpot,
    CaseResumed,
    CaseSentBackToScreening,
    CaseSigned,
    CaseSuspended,
    DeadlineEscalated,
    DeadlineExceeded,
    DeadlineSet,
    DeadlineWarningIssued,
    ExtensionGranted,
    SubmitterContacted,
    TransferAcknowledged,
    TransferAnswered,
)
from common.outbox import OutgoingMessage, UnitOfWork
from common.vocabulary import EscalationStep, RequestKind, TimerStage
from deadline import measures, repository
from deadline.domain.alarms import (
    AlarmKind,
    AlarmSpec,
    AlarmTime,
    TimerClock,
    TimerPlan,
    alarm_specs,
    plan_timer,
    stored_spec,
)
from deadline.domain.calendar import UnknownCalendarYear, WorkingCalendar
from deadline.domain.policy import Policy, policy_from_document
from deadline.domain.schedule import ScheduleBook, YearSchedule

#: Alarm event ids are derived from the alarm, so the same alarm always has the same id.
ALARM_EVENT_NAMESPACE = uuid.UUID("6f1d0c62-5a8e-4d0e-9a57-7f1c3c0de11a")
HANDLING_STAGES = (TimerStage.SIGN, TimerStage.FIRST_RESPONSE, TimerStage.RESOLUTION)
#: An outside unit's limits (转办): to acknowledge, and to answer.
TRANSFER_STAGES = (TimerStage.TRANSFER_ACKNOWLEDGE, TimerStage.TRANSFER_ANSWER)


@dataclass
class Clockwork:
    """The calendar timers are computed with (swapped whole when a year is loaded), the
    policy versions read so far, and a nudge for the scheduler when alarms change."""

    calendar: WorkingCalendar
    policies: dict[int, Policy] = field(default_factory=dict)
    dispatch_department: str | None = None  # whose dispatchers work the dispatch queue
    wake: asyncio.Event = field(default_factory=asyncio.Event)


# --- the policy table ---------------------------------------------------------------------


async def current_policy(session: AsyncSession, clock: Clockwork) -> Policy:
    version = await repository.latest_policy_version(session)
    if version is None:
        raise RuntimeError("no SLA policy: deadline seeds one at start-up")
    return await policy_of(session, clock, version)


async def policy_of(session: AsyncSession, clock: Clockwork, version: int) -> Policy:
    """Versions never change once written, so each is read once per process."""
    known = clock.policies.get(version)
    if known is None:
        row = await repository.policy_version(session, version)
        if row is None:
            raise LookupError(version)
        known = policy_from_document(row.document, version=version, source=row.source)
        clock.policies[version] = known
    return known


async def seed_policy(session: AsyncSession, document: dict[str, Any], *, source: str) -> bool:
    """Version 1 from the district's file, the first time only: edits made through the API
    are never overwritten by a restart. True when seeded now."""
    policy_from_document(document, version=1, source=source)  # refuse a bad file loudly
    if await repository.latest_policy_version(session) is not None:
        return False
    return await repository.add_policy_version(
        session, version=1, document=document, source=source, by="seed"
    )


async def publish_policy(
    session: AsyncSession, clock: Clockwork, change: Callable[[Policy, int], Policy], *, by: str
) -> Policy:
    """A new version made from the latest one; running timers keep theirs."""
    await repository.lock_policy_table(session)
    latest = await current_policy(session, clock)
    new = change(latest, latest.version + 1)
    await repository.add_policy_version(
        session, version=new.version, document=new.document(), source="api", by=by
    )
    clock.policies[new.version] = new
    return new


# --- starting timers ----------------------------------------------------------------------


@dataclass(frozen=True)
class TimerStart:
    case_id: str
    stage: TimerStage
    round: int
    kind: RequestKind
    category: str | None
    department: str | None
    start: datetime
    attempt: int = 1


async def start_timers(
    session: AsyncSession, clock: Clockwork, starts: Sequence[TimerStart]
) -> list[Any]:
    """Timers and their alarms, on the current policy version; returns the timers created.
    A limit reaching a year nobody has loaded is parked; the others start as usual."""
    policy = await current_policy(session, clock)
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
    created = await repository.insert_timers(session, rows)
    await repository.insert_alarms(
        session,
        [
            _alarm_row(row.id, spec, plans[(row.case_id, row.stage, row.round)].alarms[spec.name])
            for row in created
            for spec in specs_of[row.stage]
        ],
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


# --- moving clocks ------------------------------------------------------------------------


def clock_of(row: Any) -> TimerClock:
    return TimerClock(
        limit_minutes=row.limit_minutes,
        anchor_at=row.anchor_at,
        consumed_minutes=row.consumed_minutes,
        extension_minutes=row.extension_minutes,
        paused_at=row.paused_at,
    )


async def change_clocks(
    session: AsyncSession,
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
    for alarm in await repository.pending_alarms(session, [r.id for r in rows]):
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
    await repository.save_clocks(session, timer_changes)
    await repository.set_alarm_dues(session, alarm_changes)
    clock.wake.set()
    return planned


def _of_stages(rows: Iterable[Any], *stages: TimerStage) -> list[Any]:
    names = {s.value for s in stages}
    return [r for r in rows if r.stage in names]


# --- lifecycle ----------------------------------------------------------------------------


def lifecycle_handlers(clock: Clockwork) -> dict[type[Event], Any]:
    async def on_queued(event: CaseQueuedForDispatcher, ctx: MessageContext) -> None:
        """派单时限: from the moment the case waits for a dispatcher; each wait (after a send
        back and a new acceptance) is the next attempt. A message from before the kind was
        carried starts none: the limit's rule cannot be chosen without it."""
        if event.kind is None:
            return
        case_id = ctx.envelope.case_id
        timers = await repository.case_timers(ctx.session, case_id, lock=True)
        waits = _of_stages(timers, TimerStage.DISPATCH)
        if any(t.state in repository.OPEN_STATES for t in waits):
            return  # already waiting: the same wait announced again
        start = TimerStart(
            case_id,
            TimerStage.DISPATCH,
            1,
            event.kind,
            event.category,
            clock.dispatch_department,
            event.queued_at or ctx.envelope.occurred_at,
            attempt=len(waits) + 1,
        )
        await start_timers(ctx.session, clock, [start])

    async def on_sent_back(event: CaseSentBackToScreening, ctx: MessageContext) -> None:
        await repository.end_timers(
            ctx.session,
            ctx.envelope.case_id,
            stages=[TimerStage.DISPATCH.value],
            at=event.sent_back_at,
            state="cancelled",
        )

    async def on_rejected_by_dispatcher(
        event: CaseRejectedByDispatcher, ctx: MessageContext
    ) -> None:
        await _cancel(ctx, event.rejected_at)

    async def on_assigned(event: CaseAssigned, ctx: MessageContext) -> None:
        case_id = ctx.envelope.case_id
        await _end(ctx, [TimerStage.DISPATCH], event.assigned_at)
        timers = await repository.case_timers(ctx.session, case_id, lock=True)
        this_round = [t for t in timers if t.round == event.round]
        if not any(t.stage == TimerStage.RESOLUTION for t in this_round):
            await start_timers(
                ctx.session,
                clock,
                [
                    TimerStart(
                        case_id,
                        stage,
                        event.round,
                        event.kind,
                        event.category,
                        event.lead_department,
                        event.assigned_at,
                    )
                    for stage in HANDLING_STAGES
                ],
            )
            return
        await reroute(ctx.session, clock, this_round, event)

    async def on_signed(event: CaseSigned, ctx: MessageContext) -> None:
        await _end(ctx, [TimerStage.SIGN], event.signed_at)

    async def on_contacted(event: SubmitterContacted, ctx: MessageContext) -> None:
        await _end(ctx, [TimerStage.FIRST_RESPONSE], event.contacted_at)

    async def on_suspended(event: CaseSuspended, ctx: MessageContext) -> None:
        rows = await repository.case_timers(ctx.session, ctx.envelope.case_id, lock=True)
        running = [r for r in rows if r.state == "running"]
        await change_clocks(
            ctx.session, clock, running, lambda c: c.pause(event.suspended_at, clock.calendar)
        )

    async def on_resumed(event: CaseResumed, ctx: MessageContext) -> None:
        rows = await repository.case_timers(ctx.session, ctx.envelope.case_id, lock=True)
        paused = [r for r in rows if r.state == "paused"]
        await change_clocks(ctx.session, clock, paused, lambda c: c.resume(event.resumed_at))

    async def on_extended(event: ExtensionGranted, ctx: MessageContext) -> None:
        rows = await repository.case_timers(
            ctx.session, ctx.envelope.case_id, open_only=True, lock=True
        )
        minutes = event.working_days * clock.calendar.day_minutes
        await change_clocks(
            ctx.session, clock, _of_stages(rows, TimerStage.RESOLUTION), lambda c: c.extend(minutes)
        )

    async def on_resolved(event: CaseResolved, ctx: MessageContext) -> None:
        await _end(ctx, list(HANDLING_STAGES), event.resolved_at)
        await _start_callback(ctx, event.round, event.resolved_at, None, None)

    async def on_resolved_on_the_spot(event: CaseResolvedOnTheSpot, ctx: MessageContext) -> None:
        await _start_callback(ctx, 1, event.resolved_at, event.kind, event.category)

    async def on_callback(event: CallbackCompleted, ctx: MessageContext) -> None:
        await _end(ctx, [TimerStage.CALLBACK], event.completed_at)

    async def on_reopened(event: CaseReopened, ctx: MessageContext) -> None:
        case_id = ctx.envelope.case_id
        await repository.end_timers(
            ctx.session,
            case_id,
            stages=None,
            at=event.reopened_at,
            state="cancelled",
            rounds_before=event.round,
        )
        latest = await repository.latest_timer(ctx.session, case_id)
        kind, category = _kind_and_category(latest, None, None)
        # a case handed to an outside unit stays with it: the unit's limits start again
        transferred = await repository.has_stages(ctx.session, case_id, TRANSFER_STAGES)
        stages = TRANSFER_STAGES if transferred else HANDLING_STAGES
        await start_timers(
            ctx.session,
            clock,
            [
                TimerStart(
                    case_id,
                    stage,
                    event.round,
                    kind,
                    category,
                    event.lead_department,
                    event.reopened_at,
                )
                for stage in stages
            ],
        )

    async def on_closed(event: CaseClosed, ctx: MessageContext) -> None:
        await _cancel(ctx, event.closed_at)

    async def on_merged(event: CaseMerged, ctx: MessageContext) -> None:
        await _cancel(ctx, event.merged_at)

    async def on_rejected(event: CaseRejected, ctx: MessageContext) -> None:
        await _cancel(ctx, event.rejected_at or ctx.envelope.occurred_at)

    async def _start_callback(
        ctx: MessageContext,
        round: int,
        at: datetime,
        kind: RequestKind | None,
        category: str | None,
    ) -> None:
        latest = await repository.latest_timer(ctx.session, ctx.envelope.case_id)
        kind, category = _kind_and_category(latest, kind, category)
        created = await start_timers(
            ctx.session,
            clock,
            [
                TimerStart(
                    ctx.envelope.case_id, TimerStage.CALLBACK, round, kind, category, None, at
                )
            ],
        )
        for timer in created:  # callback orders its agents' queue by this due time
            ctx.emit(
                DeadlineSet(
                    timer_id=timer.id,
                    stage=TimerStage.CALLBACK,
                    department=timer.department,
                    round=timer.round,
                    due_at=timer.due_at,
                    policy=timer.policy,
                    policy_version=timer.policy_version,
                )
            )

    async def on_callback_failed(event: CallbackFailed, ctx: MessageContext) -> None:
        await _end(ctx, [TimerStage.CALLBACK], event.failed_at)

    async def on_transfer_acknowledged(event: TransferAcknowledged, ctx: MessageContext) -> None:
        await _end(ctx, [TimerStage.TRANSFER_ACKNOWLEDGE], event.acknowledged_at)

    async def on_transfer_answered(event: TransferAnswered, ctx: MessageContext) -> None:
        """The unit's answer comes back for callback as a resolution does."""
        stages = [TimerStage.TRANSFER_ACKNOWLEDGE, TimerStage.TRANSFER_ANSWER]
        await _end(ctx, stages, event.answered_at)
        await _start_callback(ctx, event.round, event.answered_at, None, None)

    return {
        CaseAssigned: on_assigned,
        CaseSigned: on_signed,
        SubmitterContacted: on_contacted,
        CaseSuspended: on_suspended,
        CaseResumed: on_resumed,
        ExtensionGranted: on_extended,
        CaseResolved: on_resolved,
        CaseResolvedOnTheSpot: on_resolved_on_the_spot,
        CallbackCompleted: on_callback,
        CallbackFailed: on_callback_failed,
        CaseReopened: on_reopened,
        CaseClosed: on_closed,
        CaseMerged: on_merged,
        CaseRejected: on_rejected,
        TransferAcknowledged: on_transfer_acknowledged,
        TransferAnswered: on_transfer_answered,
        CaseQueuedForDispatcher: on_queued,
        CaseSentBackToScreening: on_sent_back,
        CaseRejectedByDispatcher: on_rejected_by_dispatcher,
    }


async def reroute(
    session: AsyncSession, clock: Clockwork, this_round: Sequence[Any], event: CaseAssigned
) -> None:
    """A new lead for a round already running (after an arbitrated return): the new
    department gets a sign timer of its own; the citizen's clocks (first response,
    resolution) keep running and now belong to the new lead (ADR 0011)."""
    signs = sorted(_of_stages(this_round, TimerStage.SIGN), key=lambda r: r.attempt)
    latest_sign = signs[-1] if signs else None
    if (
        latest_sign is not None
        and latest_sign.department == event.lead_department
        and latest_sign.state in repository.OPEN_STATES
    ):
        return  # the same lead again: nothing changes
    case_id = latest_sign.case_id if latest_sign is not None else this_round[0].case_id
    await repository.end_timers(
        session, case_id, stages=[TimerStage.SIGN.value], at=event.assigned_at, state="cancelled"
    )
    citizen_clocks = [
        r.id
        for r in _of_stages(this_round, TimerStage.FIRST_RESPONSE, TimerStage.RESOLUTION)
        if r.state in repository.OPEN_STATES
    ]
    await repository.set_department(session, citizen_clocks, event.lead_department)
    await start_timers(
        session,
        clock,
        [
            TimerStart(
                case_id,
                TimerStage.SIGN,
                event.round,
                event.kind,
                event.category,
                event.lead_department,
                event.assigned_at,
                attempt=(latest_sign.attempt + 1) if latest_sign is not None else 1,
            )
        ],
    )


def _kind_and_category(
    latest: Any | None, kind: RequestKind | None, category: str | None
) -> tuple[RequestKind, str | None]:
    if kind is not None:
        return kind, category
    if latest is None:
        return RequestKind.COMPLAINT, category
    return RequestKind(latest.kind), latest.category


async def _end(ctx: MessageContext, stages: Sequence[TimerStage], at: datetime) -> None:
    await repository.end_timers(
        ctx.session, ctx.envelope.case_id, stages=[s.value for s in stages], at=at, state="stopped"
    )


async def _cancel(ctx: MessageContext, at: datetime) -> None:
    await repository.end_timers(
        ctx.session, ctx.envelope.case_id, stages=None, at=at, state="cancelled"
    )


# --- the scheduler ------------------------------------------------------------------------


async def fire_due(uow: UnitOfWork, *, now: datetime, limit: int = 1000) -> int:
    """Ring every due alarm once: claimed and announced in the same transaction."""
    rows = await repository.claim_due_alarms(uow.session, now=now, limit=limit)
    lag = metrics.TIMER_LAG.labels("deadline")  # a rolled-back claim counts again when rung
    for row in rows:
        lag.observe((now - row["alarm_due_at"]).total_seconds())
    outbox = uow.outbox
    for message in alarm_messages(rows, at=now, producer=outbox.producer, topic=outbox.topic):
        outbox.send_raw(message)
    measures.count_alarms(uow, rows)
    return len(rows)


def alarm_event(row: Any) -> Event:
    """The typed event of a claimed alarm (a row of claim_due_alarms, read by column name);
    alarm_messages writes the same thing as bytes."""
    common = {
        "timer_id": row["timer_id"],
        "stage": TimerStage(row["stage"]),
        "department": row["department"],
        "due_at": row["due_at"],
        "policy": row["policy"],
        "policy_version": row["policy_version"],
    }
    kind = AlarmKind(row["kind"])
    if kind is AlarmKind.WARNING:
        return DeadlineWarningIssued(fraction=row["fraction"], **common)
    if kind is AlarmKind.EXCEEDED:
        return DeadlineExceeded(started_at=row["started_at"], **common)
    return DeadlineEscalated(
        step=EscalationStep(row["name"]),
        working_days_overdue=row["days_after"],
        respond_by=row["respond_by"],
        **common,
    )


def alarm_event_id(row: Any) -> uuid.UUID:
    return uuid.UUID(_alarm_event_id_text(row))


def _alarm_event_id_text(row: Any) -> str:
    """uuid5(ALARM_EVENT_NAMESPACE, "case/timer/alarm name") as text, written directly
    (without a UUID object) since a burst makes tens of thousands."""
    name = f"{row['case_id']}/{row['timer_id']}/{row['name']}"
    digest = bytearray(hashlib.sha1(_NAMESPACE_BYTES + name.encode()).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def alarm_messages(
    rows: Iterable[Any], *, at: datetime, producer: str, topic: str
) -> list[OutgoingMessage]:
    """The outbox messages announcing claimed alarms, each with an event id fixed by the
    alarm: should an alarm ever be announced twice, consumers drop the second copy by id.

    A burst rings tens of thousands of alarms: building two pydantic models per alarm was a
    third of the scheduler's time, and encoding a dict with json still a sixth. So the JSON
    is written from a template in the field order of Envelope and the payload models, the
    free texts (case id, department, policy, producer) escaped by the JSON encoder, the
    rest being numbers, times, ids and enum values. The bytes are those
    Envelope(...).to_bytes() gives; tests/unit/test_alarm_message.py holds them equal."""
    occurred_at = json_time(at)
    producer_json = _json(producer)
    producer_header = producer.encode()
    messages = []
    for row in rows:
        case_id = row["case_id"]
        event_id = _alarm_event_id_text(row)
        event, payload = _alarm_payload(row)
        value = (
            f'{{"event_id":"{event_id}","event_type":"{event.event_type}",'
            f'"schema_version":{event.schema_version},"occurred_at":"{occurred_at}",'
            f'"case_id":{_json(case_id)},"correlation_id":"{event_id}",'
            f'"causation_id":null,"producer":{producer_json},"payload":{payload}}}'
        )
        messages.append(
            OutgoingMessage(
                topic=topic,
                key=case_id,
                value=value.encode(),
                headers=[
                    ("event_type", event.event_type.encode()),
                    ("event_id", event_id.encode()),
                    ("correlation_id", event_id.encode()),
                    ("schema_version", str(event.schema_version).encode()),
                    ("producer", producer_header),
                ],
                event_id=event_id,
            )
        )
    return messages


def _alarm_payload(row: Any) -> tuple[type[Event], str]:
    """The event model and its payload as JSON, fields in the model's order."""
    kind = AlarmKind(row["kind"])
    event: type[Event]
    end = ""
    if kind is AlarmKind.WARNING:
        event, middle = DeadlineWarningIssued, f'"fraction":{float(row["fraction"])!r},'
    elif kind is AlarmKind.EXCEEDED:
        event, middle = DeadlineExceeded, f'"started_at":"{json_time(row["started_at"])}",'
    else:
        step, days = EscalationStep(row["name"]).value, int(row["days_after"])
        event, middle = DeadlineEscalated, f'"step":"{step}","working_days_overdue":{days},'
        answer = row["respond_by"]
        end = ',"respond_by":' + ("null" if answer is None else f'"{json_time(answer)}"')
    timer_id, stage = int(row["timer_id"]), TimerStage(row["stage"]).value
    department, due_at = _json(row["department"]), json_time(row["due_at"])
    policy, version = _json(row["policy"]), int(row["policy_version"])
    payload = (
        f'{{"timer_id":{timer_id},"stage":"{stage}","department":{department},{middle}'
        f'"due_at":"{due_at}","policy":{policy},"policy_version":{version}{end}}}'
    )
    return event, payload


#: Compact, UTF-8 kept as is: how pydantic's model_dump_json writes a text (or null).
_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_NAMESPACE_BYTES = ALARM_EVENT_NAMESPACE.bytes


def json_time(value: datetime) -> str:
    """A timezone-aware datetime as pydantic writes it in JSON (UTC as Z)."""
    if value.utcoffset() is None:
        raise ValueError(f"naive datetime {value!r} in an alarm")
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


# --- the calendar -------------------------------------------------------------------------


def calendar_from(
    schedules: dict[int, YearSchedule], template: WorkingCalendar, bundled: Any
) -> WorkingCalendar:
    """A calendar with the loaded years over the bundled ones, same business hours."""
    book = ScheduleBook(schedules, bundled)
    return WorkingCalendar(book.is_workday, hours=template.hours, tz=template.tz)


async def load_year(
    uow: UnitOfWork, clock: Clockwork, schedule: YearSchedule, *, actor: str, bundled: Any
) -> int:
    """Store a year's schedule, switch to it, and move the open timers it affects: parked
    limits get their due time and alarms."""
    await repository.save_schedule(uow.session, schedule, loaded_by=actor)
    await reload_calendar(uow.session, clock, bundled)
    moved = await recompute_open_timers(uow.session, clock, since_year=schedule.year)
    _announce_placed_callbacks(uow, moved)
    return len(moved)


async def place_parked(uow: UnitOfWork, clock: Clockwork) -> int:
    """Timers parked for a year this replica's calendar knows by now get their times: a
    replica may park a timer after another one loaded the year, before it saw that year."""
    years = [y for y in await repository.parked_counts(uow.session) if _knows(clock, y)]
    if not years:
        return 0
    rows = await repository.parked_timers(uow.session, years)
    moved = await change_clocks(uow.session, clock, rows, lambda c: c)
    _announce_placed_callbacks(uow, moved)
    return len(moved)


def _knows(clock: Clockwork, year: int) -> bool:
    try:
        clock.calendar.is_workday(date(year, 1, 1))
    except UnknownCalendarYear:
        return False
    return True


def _announce_placed_callbacks(uow: UnitOfWork, moved: Sequence[tuple[Any, TimerPlan]]) -> None:
    """Callback orders its queue by due time: it learns the time of a parked callback timer
    once there is one."""
    for row, plan in moved:
        if row.stage == TimerStage.CALLBACK and row.due_at is None and plan.due_at is not None:
            uow.emit(
                DeadlineSet(
                    timer_id=row.id,
                    stage=TimerStage.CALLBACK,
                    department=row.department,
                    round=row.round,
                    due_at=plan.due_at,
                    policy=row.policy,
                    policy_version=row.policy_version,
                ),
                case_id=row.case_id,
            )


async def reload_calendar(session: AsyncSession, clock: Clockwork, bundled: Any) -> None:
    schedules = await repository.loaded_schedules(session)
    clock.calendar = calendar_from(schedules, clock.calendar, bundled)


async def recompute_open_timers(
    session: AsyncSession, clock: Clockwork, *, since_year: int
) -> list[tuple[Any, TimerPlan]]:
    """Running timers that are parked, or have alarms in or after the changed year, get
    their times again (a point still beyond every known year stays parked)."""
    since = datetime(since_year, 1, 1, tzinfo=clock.calendar.tz)
    rows = await repository.running_timers_to_replan(session, since)
    return await change_clocks(session, clock, rows, lambda c: c)
