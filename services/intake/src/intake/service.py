"""Intake use cases: register and screen a submission, review duplicates, keep attachments,
show a case to staff and to its submitter, and project other services' events.

Longer than ~400 lines because registration, screening, attachments, staff views and the
projection still share it; it is to be split into a service/ package, one module per group.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, cast

from common.auth import Principal, ensure_department, mask_identity, mask_phone
from common.clock import utcnow
from common.consumer import MessageContext, UnknownCase
from common.envelope import Envelope, Event
from common.errors import Conflict, NotFound, Unprocessable
from common.events import (
    CaseAccepted,
    CaseMerged,
    CaseRegistered,
    CaseRejected,
    CaseResolvedOnTheSpot,
)
from common.outbox import UnitOfWork
from common.vocabulary import (
    LABELS_ZH,
    Channel,
    RequestKind,
    Role,
    ScreeningOutcome,
    SubmitterKind,
)
from intake import classification_repository, measures, repository
from intake.domain import duplicates as dup
from intake.domain import screening as rules_of_screening
from intake.domain import submission as rules
from intake.domain.accuracy import DecisionKind
from intake.domain.attachments import AttachmentLimits, check_upload, safe_filename
from intake.domain.classification import Suggestion, Suggests, text_of
from intake.domain.screening import (
    AUTO_SCREENING_ACTOR,
    CaseScreening,
    DuplicateReview,
    ScreeningRequest,
    ScreeningState,
)
from intake.domain.timeline import public_entry, staff_entry
from intake.domain.tracking import TrackingThrottle
from intake.schemas import Registration, ScreeningDecision

#: Channels a citizen uses on their own; the others are registered by a clerk.
PUBLIC_CHANNELS = frozenset(
    {Channel.WEB, Channel.MOBILE_SNAPSHOT, Channel.WECHAT, Channel.EMAIL, Channel.QUESTIONNAIRE}
)
STAFF_CHANNELS = frozenset({Channel.WINDOW, Channel.HOTLINE, Channel.LEADER_AT_WINDOW})
#: screening outcomes that file the case under its category (the others reject or merge it)
CATEGORY_OUTCOMES = frozenset(
    {
        ScreeningOutcome.ACCEPT,
        ScreeningOutcome.RESOLVE_ON_THE_SPOT,
        ScreeningOutcome.ANSWER_CONSULTATION,
    }
)


@dataclass(frozen=True)
class IntakePolicy:
    """The configured rules the use cases apply."""

    duplicates: dup.DuplicateRules = field(default_factory=dup.DuplicateRules)
    attachments: AttachmentLimits = field(default_factory=AttachmentLimits)
    tracking: TrackingThrottle = field(default_factory=TrackingThrottle)
    streets: tuple[rules.Street, ...] = ()
    department_names: Mapping[str, str] = field(default_factory=dict)
    classifier: Suggests | None = None


@dataclass(frozen=True)
class Registered:
    case_id: str
    tracking_code: str
    status: str
    duplicates: list[dict[str, Any]]
    screening_deferred: str | None = None


@dataclass(frozen=True)
class BatchOrigin:
    """The imported batch a case comes in with, and the date its row asked for."""

    batch_id: str
    title: str
    requested_by: date | None = None


@dataclass(frozen=True)
class CategoryChoice:
    code: str | None
    confirmed: bool  # a person (submitter or clerk) chose it
    confidence: float | None = None
    needs_dispatcher: bool = False  # the classifier was not sure: a human routes the case
    suggestion: Suggestion | None = None


# --- registration ----------------------------------------------------------------------------


async def decide_category(
    uow: UnitOfWork, form: Registration, classifier: Suggests | None
) -> CategoryChoice:
    """The one place where a new case's category is decided. The category the submitter or
    clerk gave must be an active one in the catalogue; the classifier's suggestion is still
    recorded against it, so its accuracy can be measured. Without a category the suggestion
    is taken, but below the confidence threshold the case goes to a human dispatcher."""
    suggestion = classifier.suggest(text_of(form.title, form.description)) if classifier else None
    if form.category is not None:
        if not await repository.category_exists(uow.session, form.category):
            raise _unknown_category(form.category)
        return CategoryChoice(form.category, confirmed=True, suggestion=suggestion)
    if suggestion is None or not await repository.category_exists(uow.session, suggestion.category):
        return CategoryChoice(None, confirmed=False, suggestion=suggestion)
    return CategoryChoice(
        suggestion.category,
        confirmed=False,
        confidence=suggestion.confidence,
        needs_dispatcher=suggestion.needs_human,
        suggestion=suggestion,
    )


def _unknown_category(code: str) -> Unprocessable:
    return Unprocessable(
        "unknown_category",
        f"分类 {code} 不在本区启用的分类目录中",
        fields=[{"field": "category", "message": "分类不在分类目录中", "type": "unknown"}],
    )


def _case_named(case_id: str) -> str:
    return f"受理编号为 {case_id} 的诉求"


def _no_case(case_id: str) -> NotFound:
    return NotFound("case_not_found", f"没有{_case_named(case_id)}")


def _area(form: Registration, streets: Sequence[rules.Street]) -> str | None:
    location = form.location
    if location is None:
        return None
    if location.area is not None:
        if location.area not in {s.code for s in streets}:
            raise Unprocessable(
                "unknown_area",
                f"{location.area} 不是本区的街道（乡镇）",
                fields=[
                    {
                        "field": "location.area",
                        "message": "街道（乡镇）不是本区的",
                        "type": "unknown",
                    }
                ],
            )
        return location.area
    return rules.area_of(location.address, streets)


async def submit(
    uow: UnitOfWork,
    form: Registration,
    *,
    policy: IntakePolicy,
    clerk: Principal | None = None,
    screening: ScreeningDecision | None = None,
    batch: BatchOrigin | None = None,
) -> Registered:
    """Register a submission: by the citizen (public channels, screened automatically when
    nothing needs a clerk) or by a clerk (window, hotline, leader at the window, optionally
    screened in the same request; or a row of an imported batch, screened as usual)."""
    allowed = STAFF_CHANNELS if clerk is not None else PUBLIC_CHANNELS
    if batch is not None:
        allowed = frozenset({Channel.BATCH_IMPORT})
    if form.channel not in allowed:
        raise Unprocessable(
            "channel_not_allowed",
            f"“{LABELS_ZH[form.channel]}”渠道的诉求"
            + ("由群众自行提交" if clerk is not None else "由工作人员登记"),
            fields=[{"field": "channel", "message": "渠道不适用于此登记方式", "type": "value"}],
            allowed=sorted(c.value for c in allowed),
        )
    session = uow.session
    choice = await decide_category(uow, form, policy.classifier)
    area = _area(form, policy.streets)
    now = utcnow()
    case_id = rules.case_number(now, await repository.next_sequence(session))
    code = rules.new_tracking_code()
    location = form.location
    values = {
        "case_id": case_id,
        "tracking_code_hash": rules.hash_tracking_code(case_id, code),
        "channel": form.channel.value,
        "kind": form.kind.value,
        "category": choice.code,
        "title": form.title,
        "description": form.description,
        "address": location.address if location else None,
        "latitude": location.latitude if location else None,
        "longitude": location.longitude if location else None,
        "area": area,
        "submitter_kind": form.submitter.kind.value,
        "submitter_name": form.submitter.name,
        "submitter_phone": form.submitter.phone,
        "submitter_identity": form.submitter.identity_number,
        "enterprise_name": form.submitter.enterprise_name,
        "enterprise_uscc": form.submitter.uscc,
        "submitter_key": rules.submitter_key(phone=form.submitter.phone, uscc=form.submitter.uscc),
        "address_key": rules.normalise_address(location.address if location else None),
        "registered_at": now,
        "registered_by": clerk.actor if clerk else None,
        "screening_state": ScreeningState.PENDING.value,
        "duplicate_review": DuplicateReview.NONE.value,
        "requested_by": form.requested_by or (batch.requested_by if batch else None),
    }
    await repository.insert_case(session, values)
    if choice.suggestion is not None:
        await classification_repository.record_suggestion(
            session, case_id, choice.suggestion, at=now
        )
    suspected = await _flag_duplicates(uow, values, policy.duplicates, now)
    actor = clerk.actor if clerk else f"{form.channel.value}:submitter"
    registered = uow.emit(
        CaseRegistered(
            channel=form.channel,
            kind=form.kind,
            category=choice.code or "",
            title=form.title,
            description=form.description,
            address=values["address"],
            latitude=values["latitude"],
            longitude=values["longitude"],
            area=area,
            submitter_kind=form.submitter.kind,
            actor=actor,
            batch_id=batch.batch_id if batch else None,
            batch_title=batch.title if batch else None,
            requested_by=values["requested_by"],
        ),
        case_id=case_id,
    )
    measures.count_registration(uow, form.channel, form.kind, choice.code)
    envelopes = [registered]
    state, deferred = ScreeningState.PENDING, None
    if clerk is None:
        auto = rules_of_screening.auto_screen(
            category_known=choice.code is not None, duplicates_suspected=bool(suspected)
        )
        if auto.accept:
            decision = ScreeningDecision(outcome=ScreeningOutcome.ACCEPT, reason=auto.why.text)
            state, envelope = await _screen(
                uow, values, decision, actor=AUTO_SCREENING_ACTOR, choice=choice, now=now
            )
            envelopes.append(envelope)
    elif screening is not None:
        if suspected and screening.outcome is not ScreeningOutcome.MERGE_DUPLICATE:
            deferred = "duplicate_review_pending"
        else:
            values["duplicate_review"] = (
                DuplicateReview.PENDING.value if suspected else DuplicateReview.NONE.value
            )
            state, envelope = await _screen(
                uow, values, screening, actor=clerk.actor, choice=choice, now=now
            )
            envelopes.append(envelope)
    await _record(uow, envelopes, policy.department_names)
    flags = [_suspicion_view(s) for s in suspected]
    return Registered(case_id, code, state.value, flags, deferred)


async def _flag_duplicates(
    uow: UnitOfWork, values: Mapping[str, Any], duplicate_rules: dup.DuplicateRules, now: datetime
) -> list[dup.Suspicion]:
    new = _facts(values)
    box = (
        dup.bounding_box(new.latitude, new.longitude, duplicate_rules.distance_m)
        if new.latitude is not None and new.longitude is not None
        else None
    )
    query = repository.CandidateQuery(
        case_id=new.case_id,
        submitter_key=new.submitter_key,
        submitter_since=now - duplicate_rules.submitter_window,
        category=new.category,
        place_since=now - duplicate_rules.place_window,
        box=box,
        address_key=new.address_key,
    )
    candidates = [
        _facts(row._mapping) for row in await repository.duplicate_candidates(uow.session, query)
    ]
    found = dup.suspicions(new, candidates, duplicate_rules)
    if found:
        await repository.insert_flags(uow.session, new.case_id, found, now=now)
        await repository.update_case(
            uow.session, new.case_id, {"duplicate_review": DuplicateReview.PENDING.value}
        )
    return found


def _facts(values: Mapping[str, Any]) -> dup.CaseFacts:
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


def _suspicion_view(s: dup.Suspicion) -> dict[str, Any]:
    return {
        "original_case_id": s.original_case_id,
        "score": s.score,
        "reasons": list(s.reasons),
        "distance_m": s.distance_m,
    }


# --- screening -------------------------------------------------------------------------------


async def screen(
    uow: UnitOfWork,
    case_id: str,
    decision: ScreeningDecision,
    *,
    clerk: Principal,
    policy: IntakePolicy,
) -> dict[str, Any]:
    """A clerk's screening of a waiting case."""
    row = await repository.find_case(uow.session, case_id, lock=True)
    if row is None:
        raise _no_case(case_id)
    values = dict(row._mapping)
    choice = CategoryChoice(values["category"], confirmed=True)
    if decision.category is not None and decision.category != values["category"]:
        if not await repository.category_exists(uow.session, decision.category):
            raise _unknown_category(decision.category)
        choice = CategoryChoice(decision.category, confirmed=True)
    now = utcnow()
    state, envelope = await _screen(
        uow, values, decision, actor=clerk.actor, choice=choice, now=now
    )
    await _record(uow, [envelope], policy.department_names)
    return {
        "case_id": case_id,
        "screening_state": state.value,
        "event": envelope.event_type,
        "merged_into": values.get("merged_into"),
    }


