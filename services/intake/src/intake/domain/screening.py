"""Screening (甄别): which outcome a clerk may give a case, and when a case needs no clerk.

A case is screened once. It waits (`pending`) until a clerk decides, unless the automatic
rule accepts it at registration. A dispatcher may send an accepted case back (退回甄别): it
waits for a clerk again, and is screened once more. Suspected duplicates must be reviewed first: merged (the
merge is itself the screening) or dismissed, after which any other outcome may follow.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from common.errors import Conflict, Unprocessable
from common.vocabulary import Reason, ReasonCode, ScreeningOutcome

AUTO_SCREENING_ACTOR = "system:auto-screening"


class ScreeningState(StrEnum):
    PENDING = "pending"  # 待甄别
    ACCEPTED = "accepted"  # 已受理
    REJECTED = "rejected"  # 不予受理
    RESOLVED_ON_THE_SPOT = "resolved_on_the_spot"  # 即办
    ANSWERED = "answered"  # 已解释答疑
    MERGED = "merged"  # 重复件已合并


class DuplicateReview(StrEnum):
    NONE = "none"  # nothing suspected
    PENDING = "pending"  # suspected, not yet reviewed
    CONFIRMED = "confirmed"  # merged into an original
    DISMISSED = "dismissed"  # reviewed: not a duplicate


STATE_AFTER: dict[ScreeningOutcome, ScreeningState] = {
    ScreeningOutcome.ACCEPT: ScreeningState.ACCEPTED,
    ScreeningOutcome.REJECT: ScreeningState.REJECTED,
    ScreeningOutcome.RESOLVE_ON_THE_SPOT: ScreeningState.RESOLVED_ON_THE_SPOT,
    ScreeningOutcome.ANSWER_CONSULTATION: ScreeningState.ANSWERED,
    ScreeningOutcome.MERGE_DUPLICATE: ScreeningState.MERGED,
}

#: Outcomes that hand the case on with a category: it must be known by then.
NEEDS_CATEGORY = frozenset(
    {
        ScreeningOutcome.ACCEPT,
        ScreeningOutcome.RESOLVE_ON_THE_SPOT,
        ScreeningOutcome.ANSWER_CONSULTATION,
    }
)


#: Outcomes that end the matter at the window with an answer, which may come from an article.
ANSWERS = frozenset({ScreeningOutcome.RESOLVE_ON_THE_SPOT, ScreeningOutcome.ANSWER_CONSULTATION})


@dataclass(frozen=True)
class ScreeningRequest:
    outcome: ScreeningOutcome
    reason: str | None = None
    answer: str | None = None
    original_case_id: str | None = None
    category: str | None = None
    knowledge_article_id: str | None = None
    knowledge_article_version: int | None = None


@dataclass(frozen=True)
class CaseScreening:
    """What screening needs to know of a case."""

    case_id: str
    state: ScreeningState
    duplicate_review: DuplicateReview
    category: str | None


def check(case: CaseScreening, request: ScreeningRequest) -> ScreeningState:
    """The state the case moves to, or a 409/422 saying why it may not."""
    if case.state is not ScreeningState.PENDING:
        raise Conflict(
            "already_screened",
            f"受理编号为 {case.case_id} 的诉求已经甄别过，不能再次甄别",
            screening_state=case.state.value,
            duplicate_review=case.duplicate_review.value,
        )
    outcome = request.outcome
    if case.duplicate_review is DuplicateReview.PENDING and outcome in (
        ScreeningOutcome.ACCEPT,
        ScreeningOutcome.RESOLVE_ON_THE_SPOT,
        ScreeningOutcome.ANSWER_CONSULTATION,
    ):
        raise Conflict(
            "duplicate_review_pending",
            "该诉求疑似重复件：请合并，或先排除疑似重复再甄别",
            screening_state=case.state.value,
            duplicate_review=case.duplicate_review.value,
        )
    _require_fields(case, request)
    return STATE_AFTER[outcome]


def _require_fields(case: CaseScreening, request: ScreeningRequest) -> None:
    outcome = request.outcome
    if outcome is ScreeningOutcome.REJECT and not request.reason:
        _missing("reason", "不予受理须填写理由")
    if outcome in ANSWERS and not request.answer:
        _missing("answer", "即办或解释答疑须填写答复内容")
    if outcome is ScreeningOutcome.MERGE_DUPLICATE:
        if not request.original_case_id:
            _missing("original_case_id", "合并须填写原诉求受理编号")
        if request.original_case_id == case.case_id:
            raise Unprocessable(
                "merge_into_itself",
                "诉求不能合并到它自己",
                fields=[
                    {
                        "field": "original_case_id",
                        "message": "原诉求受理编号不能是本诉求",
                        "type": "value",
                    }
                ],
            )
    if outcome in NEEDS_CATEGORY and not (request.category or case.category):
        _missing("category", "该诉求尚无分类，须填写分类")
    _check_knowledge(request)


def _check_knowledge(request: ScreeningRequest) -> None:
    """The knowledge article an answer came from: its id and version together, and only on
    an answer given at the window (即办, 解释答疑)."""
    article, version = request.knowledge_article_id, request.knowledge_article_version
    if article is None and version is None:
        return
    if request.outcome not in ANSWERS:
        field = "knowledge_article_id" if article is not None else "knowledge_article_version"
        message = "只有即办或解释答疑可以注明答复所依据的知识条目"
        raise Unprocessable(
            "knowledge_not_for_outcome",
            message,
            fields=[{"field": field, "message": message, "type": "value"}],
        )
    if article is None:
        _missing("knowledge_article_id", "注明了知识条目版本，须同时注明知识条目")
    if version is None:
        _missing("knowledge_article_version", "注明了知识条目，须同时注明其版本")


def _missing(field: str, message: str) -> None:
    raise Unprocessable(
        "screening_incomplete",
        message,
        fields=[{"field": field, "message": message, "type": "missing"}],
    )


@dataclass(frozen=True)
class AutoScreening:
    accept: bool
    why: Reason


def auto_screen(*, category_known: bool, duplicates_suspected: bool) -> AutoScreening:
    """An online submission is accepted without a clerk when its category is known and it
    looks like nothing filed before; otherwise it waits in the clerk's screening queue."""
    waiting = _needs_clerk(category_known=category_known, duplicates=duplicates_suspected)
    if waiting is not None:
        return AutoScreening(False, waiting)
    return AutoScreening(
        True, Reason(ReasonCode.AUTO_ACCEPTED, "分类明确，且未发现相似的在先诉求，自动受理")
    )


def why_waiting(
    *, category_known: bool, duplicate_review: DuplicateReview, sent_back_reason: str | None = None
) -> Reason:
    """Why a case waits in the clerk's screening queue, as the queue shows it: a dispatcher's
    reason for sending it back comes first, it is what the clerk must act on."""
    if sent_back_reason:
        return Reason(ReasonCode.SENT_BACK_BY_DISPATCHER, f"派单员退回甄别：{sent_back_reason}")
    waiting = _needs_clerk(
        category_known=category_known, duplicates=duplicate_review is DuplicateReview.PENDING
    )
    return waiting or Reason(ReasonCode.AWAITING_CLERK, "窗口登记的诉求，待窗口工作人员甄别")


def _needs_clerk(*, category_known: bool, duplicates: bool) -> Reason | None:
    """Suspected duplicates come first: they are reviewed before any other outcome."""
    if duplicates:
        return Reason(
            ReasonCode.DUPLICATE_SUSPECTED, "疑似重复件：请核查后合并，或排除疑似后再甄别"
        )
    if not category_known:
        return Reason(ReasonCode.CATEGORY_UNKNOWN, "未能自动分类：请确定分类后再甄别")
    return None
