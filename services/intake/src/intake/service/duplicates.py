"""Suspected duplicates: flagging a new case's likely originals, and a clerk dismissing them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from common.auth import Principal
from common.clock import utcnow
from common.errors import Conflict
from intake.domain import duplicates as dup
from intake.domain.screening import DuplicateReview
from intake.repository.store import CandidateQuery, Unit
from intake.service.refusals import no_case
from intake.service.timeline import staff_line


async def flag_duplicates(
    uow: Unit, values: Mapping[str, Any], duplicate_rules: dup.DuplicateRules, now: datetime
) -> list[dup.Suspicion]:
    new = facts(values)
    box = (
        dup.bounding_box(new.latitude, new.longitude, duplicate_rules.distance_m)
        if new.latitude is not None and new.longitude is not None
        else None
    )
    query = CandidateQuery(
        case_id=new.case_id,
        submitter_key=new.submitter_key,
        submitter_since=now - duplicate_rules.submitter_window,
        category=new.category,
        place_since=now - duplicate_rules.place_window,
        box=box,
        address_key=new.address_key,
    )
    candidates = [
        facts(row._mapping) for row in await uow.store.duplicates.duplicate_candidates(query)
    ]
    found = dup.suspicions(new, candidates, duplicate_rules)
    if found:
        await uow.store.duplicates.insert_flags(new.case_id, found, now=now)
        await uow.store.cases.update_case(
            new.case_id, {"duplicate_review": DuplicateReview.PENDING.value}
        )
    return found


def facts(values: Mapping[str, Any]) -> dup.CaseFacts:
    return dup.CaseFacts(
        case_id=values["case_id"],
        registered_at=values["registered_at"],
        text=f"{values['title']} {values['description']}",
        submitter_key=values["submitter_key"],
        category=values["category"],
        address_key=values["address_key"],
        latitude=values["latitude"],
        longitude=values["longitude"],
    )


def suspicion_view(s: dup.Suspicion) -> dict[str, Any]:
    return {
        "original_case_id": s.original_case_id,
        "score": s.score,
        "reasons": list(s.reasons),
        "distance_m": s.distance_m,
    }


async def dismiss_duplicates(
    uow: Unit, case_id: str, *, reason: str, clerk: Principal
) -> dict[str, Any]:
    """The clerk finds the case is not a duplicate: it can now be screened like any other."""
    row = await uow.store.cases.find_case(case_id, lock=True)
    if row is None:
        raise no_case(case_id)
    if row.duplicate_review != DuplicateReview.PENDING.value:
        raise Conflict(
            "no_duplicate_review_pending",
            f"受理编号为 {case_id} 的诉求没有待核查的疑似重复",
            duplicate_review=row.duplicate_review,
            screening_state=row.screening_state,
        )
    now = utcnow()
    await uow.store.cases.update_case(
        case_id,
        {
            "duplicate_review": DuplicateReview.DISMISSED.value,
            "duplicate_reviewed_by": clerk.actor,
            "duplicate_reviewed_at": now,
            "duplicate_review_reason": reason,
        },
    )
    await uow.store.timelines.add_staff_lines(
        [staff_line(case_id, now, "DuplicateDismissed", "排除重复", clerk.actor, reason)],
    )
    return {"case_id": case_id, "duplicate_review": DuplicateReview.DISMISSED.value}