async def _screen(
    uow: UnitOfWork,
    values: dict[str, Any],
    decision: ScreeningDecision,
    *,
    actor: str,
    choice: CategoryChoice,
    now: datetime,
) -> tuple[ScreeningState, Envelope]:
    """Check the outcome against the case's screening state, record it, emit its event."""
    case_id = values["case_id"]
    state = rules_of_screening.check(
        CaseScreening(
            case_id=case_id,
            state=ScreeningState(values["screening_state"]),
            duplicate_review=DuplicateReview(values["duplicate_review"]),
            category=choice.code,
        ),
        ScreeningRequest(
            outcome=decision.outcome,
            reason=decision.reason,
            answer=decision.answer,
            original_case_id=decision.original_case_id,
            category=decision.category,
        ),
    )
    changes: dict[str, Any] = {
        "screening_state": state.value,
        "screened_by": actor,
        "screened_at": now,
        "screening_reason": decision.reason,
        "screening_answer": decision.answer,
        "category": choice.code,
    }
    event: Event
    outcome = decision.outcome
    kind, channel = RequestKind(values["kind"]), Channel(values["channel"])
    if outcome is ScreeningOutcome.ACCEPT:
        event = CaseAccepted(
            category=choice.code or "",
            kind=kind,
            channel=channel,
            actor=actor,
            accepted_at=now,
            classification_confidence=choice.confidence,
            category_confirmed=choice.confirmed,
            needs_dispatcher=choice.needs_dispatcher,
            area=values["area"],
            title=values["title"],
            description=values["description"],
            submitter_kind=SubmitterKind(values["submitter_kind"]),
            requested_by=values.get("requested_by"),
            acceptance=int(values.get("sent_back_count") or 0) + 1,
        )
    elif outcome is ScreeningOutcome.REJECT:
        event = CaseRejected(reason=decision.reason or "", actor=actor, rejected_at=now)
    elif outcome is ScreeningOutcome.MERGE_DUPLICATE:
        original, similarity = await _original_of(uow, values, decision.original_case_id or "")
        changes |= {
            "merged_into": original,
            "merge_similarity": similarity,
            "duplicate_review": DuplicateReview.CONFIRMED.value,
            "duplicate_reviewed_by": actor,
            "duplicate_reviewed_at": now,
            "duplicate_review_reason": decision.reason,
        }
        values["merged_into"] = original
        event = CaseMerged(
            original_case_id=original, similarity=similarity, actor=actor, merged_at=now
        )
    else:
        event = CaseResolvedOnTheSpot(
            category=choice.code or "",
            kind=kind,
            channel=channel,
            outcome=outcome.value,
            answer=decision.answer or "",
            actor=actor,
            resolved_at=now,
        )
    await repository.update_case(uow.session, case_id, changes)
    if actor != AUTO_SCREENING_ACTOR and choice.code and outcome in CATEGORY_OUTCOMES:
        # a clerk filed the case under this category: a human decision live accuracy counts
        await classification_repository.record_decision(
            uow.session, case_id, DecisionKind.CLERK, choice.code, actor, at=now
        )
    return state, uow.emit(event, case_id=case_id)


