"""SQL for suspected duplicates: the bounded search for likely originals, and the flags kept."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, select, union
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from intake.domain.duplicates import Suspicion
from intake.models import (
    cases,
    duplicate_flags,
)
from intake.repository.store import CandidateQuery


class SqlDuplicates:
    """Suspected duplicates, in SQL."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def duplicate_candidates(self, query: CandidateQuery) -> Sequence[Any]:
        columns = (
            cases.c.case_id,
            cases.c.registered_at,
            cases.c.title,
            cases.c.description,
            cases.c.submitter_key,
            cases.c.category,
            cases.c.address_key,
            cases.c.latitude,
            cases.c.longitude,
        )
        not_this = and_(cases.c.case_id != query.case_id, cases.c.merged_into.is_(None))
        searches: list[Select[Any]] = []
        if query.submitter_key:
            searches.append(
                select(*columns)
                .where(
                    cases.c.submitter_key == query.submitter_key,
                    cases.c.registered_at >= query.submitter_since,
                    not_this,
                )
                .limit(query.limit)
            )
        if query.category and query.box is not None:
            min_lat, max_lat, min_lon, max_lon = query.box
            searches.append(
                select(*columns)
                .where(
                    cases.c.category == query.category,
                    cases.c.latitude.between(min_lat, max_lat),
                    cases.c.longitude.between(min_lon, max_lon),
                    cases.c.registered_at >= query.place_since,
                    not_this,
                )
                .limit(query.limit)
            )
        if query.category and query.address_key:
            searches.append(
                select(*columns)
                .where(
                    cases.c.category == query.category,
                    cases.c.address_key == query.address_key,
                    cases.c.registered_at >= query.place_since,
                    not_this,
                )
                .limit(query.limit)
            )
        if not searches:
            return []
        statement = searches[0] if len(searches) == 1 else union(*searches)
        return (await self.session.execute(statement)).all()

    async def insert_flags(
        self, case_id: str, found: Sequence[Suspicion], *, now: datetime
    ) -> None:
        await self.session.execute(
            insert(duplicate_flags)
            .values(
                [
                    {
                        "case_id": case_id,
                        "original_case_id": s.original_case_id,
                        "score": s.score,
                        "reasons": list(s.reasons),
                        "distance_m": s.distance_m,
                        "flagged_at": now,
                    }
                    for s in found
                ]
            )
            .on_conflict_do_nothing()
        )

    async def flags_of(self, case_id: str) -> list[dict[str, Any]]:
        rows = await self.session.execute(
            select(duplicate_flags, cases.c.title, cases.c.registered_at, cases.c.screening_state)
            .join(cases, cases.c.case_id == duplicate_flags.c.original_case_id)
            .where(duplicate_flags.c.case_id == case_id)
            .order_by(duplicate_flags.c.score.desc())
        )
        return [
            {
                "original_case_id": r.original_case_id,
                "score": r.score,
                "reasons": list(r.reasons),
                "distance_m": r.distance_m,
                "flagged_at": r.flagged_at,
                "original_title": r.title,
                "original_registered_at": r.registered_at,
                "original_screening_state": r.screening_state,
            }
            for r in rows
        ]

    async def flags_for(self, case_ids: Sequence[str]) -> dict[str, list[Any]]:
        if not case_ids:
            return {}
        rows = await self.session.execute(
            select(duplicate_flags).where(duplicate_flags.c.case_id.in_(case_ids))
        )
        found: dict[str, list[Any]] = {}
        for r in rows:
            found.setdefault(r.case_id, []).append(
                {
                    "original_case_id": r.original_case_id,
                    "score": r.score,
                    "reasons": list(r.reasons),
                }
            )
        return found
