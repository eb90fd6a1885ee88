"""Registering a submission: by a citizen on a public channel (screened automatically when
nothing needs a clerk), by a clerk at the window or hotline, or as a row of an imported batch."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from common.auth import Principal
from common.clock import utcnow
from common.errors import Unprocessable
from common.events import CaseRegistered
from common.vocabulary import (
    LABELS_ZH,
    Channel,
    ScreeningOutcome,
)
from intake import measures
from intake.domain import screening as rules_of_screening
from intake.domain import submission as rules
from intake.domain.classification import Suggests, text_of
from intake.domain.screening import (
    AUTO_SCREENING_ACTOR,
    DuplicateReview,
    ScreeningState,
)
from intake.repository.store import Unit
from intake.schemas import Registration, ScreeningDecision
from intake.service.duplicates import flag_duplicates, suspicion_view
from intake.service.refusals import unknown_category
from intake.service.screening import CategoryChoice, record_screening
from intake.service.timeline import record
from intake.state import IntakePolicy
from intake.window import service as window

PUBLIC_CHANNELS = frozenset(
    {Channel.WEB, Channel.MOBILE_SNAPSHOT, Channel.WECHAT, Channel.EMAIL, Channel.QUESTIONNAIRE}
)
STAFF_CHANNELS = frozenset({Channel.WINDOW, Channel.HOTLINE, Channel.LEADER_AT_WINDOW})
#: screening outcomes that file the case under its category (the others reject or merge it)


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


async def decide_category(
    uow: Unit, form: Registration, classifier: Suggests | None
) -> CategoryChoice:
    """The one place where a new case's category is decided. The category the submitter or
    clerk gave must be an active one in the catalogue; the classifier's suggestion is still
    recorded against it, so its accuracy can be measured. Without a category the suggestion
    is taken, but below the confidence threshold the case goes to a human dispatcher."""
    suggestion = classifier.suggest(text_of(form.title, form.description)) if classifier else None
    if form.category is not None:
        if not await uow.store.catalogue.category_exists(form.category):
            raise unknown_category(form.category)
        return CategoryChoice(form.category, confirmed=True, suggestion=suggestion)
    if suggestion is None or not await uow.store.catalogue.category_exists(suggestion.category):
        return CategoryChoice(None, confirmed=False, suggestion=suggestion)
    return CategoryChoice(
        suggestion.category,
        confirmed=False,
        confidence=suggestion.confidence,
        needs_dispatcher=suggestion.needs_human,
        suggestion=suggestion,
    )


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
    uow: Unit,
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
    choice = await decide_category(uow, form, policy.classifier)
    area = _area(form, policy.streets)
    now = utcnow()
    case_id = rules.case_number(now, await uow.store.cases.next_sequence())
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
        **await window.reception(uow.store, form.channel, clerk, now),
        # the unit whose window received the visitor: the clerk's department
        "window_unit": (
            clerk.department if clerk and form.channel in window.WINDOW_CHANNELS else None
        ),
    }
    await uow.store.cases.insert_case(values)
    if choice.suggestion is not None:
        await uow.store.classification.record_suggestion(case_id, choice.suggestion, at=now)
    suspected = await flag_duplicates(uow, values, policy.duplicates, now)
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
            state, envelope = await record_screening(
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
            state, envelope = await record_screening(
                uow,
                values,
                screening,
                actor=clerk.actor,
                choice=choice,
                now=now,
                clerk_department=clerk.department,
            )
            envelopes.append(envelope)
    await record(uow, envelopes, policy.department_names)
    flags = [suspicion_view(s) for s in suspected]
    return Registered(case_id, code, state.value, flags, deferred)
