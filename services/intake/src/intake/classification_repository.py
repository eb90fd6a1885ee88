"""Classification decisions (intake.classifications): suggestion against the final category,
and the live accuracy measured from them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Column, DateTime, Float, MetaData, Table, Text, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from common.clock import utcnow

metadata = MetaData(schema="intake")

classifications = Table(
    "classifications",
    metadata,
    Column("id", BigInteger, primary_key=True),
    Column("case_id", Text, nullable=False),
    Column("suggested", Text, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("final", Text, nullable=False),
    Column("decided_by", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)


async def record_decision(
    session: AsyncSession,
    case_id: str,
    suggested: str,
    confidence: float,
    final: str,
    actor: str,
    *,
    at: datetime | None = None,
) -> None:
    """Record what the classifier suggested for a case and the category it was filed under.
    Call it in the transaction that files (or re-files) the case."""
    if not 0 <= confidence <= 1:
        raise ValueError("confidence must lie in [0, 1]")
    await session.execute(
        classifications.insert().values(
            case_id=case_id,
            suggested=suggested,
            confidence=confidence,
            final=final,
            decided_by=actor,
            at=at or utcnow(),
        )
    )


async def accuracy(session: AsyncSession, *, since: datetime | None = None) -> dict[str, Any]:
    """Top-1 accuracy of suggestions against final categories, overall and per final category.
    Each case counts once, with its latest decision."""
    latest = (
        select(
            classifications.c.case_id,
            classifications.c.suggested,
            classifications.c.final,
            classifications.c.confidence,
        )
        .distinct(classifications.c.case_id)
        .order_by(
            classifications.c.case_id, classifications.c.at.desc(), classifications.c.id.desc()
        )
    )
    if since is not None:
        latest = latest.where(classifications.c.at >= since)
    decided = latest.subquery()
    correct = func.count().filter(decided.c.suggested == decided.c.final)
    rows = await session.execute(
        select(decided.c.final, func.count(), correct, func.avg(decided.c.confidence))
        .group_by(decided.c.final)
        .order_by(decided.c.final)
    )
    by_category = [
        {
            "category": final,
            "decisions": int(total),
            "correct": int(hits),
            "accuracy": round(hits / total, 4),
            "mean_confidence": round(float(mean), 4),
        }
        for final, total, hits, mean in rows
    ]
    total = sum(c["decisions"] for c in by_category)
    hits = sum(c["correct"] for c in by_category)
    return {
        "decisions": total,
        "correct": hits,
        "accuracy": round(hits / total, 4) if total else None,
        "since": since,
        "by_category": by_category,
    }
