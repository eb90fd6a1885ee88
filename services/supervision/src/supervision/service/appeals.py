"""Appeals (申诉): a department asks that a case be left out of its figures; a supervisor
upholds or rejects it, and an upheld one refolds the case without it."""

from __future__ import annotations

from typing import Any

from common.auth import Principal
from common.clock import utcnow
from common.errors import Conflict, NotFound
from common.events import AppealDecided, AppealFiled
from supervision.domain.scorecard import CaseFacts
from supervision.repository.store import Unit
from supervision.service.facts import keep
from supervision.service.records import new_id

_APPEAL_STATUS_ZH = {"upheld": "申诉成立", "rejected": "驳回"}


def _departments_of(facts: CaseFacts) -> set[str]:
    """The departments a case's figures count against."""
    found = set(facts.returns_by_department) | set(facts.overdue_departments)
    if facts.department:
        found.add(facts.department)
    return found


async def file_appeal(
    uow: Unit, *, case_id: str, reason: str, principal: Principal
) -> dict[str, Any]:
    """申诉: a department asks that a case be left out of its figures."""
    department = principal.department
    facts = await uow.store.facts.facts_of(case_id)
    if department is None or facts is None or department not in _departments_of(facts):
        raise NotFound("case_not_found", f"案件 {case_id} 不计入单位 {department} 的考核")
    now = utcnow()
    values = {
        "appeal_id": new_id(),
        "case_id": case_id,
        "department": department,
        "reason": reason,
        "filed_by": principal.actor,
        "filed_at": now,
        "status": "pending",
    }
    if not await uow.store.appeals.add_once(values):
        raise Conflict(
            "appeal_exists", f"单位 {department} 已就案件 {case_id} 提出过申诉", case_id=case_id
        )
    uow.emit(
        AppealFiled(
            appeal_id=values["appeal_id"],
            department=department,
            reason=reason,
            actor=principal.actor,
            filed_at=now,
        ),
        case_id=case_id,
    )
    return values


async def decide_appeal(
    uow: Unit, *, appeal_id: str, upheld: bool, reason: str, principal: Principal
) -> dict[str, Any]:
    """An upheld appeal removes the case from the department's figures: the decision is kept
    with the case's events (as the rebuild will find it on the topic) and the case refolded."""
    appeal = await uow.store.appeals.locked(appeal_id=appeal_id)
    if appeal is None:
        raise NotFound("appeal_not_found", f"没有申诉 {appeal_id}")
    if appeal["status"] != "pending":
        raise Conflict(
            "appeal_already_decided",
            f"申诉 {appeal_id} 已裁决（{_APPEAL_STATUS_ZH.get(appeal['status'], appeal['status'])}）",
        )
    now = utcnow()
    status = "upheld" if upheld else "rejected"
    await uow.store.appeals.update(
        {"appeal_id": appeal_id},
        status=status,
        decision_reason=reason,
        decided_by=principal.actor,
        decided_at=now,
    )
    envelope = uow.emit(
        AppealDecided(
            appeal_id=appeal_id,
            department=appeal["department"],
            upheld=upheld,
            reason=reason,
            actor=principal.actor,
            decided_at=now,
        ),
        case_id=appeal["case_id"],
    )
    await keep(uow, envelope)
    return {
        **appeal,
        "status": status,
        "decision_reason": reason,
        "decided_by": principal.actor,
        "decided_at": now,
    }