async def _original_of(
    uow: UnitOfWork, values: Mapping[str, Any], original_case_id: str
) -> tuple[str, float]:
    """The case a duplicate merges into (the original's own original, when the original was
    itself merged) and how similar the two are."""
    original = await repository.find_case(uow.session, original_case_id)
    if original is not None and original.merged_into is not None:
        original = await repository.find_case(uow.session, original.merged_into)
    if original is None:
        raise Unprocessable(
            "unknown_original",
            f"没有受理编号为 {original_case_id} 的诉求可以合并",
            fields=[
                {"field": "original_case_id", "message": "原诉求受理编号不存在", "type": "unknown"}
            ],
        )
    if original.case_id == values["case_id"]:
        raise Unprocessable("merge_into_itself", "诉求不能合并到它自己")
    flagged = {
        f["original_case_id"]: f["score"]
        for f in await repository.flags_of(uow.session, values["case_id"])
    }
    similarity = flagged.get(original.case_id)
    if similarity is None:
        similarity = round(
            dup.text_similarity(
                f"{values['title']} {values['description']}",
                f"{original.title} {original.description}",
            ),
            3,
        )
    return original.case_id, similarity


async def dismiss_duplicates(
    uow: UnitOfWork, case_id: str, *, reason: str, clerk: Principal
) -> dict[str, Any]:
    """The clerk finds the case is not a duplicate: it can now be screened like any other."""
    row = await repository.find_case(uow.session, case_id, lock=True)
    if row is None:
        raise _no_case(case_id)
    if row.duplicate_review != DuplicateReview.PENDING.value:
        raise Conflict(
            "no_duplicate_review_pending",
            f"受理编号为 {case_id} 的诉求没有待核查的疑似重复",
            duplicate_review=row.duplicate_review,
            screening_state=row.screening_state,
        )
    now = utcnow()
    await repository.update_case(
        uow.session,
        case_id,
        {
            "duplicate_review": DuplicateReview.DISMISSED.value,
            "duplicate_reviewed_by": clerk.actor,
            "duplicate_reviewed_at": now,
            "duplicate_review_reason": reason,
        },
    )
    await repository.add_staff_lines(
        uow.session,
        [_staff_line(case_id, now, "DuplicateDismissed", "排除重复", clerk.actor, reason)],
    )
    return {"case_id": case_id, "duplicate_review": DuplicateReview.DISMISSED.value}


