"""Joint meetings (联席会议) of the departments a case concerns, and accountability (问责)
a supervisor records against a department on cited evidence."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from common.auth import Principal
from common.clock import utcnow
from common.errors import Unprocessable
from common.events import JointMeetingRecorded
from common.vocabulary import AccountabilityMeasure
from supervision.repository.store import Unit
from supervision.service.evidence import check_evidence, known_case
from supervision.service.records import add_accountability, new_id


async def record_meeting(
    uow: Unit,
    *,
    case_id: str,
    departments: Sequence[str],
    attendees: list[dict[str, Any]],
    decisions: list[dict[str, Any]],
    held_at: datetime,
    principal: Principal,
) -> dict[str, Any]:
    if len(set(departments)) < 2:
        raise Unprocessable("too_few_departments", "联席会议须有两个或以上单位参加（departments）")
    strangers = sorted({d["owner"] for d in decisions} - set(departments))
    if strangers:
        raise Unprocessable(
            "owner_not_at_meeting",
            f"议定事项的责任单位须是参会单位：{'、'.join(strangers)} 未参会",
            owners=strangers,
        )
    await known_case(uow, case_id)
    values = {
        "meeting_id": new_id(),
        "case_id": case_id,
        "departments": list(dict.fromkeys(departments)),
        "attendees": attendees,
        "decisions": decisions,
        "actor": principal.actor,
        "held_at": held_at,
    }
    await uow.store.meetings.add_once(values)
    uow.emit(
        JointMeetingRecorded(
            meeting_id=values["meeting_id"],
            departments=values["departments"],
            decisions=[
                f"{d['decision']}（责任单位：{d['owner']}，完成时限：{d['due']}）"
                for d in decisions
            ],
            actor=principal.actor,
            held_at=held_at,
        ),
        case_id=case_id,
    )
    return values


async def hold_accountable(
    uow: Unit,
    *,
    case_id: str,
    department: str,
    measure: AccountabilityMeasure,
    reason: str,
    evidence: Sequence[str],
    principal: Principal,
) -> dict[str, Any]:
    if not evidence:
        raise Unprocessable("evidence_required", "问责须引用证据事件（evidence_event_ids）")
    cited = await check_evidence(uow, case_id=case_id, department=department, evidence=evidence)
    return await add_accountability(
        uow,
        record_id=new_id(),
        case_id=case_id,
        department=department,
        measure=measure,
        reason=reason,
        evidence=cited,
        actor=principal.actor,
        at=utcnow(),
    )
