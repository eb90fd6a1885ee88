"""What staff see of cases: one case in full, filtered lists, and the screening queue, with
the submitter's contact details masked for those who may not see them."""

from __future__ import annotations

from typing import Any

from common.auth import Principal, ensure_department, mask_identity, mask_phone
from common.vocabulary import Role
from intake.domain import screening as rules_of_screening
from intake.domain.screening import DuplicateReview
from intake.knowledge.answers import case_knowledge
from intake.repository.store import CaseFilters, Store
from intake.service.refusals import case_named, no_case


async def visible_case(store: Store, case_id: str, viewer: Principal) -> tuple[Any, Any]:
    case = await store.cases.find_case(case_id)
    if case is None:
        raise no_case(case_id)
    handlers = await store.handling.handlers_of(case_id)
    ensure_department(viewer, handlers.departments if handlers else (), case_named(case_id))
    return case, handlers


def submitter_view(case: Any, viewer: Principal) -> dict[str, Any]:
    sees = viewer.sees_contact_details()
    return {
        "kind": case.submitter_kind,
        "name": case.submitter_name,
        "phone": case.submitter_phone if sees else mask_phone(case.submitter_phone),
        "identity_number": (
            case.submitter_identity if sees else mask_identity(case.submitter_identity)
        ),
        "enterprise_name": case.enterprise_name,
        "uscc": case.enterprise_uscc,
        "contact_details_masked": not sees,
    }


def _summary(case: Any, viewer: Principal) -> dict[str, Any]:
    return {
        "case_id": case.case_id,
        "registered_at": case.registered_at,
        "channel": case.channel,
        "kind": case.kind,
        "category": case.category,
        "title": case.title,
        "area": case.area,
        "screening_state": case.screening_state,
        "duplicate_review": case.duplicate_review,
        "merged_into": case.merged_into,
        "submitter": submitter_view(case, viewer),
        "requested_by": case.requested_by,
    }


async def staff_case(store: Store, case_id: str, *, viewer: Principal) -> dict[str, Any]:
    case, handlers = await visible_case(store, case_id, viewer)
    return {
        **_summary(case, viewer),
        "description": case.description,
        "registered_by": case.registered_by,
        "location": {
            "address": case.address,
            "latitude": case.latitude,
            "longitude": case.longitude,
            "area": case.area,
        },
        "screening": {
            "state": case.screening_state,
            "by": case.screened_by,
            "at": case.screened_at,
            "reason": case.screening_reason,
            "answer": case.screening_answer,
            "merged_into": case.merged_into,
            "merge_similarity": case.merge_similarity,
        },
        "duplicates": {
            "review": case.duplicate_review,
            "reviewed_by": case.duplicate_reviewed_by,
            "reviewed_at": case.duplicate_reviewed_at,
            "reason": case.duplicate_review_reason,
            "suspected_originals": await store.duplicates.flags_of(case_id),
        },
        "handling": (
            {
                "lead_department": handlers.lead_department,
                "co_handlers": [d for d in handlers.departments if d != handlers.lead_department],
                "round": handlers.round,
            }
            if handlers
            else None
        ),
        "attachments": [
            {**a, "attachment_id": str(a["attachment_id"])}
            for a in await store.attachments.list_attachments(case_id)
        ],
        "timeline": await store.timelines.staff_lines(case_id),
        "knowledge": await case_knowledge(store, case),
    }


async def staff_cases(
    store: Store, filters: CaseFilters, *, viewer: Principal
) -> list[dict[str, Any]]:
    if viewer.role is Role.HANDLER:
        if viewer.department is None:
            return []
        filters = CaseFilters(**{**filters.__dict__, "department": viewer.department})
    rows = await store.cases.list_cases(filters)
    flags = await store.duplicates.flags_for([r.case_id for r in rows])
    return [
        {
            **_summary(r, viewer),
            "lead_department": r.lead_department,
            "suspected_originals": flags.get(r.case_id, []),
        }
        for r in rows
    ]


async def screening_queue(store: Store, *, viewer: Principal, limit: int) -> list[dict[str, Any]]:
    rows = await store.cases.screening_queue(limit=limit)
    flags = await store.duplicates.flags_for([r.case_id for r in rows])
    return [
        {
            **_summary(r, viewer),
            **_queued_reason(r),
            "suspected_originals": flags.get(r.case_id, []),
            "sent_back_reason": r.sent_back_reason,
            "sent_back_by": r.sent_back_by,
            "sent_back_at": r.sent_back_at,
        }
        for r in rows
    ]


def _queued_reason(case: Any) -> dict[str, str]:
    why = rules_of_screening.why_waiting(
        category_known=case.category is not None,
        duplicate_review=DuplicateReview(case.duplicate_review),
        sent_back_reason=case.sent_back_reason,
    )
    return {"queued_reason_code": why.code.value, "queued_reason": why.text}