def _staff_line(
    case_id: str, at: datetime, action: str, label: str, actor: str, detail: str
) -> dict[str, Any]:
    return {
        "case_id": case_id,
        "event_id": None,
        "occurred_at": at,
        "action": action,
        "label": label,
        "actor": actor,
        "detail": detail,
    }


# --- attachments -----------------------------------------------------------------------------


async def add_attachment(
    uow: UnitOfWork,
    case_id: str,
    *,
    filename: str | None,
    content: bytes,
    actor: str,
    limits: AttachmentLimits,
) -> dict[str, Any]:
    row = await repository.find_case(uow.session, case_id, lock=True)
    if row is None:
        raise _no_case(case_id)
    already = await repository.count_attachments(uow.session, case_id)
    media_type = check_upload(content, already_attached=already, limits=limits)
    now = utcnow()
    name = safe_filename(filename, media_type)
    digest = hashlib.sha256(content).hexdigest()
    attachment_id = await repository.insert_attachment(
        uow.session,
        {
            "case_id": case_id,
            "filename": name,
            "media_type": media_type,
            "size_bytes": len(content),
            "sha256": digest,
            "content": content,
            "uploaded_by": actor,
            "uploaded_at": now,
        },
    )
    await repository.add_staff_lines(
        uow.session,
        [
            _staff_line(
                case_id,
                now,
                "AttachmentAdded",
                "上传附件",
                actor,
                f"{name}（{media_type}，{len(content)} 字节）",
            )
        ],
    )
    return {
        "attachment_id": str(attachment_id),
        "case_id": case_id,
        "filename": name,
        "media_type": media_type,
        "size_bytes": len(content),
        "sha256": digest,
        "uploaded_at": now,
    }


