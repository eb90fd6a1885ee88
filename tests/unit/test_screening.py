"""Screening rules: which outcome from which state, what each outcome needs, and when a
submission is accepted without a clerk."""

from __future__ import annotations

import pytest

from common.errors import Conflict, Unprocessable
from common.vocabulary import ReasonCode, ScreeningOutcome
from intake.domain.screening import (
    CaseScreening,
    DuplicateReview,
    ScreeningRequest,
    ScreeningState,
    auto_screen,
    check,
    why_waiting,
)

COMPLETE = {
    ScreeningOutcome.ACCEPT: ScreeningRequest(ScreeningOutcome.ACCEPT),
    ScreeningOutcome.REJECT: ScreeningRequest(ScreeningOutcome.REJECT, reason="不属于受理范围"),
    ScreeningOutcome.RESOLVE_ON_THE_SPOT: ScreeningRequest(
        ScreeningOutcome.RESOLVE_ON_THE_SPOT, answer="当场补办证明"
    ),
    ScreeningOutcome.ANSWER_CONSULTATION: ScreeningRequest(
        ScreeningOutcome.ANSWER_CONSULTATION, answer="办理需携带身份证原件"
    ),
    ScreeningOutcome.MERGE_DUPLICATE: ScreeningRequest(
        ScreeningOutcome.MERGE_DUPLICATE, original_case_id="20260101000001"
    ),
}
EXPECTED = {
    ScreeningOutcome.ACCEPT: ScreeningState.ACCEPTED,
    ScreeningOutcome.REJECT: ScreeningState.REJECTED,
    ScreeningOutcome.RESOLVE_ON_THE_SPOT: ScreeningState.RESOLVED_ON_THE_SPOT,
    ScreeningOutcome.ANSWER_CONSULTATION: ScreeningState.ANSWERED,
    ScreeningOutcome.MERGE_DUPLICATE: ScreeningState.MERGED,
}


def case(
    state: ScreeningState = ScreeningState.PENDING,
    review: DuplicateReview = DuplicateReview.NONE,
    category: str | None = "streetlight",
) -> CaseScreening:
    return CaseScreening("20260102000007", state, review, category)


@pytest.mark.parametrize("outcome", list(ScreeningOutcome))
def test_a_waiting_case_takes_every_outcome(outcome: ScreeningOutcome) -> None:
    assert check(case(), COMPLETE[outcome]) is EXPECTED[outcome]


@pytest.mark.parametrize("done", [s for s in ScreeningState if s is not ScreeningState.PENDING])
@pytest.mark.parametrize("outcome", list(ScreeningOutcome))
def test_a_screened_case_is_not_screened_again(
    done: ScreeningState, outcome: ScreeningOutcome
) -> None:
    with pytest.raises(Conflict) as refused:
        check(case(state=done), COMPLETE[outcome])
    assert refused.value.code == "already_screened"
    assert refused.value.details["screening_state"] == done.value


@pytest.mark.parametrize(
    ("request_", "field"),
    [
        (ScreeningRequest(ScreeningOutcome.REJECT), "reason"),
        (ScreeningRequest(ScreeningOutcome.REJECT, reason=""), "reason"),
        (ScreeningRequest(ScreeningOutcome.RESOLVE_ON_THE_SPOT), "answer"),
        (ScreeningRequest(ScreeningOutcome.ANSWER_CONSULTATION), "answer"),
        (ScreeningRequest(ScreeningOutcome.MERGE_DUPLICATE), "original_case_id"),
    ],
)
def test_each_outcome_needs_its_field(request_: ScreeningRequest, field: str) -> None:
    with pytest.raises(Unprocessable) as refused:
        check(case(), request_)
    assert refused.value.code == "screening_incomplete"
    assert refused.value.details["fields"][0]["field"] == field


def test_a_case_is_not_merged_into_itself() -> None:
    itself = ScreeningRequest(ScreeningOutcome.MERGE_DUPLICATE, original_case_id="20260102000007")
    with pytest.raises(Unprocessable) as refused:
        check(case(), itself)
    assert refused.value.code == "merge_into_itself"


