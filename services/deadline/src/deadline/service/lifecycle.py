"""A case's lifecycle events move its timers: the dispatch queue's wait, the handling
stages (sign, first response, resolution) from assignment, pauses while suspended, the
resolution moved by an extension, callback after a resolution, a new round on reopening,
and everything cancelled when the case closes, merges or is rejected."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from common.events import (
    CallbackCompleted,
    CallbackFailed,
    CaseAssigned,
    CaseQueuedForDispatcher,
    CaseReopened,
    CaseResolved,
    CaseResolvedOnTheSpot,
    CaseResumed,
    CaseSuspended,
    DeadlineSet,
    ExtensionGranted,
    SubmitterContacted,
    TransferAcknowledged,
    TransferAnswered,
)
from common.vocabulary import RequestKind, TimerStage
from deadline.repository.store import OPEN_STATES, Unit
from deadline.service.clockwork import Clockwork
from deadline.service.timers import (
    HANDLING_STAGES,
    TRANSFER_STAGES,
    cancel,
    change_clocks,
    end,
    of_stages,
    start_stages,
)


async def on_queued(
    uow: Unit, clock: Clockwork, event: CaseQueuedForDispatcher, case_id: str, at: datetime
) -> None:
    """派单时限: from the moment the case waits for a dispatcher (`at`); each wait (after a
    send back and a new acceptance) is the next attempt. A message from before the kind was
    carried starts none: the limit's rule cannot be chosen without it."""
    if event.kind is None:
        return
    timers = await uow.store.timers.of_case(case_id, lock=True)
    waits = of_stages(timers, TimerStage.DISPATCH)
    if any(t.state in OPEN_STATES for t in waits):
        return  # already waiting: the same wait announced again
    await start_stages(
        uow,
        clock,
        [TimerStage.DISPATCH],
        case_id=case_id,
        round=1,
        kind=event.kind,
        category=event.category,
        department=clock.dispatch_department,
        at=at,
        attempt=len(waits) + 1,
    )


async def on_assigned(uow: Unit, clock: Clockwork, event: CaseAssigned, case_id: str) -> None:
    await end(uow, case_id, [TimerStage.DISPATCH], event.assigned_at)
    timers = await uow.store.timers.of_case(case_id, lock=True)
    this_round = [t for t in timers if t.round == event.round]
    if any(t.stage == TimerStage.RESOLUTION for t in this_round):
        await reroute(uow, clock, this_round, event)
        return
    await start_stages(
        uow,
        clock,
        HANDLING_STAGES,
        case_id=case_id,
        round=event.round,
        kind=event.kind,
        category=event.category,
        department=event.lead_department,
        at=event.assigned_at,
    )


async def reroute(
    uow: Unit, clock: Clockwork, this_round: Sequence[Any], event: CaseAssigned
) -> None:
    """A new lead for a round already running (after an arbitrated return): the new
    department gets a sign timer of its own; the citizen's clocks (first response,
    resolution) keep running and now belong to the new lead (ADR 0011)."""
    signs = sorted(of_stages(this_round, TimerStage.SIGN), key=lambda r: r.attempt)
    latest_sign = signs[-1] if signs else None
    if (
        latest_sign is not None
        and latest_sign.department == event.lead_department
        and latest_sign.state in OPEN_STATES
    ):
        return  # the same lead again: nothing changes
    case_id = latest_sign.case_id if latest_sign is not None else this_round[0].case_id
    await cancel(uow, case_id, event.assigned_at, [TimerStage.SIGN])
    citizen_clocks = [
        r.id
        for r in of_stages(this_round, TimerStage.FIRST_RESPONSE, TimerStage.RESOLUTION)
        if r.state in OPEN_STATES
    ]
    await uow.store.timers.set_department(citizen_clocks, event.lead_department)
    await start_stages(
        uow,
        clock,
        [TimerStage.SIGN],
        case_id=case_id,
        round=event.round,
        kind=event.kind,
        category=event.category,
        department=event.lead_department,
        at=event.assigned_at,
        attempt=(latest_sign.attempt + 1) if latest_sign is not None else 1,
    )


async def on_contacted(uow: Unit, event: SubmitterContacted, case_id: str) -> None:
    await end(uow, case_id, [TimerStage.FIRST_RESPONSE], event.contacted_at)


