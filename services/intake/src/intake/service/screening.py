"""Screening a registered case: accept, reject, merge into its original, or resolve on the
spot; the one place a screening outcome is checked, recorded and announced."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from common.auth import Principal
from common.clock import local_date, utcnow
from common.envelope import Envelope, Event
from common.errors import Unprocessable
from common.events import (
    CaseAccepted,
    CaseMerged,
    CaseRejected,
    CaseResolvedOnTheSpot,
)
from common.vocabulary import (
    Channel,
    RequestKind,
    ScreeningOutcome,
    SubmitterKind,
)
from intake.domain import duplicates as dup
from intake.domain import screening as rules_of_screening
from intake.domain.accuracy import DecisionKind
from intake.domain.classification import Suggestion
from intake.domain.screening import (
    ANSWERS,
    AUTO_SCREENING_ACTOR,
    CaseScreening,
    DuplicateReview,
    ScreeningRequest,
    ScreeningState,
)
from intake.knowledge import gaps
from intake.knowledge.answers import WindowKnowledge, window_knowledge
from intake.knowledge.gap_rules import GapSource, leaves_window_gap
from intake.repository.store import Unit
from intake.schemas import ScreeningDecision
from intake.service.refusals import no_case, unknown_category
from intake.service.timeline import record
from intake.state import IntakePolicy

CATEGORY_OUTCOMES = frozenset(
    {
        ScreeningOutcome.ACCEPT,
        ScreeningOutcome.RESOLVE_ON_THE_SPOT,
        ScreeningOutcome.ANSWER_CONSULTATION,
    }
)


@dataclass(frozen=True)
class CategoryChoice:
    code: str | None
    confirmed: bool  # a person (submitter or clerk) chose it
    confidence: float | None = None
    needs_dispatcher: bool = False  # the classifier was not sure: a human routes the case
    suggestion: Suggestion | None = None


async def screen(
    uow: Unit,
    case_id: str,
    decision: ScreeningDecision,
    *,
    clerk: Principal,
    policy: IntakePolicy,
) -> dict[str, Any]:
    """A clerk's screening of a waiting case."""
    row = await uow.store.cases.find_case(case_id, lock=True)
    if row is None:
        raise no_case(case_id)
    values = dict(row._mapping)
    choice = CategoryChoice(values["category"], confirmed=True)
    if decision.category is not None and decision.category != values["category"]:
        if not await uow.store.catalogue.category_exists(decision.category):
            raise unknown_category(decision.category)
        choice = CategoryChoice(decision.category, confirmed=True)
    now = utcnow()
    state, envelope = await record_screening(
        uow,
        values,
        decision,
        actor=clerk.actor,
        choice=choice,
        now=now,
        clerk_department=clerk.department,
    )
    await record(uow, [envelope], policy.department_names)
    return {
        "case_id": case_id,
        "screening_state": state.value,
        "event": envelope.event_type,
        "merged_into": values.get("merged_into"),
    }


async def record_screening(
    uow: Unit,
    values: dict[str, Any],
    decision: ScreeningDecision,
    *,
    actor: str,
    choice: CategoryChoice,
    now: datetime,
    clerk_department: str | None = None,
) -> tuple[ScreeningState, Envelope]:
    """Check the outcome against the case's screening state, record it, emit its event. An
    answer at the window records the knowledge article it came from; a consultation answered
    from none opens a knowledge gap for the unit (the category's lead, or the clerk's own)."""
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
            knowledge_article_id=decision.knowledge_article_id,
            knowledge_article_version=decision.knowledge_article_version,
        ),
    )
    knowledge = WindowKnowledge(None, None, None)
    if decision.outcome in ANSWERS:
        knowledge = await window_knowledge(
            uow,
            article_id=decision.knowledge_article_id,
            version=decision.knowledge_article_version,
            category=choice.code,
            clerk_department=clerk_department,
            today=local_date(now),
        )
    changes: dict[str, Any] = {
        "screening_state": state.value,
        "screened_by": actor,
        "screened_at": now,
        "screening_reason": decision.reason,
        "screening_answer": decision.answer,
        "category": choice.code,
        "knowledge_article_id": knowledge.article_id,
        "knowledge_article_version": knowledge.version,
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
        original, similarity = await original_of(uow, values, decision.original_case_id or "")
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
            knowledge_article_id=knowledge.article_id,
            knowledge_article_version=knowledge.version,
            knowledge_unit=knowledge.unit,
        )
    await uow.store.cases.update_case(case_id, changes)
    if actor != AUTO_SCREENING_ACTOR and choice.code and outcome in CATEGORY_OUTCOMES:
        # a clerk filed the case under this category: a human decision live accuracy counts
        await uow.store.classification.record_decision(
            case_id, DecisionKind.CLERK, choice.code, actor, at=now
        )
    envelope = uow.emit(event, case_id=case_id)
    if leaves_window_gap(outcome, knowledge.article_id) and knowledge.unit is not None:
        await gaps.open_gap(
            uow,
            case_id=case_id,
            department=knowledge.unit,
            category=choice.code or "",
            question=values["description"],
            answer=decision.answer or "",
            source=GapSource.WINDOW,
            at=now,
        )
    return state, envelope


async def original_of(
    uow: Unit, values: Mapping[str, Any], original_case_id: str
) -> tuple[str, float]:
    """The case a duplicate merges into (the original's own original, when the original was
    itself merged) and how similar the two are."""
    original = await uow.store.cases.find_case(original_case_id)
    if original is not None and original.merged_into is not None:
        original = await uow.store.cases.find_case(original.merged_into)
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
        for f in await uow.store.duplicates.flags_of(values["case_id"])
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
