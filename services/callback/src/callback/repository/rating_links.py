"""The submitters' one-time rating links in SQL, by the hash of their token."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from callback.models import rating_links
from callback.repository.store import RatingLink


class SqlRatingLinks:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, link: RatingLink) -> None:
        values = asdict(link)
        del values["used_at"]
        await self.session.execute(rating_links.insert().values(**values))

    async def for_update(self, token_hash: bytes) -> RatingLink | None:
        row = (
            await self.session.execute(
                select(rating_links)
                .where(rating_links.c.token_hash == token_hash)
                .with_for_update()
            )
        ).first()
        return None if row is None else RatingLink(**row._mapping)

    async def use(self, token_hash: bytes, at: datetime) -> None:
        await self.session.execute(
            rating_links.update().where(rating_links.c.token_hash == token_hash).values(used_at=at)
        )
