"""Suggestions and the human decisions on each case's category (intake.suggestions,
intake.category_decisions): what live accuracy and retraining are measured from."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Row,
    select,
)
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from intake.domain.accuracy import Decision, DecisionKind, Measured, confirmed_category
from intake.domain.classification import Suggestion, text_of
from intake.models import cases, category_decisions, suggestions


class SqlClassification:
    """The classifier's suggestions and people's decisions on a case's category, in SQL."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def record_suggestion(
        self, case_id: str, suggestion: Suggestion, *, at: datetime
    ) -> None:
        """The classifier's suggestion for a newly registered case; call it in the transaction
        that registers the case."""
        await self.session.execute(
            insert(suggestions)
            .values(
                case_id=case_id,
                category=suggestion.category,
                lead_department=suggestion.lead_department,
                confidence=suggestion.confidence,
                model_version=suggestion.model_version,
                suggested_at=at,
            )
            .on_conflict_do_nothing()
        )

    async def record_decision(
        self,
        case_id: str,
        kind: DecisionKind,
        category: str | None,
        actor: str,
        *,
        at: datetime,
        returning_department: str | None = None,
    ) -> None:
        """A person's decision on the case's category (None: a return upheld at arbitration)."""
        await self.session.execute(
            category_decisions.insert().values(
                case_id=case_id,
                kind=kind.value,
                category=category,
                returning_department=returning_department,
                actor=actor,
                decided_at=at,
            )
        )


async def measured(
    session: AsyncSession, *, start: datetime | None, end: datetime | None
) -> list[Measured]:
    """Each case suggested for in [start, end) with the human decisions on it."""
    query = select(suggestions).order_by(suggestions.c.suggested_at, suggestions.c.case_id)
    if start is not None:
        query = query.where(suggestions.c.suggested_at >= start)
    if end is not None:
        query = query.where(suggestions.c.suggested_at < end)
    rows = (await session.execute(query)).all()
    decided = await _decisions(session, [row.case_id for row in rows])
    return [
        Measured(
            row.case_id,
            row.category,
            row.lead_department,
            row.model_version,
            tuple(decided.get(row.case_id, ())),
        )
        for row in rows
    ]


async def _decisions(session: AsyncSession, case_ids: list[str]) -> dict[str, list[Decision]]:
    found: defaultdict[str, list[Decision]] = defaultdict(list)
    if not case_ids:
        return found
    rows = await session.execute(
        select(category_decisions)
        .where(category_decisions.c.case_id.in_(case_ids))
        .order_by(category_decisions.c.decided_at, category_decisions.c.id)
    )
    for row in rows:
        found[row.case_id].append(_decision(row))
    return found


def _decision(row: Row[Any]) -> Decision:
    return Decision(DecisionKind(row.kind), row.category, row.decided_at, row.returning_department)


@dataclass(frozen=True)
class ConfirmedCase:
    case_id: str
    category: str
    text: str
    decided_at: datetime


async def confirmed_cases(session: AsyncSession) -> list[ConfirmedCase]:
    """Every case whose category a person decided, with its text, oldest decision first."""
    rows = (
        await session.execute(
            select(category_decisions, cases.c.title, cases.c.description)
            .join(cases, cases.c.case_id == category_decisions.c.case_id)
            .order_by(category_decisions.c.decided_at, category_decisions.c.id)
        )
    ).all()
    by_case: dict[str, list[Decision]] = defaultdict(list)
    texts: dict[str, str] = {}
    for row in rows:
        by_case[row.case_id].append(_decision(row))
        texts[row.case_id] = text_of(row.title, row.description)
    out = []
    for case_id, decisions in by_case.items():
        category = confirmed_category(decisions)
        if category is not None:
            out.append(ConfirmedCase(case_id, category, texts[case_id], decisions[-1].at))
    return sorted(out, key=lambda c: (c.decided_at, c.case_id))
