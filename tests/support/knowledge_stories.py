"""Consultations told as events, for the knowledge figures (知识库): answers at the window with
and without an article, consultations resolved by departments, knowledge gaps opened and
closed across months, and a callback that found an answer wrong. The same stories feed the
pure fold (unit), supervision's in-memory store (application) and the running service (e2e).

July 2024 gives, per unit (tests/unit/test_knowledge_figures.py works it out):
  urban-management: window answers K1 (article), K2 (none) -> hit 1/2; consultations accepted
    K6, K7 -> 当场解答率 2/4; resolved with an article K6, without K7; gaps opened K2, K7,
    closed K2, open at the end K7.
  housing: window answer K3 (article), found wrong at callback -> hit 1/1, 答复有误 1;
    consultation accepted K9 (in progress) -> 当场解答率 1/2; gaps: K10 (opened in June,
    still open), K11 (opened in June, dismissed in July): closed 1, open at the end 1.
  the window row (no unit): K4, answered before answers named their unit.
"""

from __future__ import annotations

from datetime import datetime

from common.events import (
    CallbackCompleted,
    CaseAccepted,
    CaseResolved,
    CaseResolvedOnTheSpot,
    KnowledgeGapClosed,
    KnowledgeGapOpened,
)
from common.vocabulary import Channel, RequestKind, ResolutionResult, Satisfaction
from common.vocabulary import ScreeningOutcome as Outcome
from tests.support.supervision_stories import HS, UM, Story, at


def june(day: int, hour: int, minute: int = 0) -> datetime:
    return at(day, hour, minute, month=6)


def july(day: int, hour: int, minute: int = 0) -> datetime:
    return at(day, hour, minute, month=7)


def answered(
    story: Story,
    when: datetime,
    *,
    unit: str | None,
    article: str | None,
    outcome: Outcome = Outcome.ANSWER_CONSULTATION,
) -> Story:
    """解释答疑 (or 即办) at the window, from an article or not."""
    story.category = "housing-fund"
    return story.add(
        when,
        CaseResolvedOnTheSpot(
            category="housing-fund",
            kind=RequestKind.CONSULTATION,
            channel=Channel.WINDOW,
            outcome=outcome.value,
            answer="按政策答复",
            actor="clerk:test",
            resolved_at=when,
            knowledge_article_id=article,
            knowledge_article_version=1 if article else None,
            knowledge_unit=unit,
        ),
    )


def accepted(story: Story, when: datetime, kind: RequestKind = RequestKind.CONSULTATION) -> Story:
    story.category = "housing-fund"
    return story.add(
        when,
        CaseAccepted(
            category="housing-fund",
            kind=kind,
            channel=Channel.HOTLINE,
            actor="clerk:test",
            accepted_at=when,
        ),
    )


def resolved(
    story: Story, when: datetime, department: str, article: str | None, round: int = 1
) -> Story:
    return story.add(
        when,
        CaseResolved(
            department=department,
            result=ResolutionResult.SOLVED,
            summary="已答复",
            round=round,
            actor="handler:test",
            resolved_at=when,
            knowledge_article_id=article,
            knowledge_article_version=1 if article else None,
        ),
    )


def called_back(story: Story, when: datetime, *, answer_wrong: bool = False) -> Story:
    return story.add(
        when,
        CallbackCompleted(
            round=1,
            satisfaction=Satisfaction.SATISFIED,
            solved=True,
            agent="callback_agent:test",
            completed_at=when,
            answer_wrong=answer_wrong,
        ),
    )


def gap_opened(story: Story, when: datetime, department: str, source: str = "window") -> Story:
    return story.add(
        when,
        KnowledgeGapOpened(
            gap_id=f"gap-{story.case_id}",
            department=department,
            category="housing-fund",
            question="公积金怎么提取",
            answer="按政策答复",
            source=source,
            opened_at=when,
        ),
    )


def gap_closed(story: Story, when: datetime, department: str, outcome: str) -> Story:
    return story.add(
        when,
        KnowledgeGapClosed(
            gap_id=f"gap-{story.case_id}",
            department=department,
            outcome=outcome,
            article_id="KB-1" if outcome == "article_published" else None,
            reason=None if outcome == "article_published" else "已有文章覆盖",
            actor="handler:test",
            closed_at=when,
        ),
    )


def knowledge_fixture(prefix: str = "") -> list[Story]:
    """Eleven cases of June and July 2024 (the module's docstring gives July's figures);
    `prefix` starts their case ids, for a system other tests share."""
    k1 = answered(Story(f"{prefix}K1"), july(3, 9), unit=UM, article="KB-1")
    k2 = answered(Story(f"{prefix}K2"), july(4, 9), unit=UM, article=None)
    gap_opened(k2, july(4, 9, 1), UM)
    gap_closed(k2, july(20, 10), UM, "article_published")
    k3 = answered(Story(f"{prefix}K3"), july(5, 9), unit=HS, article="KB-2")
    called_back(k3, july(7, 10), answer_wrong=True)
    k4 = answered(Story(f"{prefix}K4"), july(5, 10), unit=None, article=None)
    k5 = answered(
        Story(f"{prefix}K5"), july(6, 9), unit=UM, article=None, outcome=Outcome.RESOLVE_ON_THE_SPOT
    )
    k6 = (
        accepted(Story(f"{prefix}K6"), july(2, 9)).assigned(july(2, 10), UM).signed(july(2, 11), UM)
    )
    resolved(k6, july(4, 15), UM, "KB-1")
    called_back(k6, july(5, 9)).closed(july(5, 10))
    k7 = (
        accepted(Story(f"{prefix}K7"), july(3, 9)).assigned(july(3, 10), UM).signed(july(3, 11), UM)
    )
    resolved(k7, july(8, 15), UM, None)
    called_back(k7, july(10, 9)).closed(july(10, 10))
    gap_opened(k7, july(10, 10, 1), UM, source="department")
    k8 = accepted(Story(f"{prefix}K8"), july(3, 9), RequestKind.COMPLAINT).assigned(july(3, 10), UM)
    resolved(k8, july(9, 15), UM, None)
    k9 = accepted(Story(f"{prefix}K9"), july(8, 9)).assigned(july(8, 10), HS)
    k10 = answered(Story(f"{prefix}K10"), june(20, 9), unit=HS, article=None)
    gap_opened(k10, june(20, 9, 1), HS)
    k11 = answered(Story(f"{prefix}K11"), june(25, 9), unit=HS, article=None)
    gap_opened(k11, june(25, 9, 1), HS)
    gap_closed(k11, july(2, 9), HS, "dismissed")
    return [k1, k2, k3, k4, k5, k6, k7, k8, k9, k10, k11]
