"""Consumed events: every kept event refolds its case's facts; assignments tell who handles
a case; overdue limits, bad callbacks and referrals file signals (督查信号)."""

from __future__ import annotations

from common.envelope import Envelope
from common.events import (
    CallbackCompleted,
    CaseAssigned,
    CaseReferredToSupervision,
    CaseReopened,
    DeadlineExceeded,
    SupervisionSignalRecorded,
)
from supervision.domain.signals import Signal, from_callback, from_overdue, from_referral
from supervision.repository.store import Unit
from supervision.service.facts import keep


async def on_assigned(uow: Unit, event: CaseAssigned, envelope: Envelope) -> None:
    await keep(uow, envelope)
    await _handled_by(uow, envelope.case_id, event.lead_department)


async def on_reopened(uow: Unit, event: CaseReopened, envelope: Envelope) -> None:
    await keep(uow, envelope)
    await _handled_by(uow, envelope.case_id, event.lead_department)


async def _handled_by(uow: Unit, case_id: str, department: str) -> None:
    """The case's lead from now on; signals that waited for a department are filed against it."""
    await uow.store.cases.set_department(case_id, department)
    for filed in await uow.store.signals.file_waiting(case_id, department):
        uow.emit(
            SupervisionSignalRecorded(
                signal=filed.kind,
                department=department,
                evidence_event_id=str(filed.evidence_event_id),
                observed_at=filed.observed_at,
            ),
            case_id=case_id,
        )


async def on_overdue(uow: Unit, event: DeadlineExceeded, envelope: Envelope) -> None:
    await keep(uow, envelope)
    department = event.department or await uow.store.cases.department_of(envelope.case_id)
    await _record_signal(uow, envelope, from_overdue(event, department))


async def on_callback(uow: Unit, event: CallbackCompleted, envelope: Envelope) -> None:
    await keep(uow, envelope)
    department = await uow.store.cases.department_of(envelope.case_id)
    signal = from_callback(event, department)
    if signal is not None:
        await _record_signal(uow, envelope, signal)


async def on_referred(uow: Unit, event: CaseReferredToSupervision, envelope: Envelope) -> None:
    await keep(uow, envelope)
    await _record_signal(uow, envelope, from_referral(event))


async def _record_signal(uow: Unit, envelope: Envelope, signal: Signal) -> None:
    """Recorded and announced once per evidence event. A signal is never filed against nobody:
    while the case has no department (its assignment not seen yet, or none: resolved on the
    spot) it waits, neither listed nor announced, until a department handles the case."""
    recorded = await uow.store.signals.record(
        {
            "case_id": envelope.case_id,
            "kind": signal.kind,
            "department": signal.department,
            "detail": signal.detail,
            "evidence_event_id": envelope.event_id,
            "evidence_type": envelope.event_type,
            "observed_at": envelope.occurred_at,
        }
    )
    if recorded and signal.department is not None:
        uow.emit(
            SupervisionSignalRecorded(
                signal=signal.kind,
                department=signal.department,
                evidence_event_id=str(envelope.event_id),
                observed_at=envelope.occurred_at,
            ),
            case_id=envelope.case_id,
        )