@pytest.mark.parametrize(
    "outcome",
    [
        ScreeningOutcome.ACCEPT,
        ScreeningOutcome.RESOLVE_ON_THE_SPOT,
        ScreeningOutcome.ANSWER_CONSULTATION,
    ],
)
def test_handing_on_needs_a_category(outcome: ScreeningOutcome) -> None:
    with pytest.raises(Unprocessable) as refused:
        check(case(category=None), COMPLETE[outcome])
    assert refused.value.details["fields"][0]["field"] == "category"
    given = ScreeningRequest(outcome, answer="答复", category="streetlight")
    assert check(case(category=None), given) is EXPECTED[outcome]


def test_rejection_and_merge_need_no_category() -> None:
    no_category = case(category=None)
    assert check(no_category, COMPLETE[ScreeningOutcome.REJECT]) is ScreeningState.REJECTED
    merge = COMPLETE[ScreeningOutcome.MERGE_DUPLICATE]
    assert check(no_category, merge) is ScreeningState.MERGED


@pytest.mark.parametrize(
    "outcome",
    [
        ScreeningOutcome.ACCEPT,
        ScreeningOutcome.RESOLVE_ON_THE_SPOT,
        ScreeningOutcome.ANSWER_CONSULTATION,
    ],
)
def test_a_suspected_duplicate_is_reviewed_before_it_is_handed_on(
    outcome: ScreeningOutcome,
) -> None:
    with pytest.raises(Conflict) as refused:
        check(case(review=DuplicateReview.PENDING), COMPLETE[outcome])
    assert refused.value.code == "duplicate_review_pending"
    assert check(case(review=DuplicateReview.DISMISSED), COMPLETE[outcome]) is EXPECTED[outcome]


def test_a_suspected_duplicate_may_be_merged_or_rejected_at_once() -> None:
    suspected = case(review=DuplicateReview.PENDING)
    merge = COMPLETE[ScreeningOutcome.MERGE_DUPLICATE]
    assert check(suspected, merge) is ScreeningState.MERGED
    assert check(suspected, COMPLETE[ScreeningOutcome.REJECT]) is ScreeningState.REJECTED


def test_automatic_screening_accepts_only_a_known_category_without_duplicates() -> None:
    assert auto_screen(category_known=True, duplicates_suspected=False).accept
    assert not auto_screen(category_known=False, duplicates_suspected=False).accept
    assert not auto_screen(category_known=True, duplicates_suspected=True).accept
    assert not auto_screen(category_known=False, duplicates_suspected=True).accept


def test_automatic_screening_gives_its_reason_as_a_code_and_in_chinese() -> None:
    accepted = auto_screen(category_known=True, duplicates_suspected=False).why
    assert accepted.code is ReasonCode.AUTO_ACCEPTED and "自动受理" in accepted.text
    unknown = auto_screen(category_known=False, duplicates_suspected=False).why
    assert unknown.code is ReasonCode.CATEGORY_UNKNOWN and "分类" in unknown.text
    both = auto_screen(category_known=False, duplicates_suspected=True).why
    assert both.code is ReasonCode.DUPLICATE_SUSPECTED and "疑似重复" in both.text


@pytest.mark.parametrize(
    ("category_known", "review", "code", "words"),
    [
        (True, DuplicateReview.PENDING, ReasonCode.DUPLICATE_SUSPECTED, "疑似重复件"),
        (False, DuplicateReview.PENDING, ReasonCode.DUPLICATE_SUSPECTED, "疑似重复件"),
        (False, DuplicateReview.DISMISSED, ReasonCode.CATEGORY_UNKNOWN, "未能自动分类"),
        (True, DuplicateReview.NONE, ReasonCode.AWAITING_CLERK, "待窗口工作人员甄别"),
    ],
)
def test_the_screening_queue_says_why_a_case_waits(
    category_known: bool, review: DuplicateReview, code: ReasonCode, words: str
) -> None:
    why = why_waiting(category_known=category_known, duplicate_review=review)
    assert why.code is code and words in why.text
