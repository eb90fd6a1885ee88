"""Urges, supervision orders and accountability records, written by the escalation ladder
and by supervisors alike: each stored once (by its id, or by the escalation that caused it)
and announced in the same unit."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from common.events import AccountabilityRecorded, CaseUrged, SupervisionOrderIssued
from common.vocabulary import AccountabilityMeasure
from supervision.repository.store import Unit

SYSTEM_ACTOR = "system:supervision"
#: Automatic records get ids derived from the escalation that caused them.
_RECORD_IDS = uuid.UUID("8d0f3c1e-5a53-4a7b-9a55-2f1d8f0b6c11")


def derived_id(kind: str, source_event_id: uuid.UUID) -> str:
    return str(uuid.uuid5(_RECORD_IDS, f"{kind}:{source_event_id}"))


def new_id() -> str:
    return str(uuid.uuid4())


async def add_urge(
    uow: Unit,
    *,
    case_id: str,
    department: str | None,
    source: str,
    reason: str,
    evidence: list[str],
    actor: str,
    at: datetime,
    urge_id: str,
    source_event_id: uuid.UUID | None = None,
) -> dict[str, Any]:
    values = {
        "urge_id": urge_id,
        "case_id": case_id,
        "department": department,
        "source": source,
        "reason": reason,
        "evidence_event_ids": evidence,
        "source_event_id": source_event_id,
        "actor": actor,
        "urged_at": at,
    }
    if await uow.store.urges.add_once(values):
        uow.emit(
            CaseUrged(
                department=department,
                source=source,
                reason=reason,
                evidence_event_ids=evidence,
                actor=actor,
                urged_at=at,
            ),
            case_id=case_id,
        )
    return values


async def add_order(
    uow: Unit,
    *,
    order_id: str,
    case_id: str,
    department: str,
    demand: str,
    respond_by: datetime,
    evidence: list[str],
    actor: str,
    at: datetime,
    source_event_id: uuid.UUID | None = None,
) -> dict[str, Any]:
    values = {
        "order_id": order_id,
        "case_id": case_id,
        "department": department,
        "demand": demand,
        "respond_by": respond_by,
        "evidence_event_ids": evidence,
        "source_event_id": source_event_id,
        "actor": actor,
        "issued_at": at,
    }
    if await uow.store.orders.add_once(values):
        uow.emit(
            SupervisionOrderIssued(
                order_id=order_id,
                department=department,
                demand=demand,
                respond_by=respond_by,
                evidence_event_ids=evidence,
                actor=actor,
                issued_at=at,
            ),
            case_id=case_id,
        )
    return values


async def add_accountability(
    uow: Unit,
    *,
    record_id: str,
    case_id: str,
    department: str,
    measure: AccountabilityMeasure,
    reason: str,
    evidence: list[str],
    actor: str,
    at: datetime,
    source_event_id: uuid.UUID | None = None,
) -> dict[str, Any]:
    values = {
        "record_id": record_id,
        "case_id": case_id,
        "department": department,
        "measure": measure.value,
        "reason": reason,
        "evidence_event_ids": evidence,
        "source_event_id": source_event_id,
        "actor": actor,
        "recorded_at": at,
    }
    if await uow.store.accountability.add_once(values):
        uow.emit(
            AccountabilityRecorded(
                record_id=record_id,
                department=department,
                measure=measure,
                reason=reason,
                evidence_event_ids=evidence,
                actor=actor,
                recorded_at=at,
            ),
            case_id=case_id,
        )
    return values
