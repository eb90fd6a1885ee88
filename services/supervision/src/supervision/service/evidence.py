"""What supervisors cite: the evidence events of a case against a department, and the case
itself, which supervision must have seen."""

from __future__ import annotations

from collections.abc import Sequence

from common.errors import NotFound, Unprocessable
from common.vocabulary import ArbitrationDecision, Satisfaction
from supervision.domain.scorecard import CaseFacts
from supervision.projection import event_uuid
from supervision.repository.store import KeptEvent, Unit


def is_evidence(row: KeptEvent) -> bool:
    """Overdue events, returns, refusals (a return sent back, an extension denied) and
    callbacks that found the submitter dissatisfied or the matter unsolved."""
    payload = row.payload
    if row.event_type in {"DeadlineExceeded", "DeadlineEscalated", "CaseReturned"}:
        return True
    if row.event_type == "ExtensionDenied":
        return True
    if row.event_type == "ReturnArbitrated":
        return bool(payload.get("decision") == ArbitrationDecision.SEND_BACK.value)
    if row.event_type == "CallbackCompleted":
        return bool(
            payload.get("satisfaction") == Satisfaction.DISSATISFIED.value
            or not payload.get("solved", True)
        )
    return False


async def check_evidence(
    uow: Unit, *, case_id: str, department: str, evidence: Sequence[str]
) -> list[str]:
    """Every cited event must be one supervision has seen, of this case, of an evidence kind,
    and about this department (an event naming no department counts against the case's
    responsible department). 422 `unknown_evidence` listing the others."""
    parsed = {text: event_uuid(text) for text in evidence}
    ids = [value for value in parsed.values() if value is not None]
    rows = {str(row.event_id): row for row in await uow.store.facts.events_by_id(ids)}
    facts = await uow.store.facts.facts_of(case_id)
    responsible = facts.department if facts else None
    rejected = []
    for text, value in parsed.items():
        row = rows.get(str(value)) if value is not None else None
        if (
            row is None
            or row.case_id != case_id
            or not is_evidence(row)
            or (row.department or responsible) != department
        ):
            rejected.append(text)
    if rejected:
        raise Unprocessable(
            "unknown_evidence",
            f"所引用的事件不是案件 {case_id} 中单位 {department} 的超期、退单、"
            "被驳回或回访不满意事件",
            evidence_event_ids=rejected,
        )
    return [str(parsed[text]) for text in evidence]


async def known_case(uow: Unit, case_id: str) -> CaseFacts:
    facts = await uow.store.facts.facts_of(case_id)
    if facts is None:
        raise NotFound("case_not_found", f"督查系统中没有案件 {case_id}")
    return facts
