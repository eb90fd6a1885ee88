"""Supervision use cases: record every signal once, with its evidence, and announce it."""

from __future__ import annotations

from common.consumer import MessageContext
from common.events import (
    CallbackCompleted,
    CaseAssigned,
    CaseReopened,
    DeadlineExceeded,
    SupervisionSignalRecorded,
)
from supervision import repository
from supervision.domain.signals import Signal, from_callback, from_overdue


async def on_assigned(event: CaseAssigned, ctx: MessageContext) -> None:
    await repository.set_department(ctx.session, ctx.envelope.case_id, event.lead_department)


async def on_reopened(event: CaseReopened, ctx: MessageContext) -> None:
    await repository.set_department(ctx.session, ctx.envelope.case_id, event.lead_department)


async def on_overdue(event: DeadlineExceeded, ctx: MessageContext) -> None:
    await _record(ctx, from_overdue(event))


async def on_callback(event: CallbackCompleted, ctx: MessageContext) -> None:
    department = await repository.department_of(ctx.session, ctx.envelope.case_id)
    signal = from_callback(event, department)
    if signal is not None:
        await _record(ctx, signal)


async def _record(ctx: MessageContext, signal: Signal) -> None:
    envelope = ctx.envelope
    recorded = await repository.record_signal(
        ctx.session,
        {
            "case_id": envelope.case_id,
            "kind": signal.kind,
            "department": signal.department,
            "detail": signal.detail,
            "evidence_event_id": envelope.event_id,
            "evidence_type": envelope.event_type,
            "observed_at": envelope.occurred_at,
        },
    )
    if recorded:
        ctx.emit(
            SupervisionSignalRecorded(
                signal=signal.kind,
                department=signal.department,
                evidence_event_id=str(envelope.event_id),
                observed_at=envelope.occurred_at,
            )
        )