async def on_suspended(uow: Unit, clock: Clockwork, event: CaseSuspended, case_id: str) -> None:
    rows = await uow.store.timers.of_case(case_id, lock=True)
    running = [r for r in rows if r.state == "running"]
    await change_clocks(uow, clock, running, lambda c: c.pause(event.suspended_at, clock.calendar))


async def on_resumed(uow: Unit, clock: Clockwork, event: CaseResumed, case_id: str) -> None:
    rows = await uow.store.timers.of_case(case_id, lock=True)
    paused = [r for r in rows if r.state == "paused"]
    await change_clocks(uow, clock, paused, lambda c: c.resume(event.resumed_at))


async def on_extended(uow: Unit, clock: Clockwork, event: ExtensionGranted, case_id: str) -> None:
    rows = await uow.store.timers.of_case(case_id, open_only=True, lock=True)
    minutes = event.working_days * clock.calendar.day_minutes
    resolution = of_stages(rows, TimerStage.RESOLUTION)
    await change_clocks(uow, clock, resolution, lambda c: c.extend(minutes))


async def on_resolved(uow: Unit, clock: Clockwork, event: CaseResolved, case_id: str) -> None:
    await end(uow, case_id, HANDLING_STAGES, event.resolved_at)
    await start_callback(uow, clock, case_id, event.round, event.resolved_at)


async def on_resolved_on_the_spot(
    uow: Unit, clock: Clockwork, event: CaseResolvedOnTheSpot, case_id: str
) -> None:
    await start_callback(
        uow, clock, case_id, 1, event.resolved_at, kind=event.kind, category=event.category
    )


async def on_callback_completed(uow: Unit, event: CallbackCompleted, case_id: str) -> None:
    await end(uow, case_id, [TimerStage.CALLBACK], event.completed_at)


async def on_callback_failed(uow: Unit, event: CallbackFailed, case_id: str) -> None:
    await end(uow, case_id, [TimerStage.CALLBACK], event.failed_at)


async def on_reopened(uow: Unit, clock: Clockwork, event: CaseReopened, case_id: str) -> None:
    await uow.store.timers.end(
        case_id, stages=None, at=event.reopened_at, state="cancelled", rounds_before=event.round
    )
    latest = await uow.store.timers.latest(case_id)
    kind, category = _kind_and_category(latest, None, None)
    # a case handed to an outside unit stays with it: the unit's limits start again
    transferred = await uow.store.timers.has_stages(case_id, TRANSFER_STAGES)
    await start_stages(
        uow,
        clock,
        TRANSFER_STAGES if transferred else HANDLING_STAGES,
        case_id=case_id,
        round=event.round,
        kind=kind,
        category=category,
        department=event.lead_department,
        at=event.reopened_at,
    )


async def on_transfer_acknowledged(uow: Unit, event: TransferAcknowledged, case_id: str) -> None:
    await end(uow, case_id, [TimerStage.TRANSFER_ACKNOWLEDGE], event.acknowledged_at)


async def on_transfer_answered(
    uow: Unit, clock: Clockwork, event: TransferAnswered, case_id: str
) -> None:
    """The unit's answer comes back for callback as a resolution does."""
    await end(uow, case_id, TRANSFER_STAGES, event.answered_at)
    await start_callback(uow, clock, case_id, event.round, event.answered_at)


async def start_callback(
    uow: Unit,
    clock: Clockwork,
    case_id: str,
    round: int,
    at: datetime,
    *,
    kind: RequestKind | None = None,
    category: str | None = None,
) -> None:
    """回访's limit, on the case's kind and category (from its latest timer when the event
    does not carry them); callback orders its agents' queue by the due time announced."""
    latest = await uow.store.timers.latest(case_id)
    kind, category = _kind_and_category(latest, kind, category)
    created = await start_stages(
        uow,
        clock,
        [TimerStage.CALLBACK],
        case_id=case_id,
        round=round,
        kind=kind,
        category=category,
        department=None,
        at=at,
    )
    for timer in created:
        uow.emit(
            DeadlineSet(
                timer_id=timer.id,
                stage=TimerStage.CALLBACK,
                department=timer.department,
                round=timer.round,
                due_at=timer.due_at,
                policy=timer.policy,
                policy_version=timer.policy_version,
            ),
            case_id=case_id,
        )


def _kind_and_category(
    latest: Any | None, kind: RequestKind | None, category: str | None
) -> tuple[RequestKind, str | None]:
    if kind is not None:
        return kind, category
    if latest is None:
        return RequestKind.COMPLAINT, category
    return RequestKind(latest.kind), latest.category
