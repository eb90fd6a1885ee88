"""The scorecard projection: which events supervision keeps for each case, and the case's
facts refolded from them, with no I/O. The live handlers (service/facts.py) and the rebuild
share this module, so both arrive at the same tables from the same events."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from common.envelope import Envelope, Event
from supervision.domain.scorecard import CaseFacts, Recorded, fold

#: What the figures, the buck-passing rule and the evidence checks read.
KEPT_EVENTS = frozenset(
    {
        "CaseRegistered",
        "CaseAccepted",
        "CaseMerged",
        "CaseAssigned",
        "CaseSigned",
        "CaseReturned",
        "ReturnArbitrated",
        "ExtensionDenied",
        "CaseResolved",
        "CaseReopened",
        "CaseReferredToSupervision",
        "CaseClosed",
        "DeadlineExceeded",
        "DeadlineEscalated",
        "CallbackCompleted",
        "CallbackFailed",
        "AppealDecided",
        "CaseResolvedOnTheSpot",
        "CaseReclassified",
        "CaseTransferred",
        "TransferAcknowledged",
        "TransferAnswered",
        "CaseRejectedByDispatcher",
        "KnowledgeGapOpened",
        "KnowledgeGapClosed",
    }
)


def department_named_by(event: Event) -> str | None:
    """The department an event concerns, when the event itself names one."""
    for attribute in ("department", "lead_department", "returning_department", "unit"):
        value = getattr(event, attribute, None)
        if isinstance(value, str):
            return value
    return None


def kept_row(envelope: Envelope) -> dict[str, Any] | None:
    """The case_events row of an envelope, or None when the figures do not need it."""
    if envelope.event_type not in KEPT_EVENTS:
        return None
    return {
        "event_id": envelope.event_id,
        "case_id": envelope.case_id,
        "event_type": envelope.event_type,
        "occurred_at": envelope.occurred_at,
        "department": department_named_by(envelope.event()),
        "payload": envelope.payload,
        "fact": envelope.fact(),
    }


def recorded(rows: Iterable[Any]) -> list[Recorded]:
    """Stored rows back into typed events for the fold."""
    found: list[Recorded] = []
    for row in rows:
        model = Event.model_for(row.event_type)
        if model is not None:
            found.append(
                Recorded(str(row.event_id), row.occurred_at, model.model_validate(row.payload))
            )
    return found


def facts_row(facts: CaseFacts) -> dict[str, Any]:
    return {
        "case_id": facts.case_id,
        "department": facts.department,
        "category": facts.category,
        "accepted_at": facts.cohort_at,  # the period the case's figures fall in
        "registered_at": facts.registered_at,
        "facts": facts.to_json(),
        "gap_opened_at": facts.knowledge.gap_opened_at,
        "gap_closed_at": facts.knowledge.gap_closed_at,
    }


def fold_all(rows: Sequence[Any]) -> list[CaseFacts]:
    by_case: dict[str, list[Any]] = {}
    for row in rows:
        by_case.setdefault(row.case_id, []).append(row)
    return [fold(case_id, recorded(case_rows)) for case_id, case_rows in by_case.items()]


def event_uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None