async def attachment(
    session: Any, case_id: str, attachment_id: uuid.UUID, *, viewer: Principal
) -> Any:
    await _visible_case(session, case_id, viewer)
    found = await repository.get_attachment(session, case_id, attachment_id)
    if found is None:
        raise NotFound(
            "attachment_not_found", f"受理编号为 {case_id} 的诉求没有编号为 {attachment_id} 的附件"
        )
    return found


# --- tracking by the submitter ---------------------------------------------------------------


async def public_case(uow: UnitOfWork, case: Any) -> dict[str, Any]:
    """Status and timeline for whoever holds the case number and its tracking code. A merged
    duplicate follows its original: the original's status, and its lines after the case's
    own."""
    view = await repository.public_view(uow.session, case.case_id)
    if case.merged_into is not None:
        followed = await repository.public_view(uow.session, case.merged_into)
        view = {
            "status": followed["status"],
            "status_label": followed["status_label"],
            "updated_at": followed["updated_at"],
            "timeline": view["timeline"] + followed["timeline"],
            "merged_into": case.merged_into,
        }
    return {
        "case_id": case.case_id,
        "title": case.title,
        "category": case.category,
        "channel": case.channel,
        "registered_at": case.registered_at,
        **view,
    }


# --- staff views -----------------------------------------------------------------------------


async def _visible_case(session: Any, case_id: str, viewer: Principal) -> tuple[Any, Any]:
    case = await repository.find_case(session, case_id)
    if case is None:
        raise _no_case(case_id)
    handlers = await repository.handlers_of(session, case_id)
    ensure_department(viewer, handlers.departments if handlers else (), _case_named(case_id))
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


