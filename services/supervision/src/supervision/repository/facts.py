"""The scorecard projection in SQL: each case's kept events and the facts folded from them."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from supervision.domain.scorecard import CaseFacts
from supervision.models import case_events, case_facts
from supervision.repository.store import KeptEvent


def _kept(rows: Iterable[Any]) -> list[KeptEvent]:
    return [KeptEvent(**row._mapping) for row in rows]


class SqlFacts:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def keep_events(self, rows: Sequence[dict[str, Any]]) -> None:
        if rows:
            await self.session.execute(
                insert(case_events).values(list(rows)).on_conflict_do_nothing()  # id or fact
            )

    async def events_of(self, case_id: str) -> list[KeptEvent]:
        return _kept(
            await self.session.execute(select(case_events).where(case_events.c.case_id == case_id))
        )

    async def events_by_id(self, event_ids: Sequence[uuid.UUID]) -> list[KeptEvent]:
        return _kept(
            await self.session.execute(
                select(case_events).where(case_events.c.event_id.in_(event_ids))
            )
        )

    async def events_of_type(self, case_id: str, event_type: str) -> list[KeptEvent]:
        return _kept(
            await self.session.execute(
                select(case_events).where(
                    case_events.c.case_id == case_id, case_events.c.event_type == event_type
                )
            )
        )

    async def save_facts(self, rows: Sequence[dict[str, Any]]) -> None:
        if not rows:
            return
        statement = insert(case_facts).values(list(rows))
        await self.session.execute(
            statement.on_conflict_do_update(
                index_elements=["case_id"],
                set_={
                    name: statement.excluded[name]
                    for name in (
                        "department",
                        "category",
                        "accepted_at",
                        "registered_at",
                        "facts",
                        "gap_opened_at",
                        "gap_closed_at",
                    )
                },
            )
        )

    async def facts_of(self, case_id: str) -> CaseFacts | None:
        data = await self.session.scalar(
            select(case_facts.c.facts).where(case_facts.c.case_id == case_id)
        )
        return CaseFacts.from_json(data) if data is not None else None

    async def accepted_between(self, start: datetime, end: datetime) -> list[CaseFacts]:
        rows = await self.session.scalars(
            select(case_facts.c.facts).where(
                case_facts.c.accepted_at >= start, case_facts.c.accepted_at < end
            )
        )
        return [CaseFacts.from_json(data) for data in rows]

    async def with_gaps_between(self, start: datetime, end: datetime) -> list[CaseFacts]:
        rows = await self.session.scalars(
            select(case_facts.c.facts).where(
                case_facts.c.gap_opened_at < end,
                or_(case_facts.c.gap_closed_at.is_(None), case_facts.c.gap_closed_at >= start),
            )
        )
        return [CaseFacts.from_json(data) for data in rows]

    async def registered_between(self, start: datetime, end: datetime) -> list[CaseFacts]:
        rows = await self.session.scalars(
            select(case_facts.c.facts).where(
                case_facts.c.registered_at >= start, case_facts.c.registered_at < end
            )
        )
        return [CaseFacts.from_json(data) for data in rows]

    async def of_batches(self, batch_ids: Sequence[str] | None) -> list[CaseFacts]:
        batch = case_facts.c.facts["batch_id"].astext
        wanted = batch.is_not(None) if batch_ids is None else batch.in_(list(batch_ids))
        rows = await self.session.scalars(select(case_facts.c.facts).where(wanted))
        return [CaseFacts.from_json(data) for data in rows]
