"""The pure rules of knowledge gaps and of the article an answer at the window came from."""

from __future__ import annotations

import pytest

from common.auth import Principal
from common.errors import Unprocessable
from common.vocabulary import RequestKind, Role, ScreeningOutcome
from intake.domain import screening as rules
from intake.domain.screening import (
    CaseScreening,
    DuplicateReview,
    ScreeningRequest,
    ScreeningState,
)
from intake.knowledge.gap_rules import (
    gap_id_of,
    leaves_department_gap,
    leaves_window_gap,
    may_dismiss,
    visible_department,
    window_gap_unit,
)

CASE = CaseScreening("20260309000001", ScreeningState.PENDING, DuplicateReview.NONE, "water")


def test_a_case_names_its_one_gap() -> None:
    assert gap_id_of("20260309000001") == "GAP-20260309000001"


def test_a_window_gap_goes_to_the_lead_then_the_clerks_department() -> None:
    assert window_gap_unit("water", "service-centre") == "water"
    assert window_gap_unit(None, "service-centre") == "service-centre"
    assert window_gap_unit(None, None) is None


def test_only_a_consultation_answered_from_no_article_leaves_a_window_gap() -> None:
    assert leaves_window_gap(ScreeningOutcome.ANSWER_CONSULTATION, None)
    assert not leaves_window_gap(ScreeningOutcome.ANSWER_CONSULTATION, "KB-1")
    assert not leaves_window_gap(ScreeningOutcome.RESOLVE_ON_THE_SPOT, None)


def test_a_department_gap_needs_a_consultation_resolved_from_no_article() -> None:
    assert leaves_department_gap(RequestKind.CONSULTATION, None, "water")
    assert not leaves_department_gap(RequestKind.CONSULTATION, "KB-1", "water")
    assert not leaves_department_gap(RequestKind.COMPLAINT, None, "water")
    assert not leaves_department_gap(RequestKind.CONSULTATION, None, None)  # never resolved


def test_the_units_handlers_and_admins_dismiss_a_gap() -> None:
    assert may_dismiss(Principal("li", Role.HANDLER, department="water"), "water")
    assert not may_dismiss(Principal("zhao", Role.HANDLER, department="roads"), "water")
    assert may_dismiss(Principal("root", Role.ADMIN), "water")
    assert not may_dismiss(Principal("sun", Role.SUPERVISOR), "water")


def test_a_handler_sees_only_its_own_units_gaps() -> None:
    handler = Principal("li", Role.HANDLER, department="water")
    assert visible_department(handler, "roads") == "water"
    assert visible_department(Principal("sun", Role.SUPERVISOR), "roads") == "roads"
    assert visible_department(Principal("sun", Role.SUPERVISOR), None) is None


@pytest.mark.parametrize(
    ("outcome", "article", "version", "field"),
    [
        (ScreeningOutcome.ACCEPT, "KB-1", 1, "knowledge_article_id"),
        (ScreeningOutcome.MERGE_DUPLICATE, None, 1, "knowledge_article_version"),
        (ScreeningOutcome.ANSWER_CONSULTATION, "KB-1", None, "knowledge_article_version"),
        (ScreeningOutcome.RESOLVE_ON_THE_SPOT, None, 2, "knowledge_article_id"),
    ],
)
def test_an_article_is_named_whole_and_only_on_an_answer(
    outcome: ScreeningOutcome, article: str | None, version: int | None, field: str
) -> None:
    request = ScreeningRequest(
        outcome=outcome,
        reason="理由",
        answer="答复",
        original_case_id="20260101000001",
        knowledge_article_id=article,
        knowledge_article_version=version,
    )
    with pytest.raises(Unprocessable) as refused:
        rules.check(CASE, request)
    assert refused.value.details["fields"][0]["field"] == field


def test_an_answer_may_name_its_article() -> None:
    request = ScreeningRequest(
        outcome=ScreeningOutcome.ANSWER_CONSULTATION,
        answer="答复",
        knowledge_article_id="KB-1",
        knowledge_article_version=3,
    )
    assert rules.check(CASE, request) is ScreeningState.ANSWERED