async def staff_case(session: Any, case_id: str, *, viewer: Principal) -> dict[str, Any]:
    case, handlers = await _visible_case(session, case_id, viewer)
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
            "suspected_originals": await repository.flags_of(session, case_id),
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
            for a in await repository.list_attachments(session, case_id)
        ],
        "timeline": await repository.staff_lines(session, case_id),
    }


async def staff_cases(
    session: Any, filters: repository.CaseFilters, *, viewer: Principal
) -> list[dict[str, Any]]:
    if viewer.role is Role.HANDLER:
        if viewer.department is None:
            return []
        filters = repository.CaseFilters(**{**filters.__dict__, "department": viewer.department})
    rows = await repository.list_cases(session, filters)
    flags = await repository.flags_for(session, [r.case_id for r in rows])
    return [
        {
            **_summary(r, viewer),
            "lead_department": r.lead_department,
            "suspected_originals": flags.get(r.case_id, []),
        }
        for r in rows
    ]


async def screening_queue(session: Any, *, viewer: Principal, limit: int) -> list[dict[str, Any]]:
    rows = await repository.screening_queue(session, limit=limit)
    flags = await repository.flags_for(session, [r.case_id for r in rows])
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


# --- projection ------------------------------------------------------------------------------


async def _record(uow: UnitOfWork, envelopes: Sequence[Envelope], names: Mapping[str, str]) -> None:
    """Put a case's events on its staff timeline, and those the public sees on its public
    timeline."""
    public, staff = [], []
    for envelope in envelopes:
        entry = public_entry(envelope.event_type, envelope.payload, names)
        if entry is not None:
            public.append(
                {
                    "event_id": envelope.event_id,
                    "occurred_at": envelope.occurred_at,
                    "status": entry.status,
                    "text": entry.text,
                }
            )
        line = staff_entry(envelope.event_type, envelope.payload, names, producer=envelope.producer)
        staff.append(
            {
                "case_id": envelope.case_id,
                "event_id": envelope.event_id,
                "occurred_at": envelope.occurred_at,
                "action": line.action,
                "label": line.label,
                "actor": line.actor,
                "detail": line.detail,
            }
        )
    if public:
        await repository.record_public(uow.session, envelopes[0].case_id, public)
    await repository.add_staff_lines(uow.session, staff)


async def _project_handlers(ctx: MessageContext) -> None:
    envelope, payload = ctx.envelope, ctx.envelope.payload
    if envelope.event_type == "CaseAssigned":
        await repository.set_handlers(
            ctx.session,
            envelope.case_id,
            lead=payload["lead_department"],
            co_handlers=list(payload.get("co_handlers") or []),
            round=int(payload.get("round", 1)),
            at=envelope.occurred_at,
        )
    elif envelope.event_type == "CaseTransferred":
        await repository.set_handlers(
            ctx.session,
            envelope.case_id,
            lead=payload["unit"],
            co_handlers=[],
            round=int(payload.get("round", 1)),
            at=envelope.occurred_at,
        )
    elif envelope.event_type == "CaseSentBackToScreening":
        # back before a clerk: screened once more, and accepted again under the next number
        await repository.update_case(
            ctx.session,
            envelope.case_id,
            {
                "screening_state": ScreeningState.PENDING.value,
                "sent_back_count": int(payload["sent_back_in_case"]),
                "sent_back_reason": payload["reason"],
                "sent_back_by": payload["actor"],
                "sent_back_at": envelope.occurred_at,
            },
        )
    elif envelope.event_type == "CaseReopened":
        await repository.set_handlers(
            ctx.session,
            envelope.case_id,
            lead=payload["lead_department"],
            co_handlers=None,
            round=int(payload["round"]),
            at=envelope.occurred_at,
        )


def projector(department_names: dict[str, str]) -> Any:
    """Handler that puts another service's event on the case's timelines, and keeps who
    handles the case."""

    async def project(event: Any, ctx: MessageContext) -> None:
        case = await repository.find_case(ctx.session, ctx.envelope.case_id)
        if case is None:
            raise UnknownCase(ctx.envelope.case_id, ctx.envelope.event_type)
        await _project_handlers(ctx)
        await _record(cast(UnitOfWork, ctx.uow), [ctx.envelope], department_names)
        measures.time_to_first_assignment(ctx, event, case)

    return project
