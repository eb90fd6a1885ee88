"""Knowledge-base facts of a case and the gap figures (知识缺口) of a period. Pure code.

A case's knowledge facts come from its own events: whether it is a consultation (咨询), the
article an answer came from (at the window, CaseResolvedOnTheSpot; by a department, the
latest round's CaseResolved), the unit a window answer counts for (`knowledge_unit`: the
article's owner, or the unit its gap went to), callbacks that found the answer wrong, and the
case's knowledge gap (KnowledgeGapOpened / KnowledgeGapClosed, one per case).

Gaps are counted by their own times, not by the case's period: opened in the period, closed
in it, and open at its end (opened before the end and not closed by then).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from common.envelope import Event
from common.events import (
    CallbackCompleted,
    CaseAccepted,
    CaseRegistered,
    CaseResolved,
    CaseResolvedOnTheSpot,
    KnowledgeGapClosed,
    KnowledgeGapOpened,
)
from common.vocabulary import RequestKind
from supervision.domain.periods import Period, period_key, period_range, shanghai_midnight

TIMES = ("gap_opened_at", "gap_closed_at")


@dataclass(frozen=True)
class KnowledgeFacts:
    """What the knowledge figures need to know about one case."""

    consultation: bool = False  # a consultation (咨询), as registered, accepted or screened
    #: the unit a window answer counts for (knowledge_unit of CaseResolvedOnTheSpot)
    unit: str | None = None
    #: the article the answer came from: the window's, or the latest resolved round's
    article_id: str | None = None
    answers_wrong: int = 0  # completed callbacks that found the answer wrong (答复有误)
    gap_department: str | None = None
    gap_category: str | None = None
    gap_opened_at: datetime | None = None
    gap_closed_at: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        data = {name: getattr(self, name) for name in self.__dataclass_fields__}
        return {**data, **{name: _moment(getattr(self, name)) for name in TIMES}}

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> KnowledgeFacts:
        if not data:
            return cls()
        times = {
            name: datetime.fromisoformat(data[name]) if data.get(name) else None for name in TIMES
        }
        return cls(**{**data, **times})


def _moment(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def knowledge_of(events: Iterable[Event]) -> KnowledgeFacts:
    """The knowledge facts of one case from its events, oldest first."""
    facts = KnowledgeFacts()
    resolved_round = 0
    for event in events:
        if isinstance(event, CaseRegistered | CaseAccepted):
            facts = replace(facts, consultation=event.kind is RequestKind.CONSULTATION)
        elif isinstance(event, CaseResolvedOnTheSpot):
            facts = replace(
                facts,
                consultation=event.kind is RequestKind.CONSULTATION,
                unit=event.knowledge_unit,
                article_id=event.knowledge_article_id,
            )
        elif isinstance(event, CaseResolved) and event.round >= resolved_round:
            resolved_round = event.round
            facts = replace(facts, article_id=event.knowledge_article_id)
        elif isinstance(event, CallbackCompleted) and event.answer_wrong:
            facts = replace(facts, answers_wrong=facts.answers_wrong + 1)
        elif isinstance(event, KnowledgeGapOpened):
            facts = replace(
                facts,
                gap_department=event.department,
                gap_category=event.category,
                gap_opened_at=event.opened_at,
            )
        elif isinstance(event, KnowledgeGapClosed):
            facts = replace(
                facts,
                gap_department=facts.gap_department or event.department,
                gap_closed_at=event.closed_at,
            )
    return facts


def periods_between(period: Period, start: date, end: date) -> list[tuple[str, datetime, datetime]]:
    """Each period from `start` to `end` (days, both included): its key and the instants it
    covers, cut to those days."""
    found = []
    day = start
    while day <= end:
        first, following = period_range(period, day)
        since = shanghai_midnight(max(first, start))
        until = shanghai_midnight(min(following, end + timedelta(days=1)))
        found.append((period_key(since, period), since, until))
        day = following
    return found


@dataclass(frozen=True)
class GapCounts:
    opened: bool  # opened in the period
    closed: bool  # closed in the period
    still_open: bool  # open at the period's end


def gap_counts(facts: KnowledgeFacts, since: datetime, until: datetime) -> GapCounts | None:
    """How a case's gap counts in the period [since, until); None when it does not."""
    opened, closed = facts.gap_opened_at, facts.gap_closed_at
    if opened is None or opened >= until or (closed is not None and closed < since):
        return None
    return GapCounts(
        opened=since <= opened,
        closed=closed is not None and closed < until,
        still_open=closed is None or closed >= until,
    )
