"""SqlKnowledge: the knowledge base's tables in PostgreSQL: articles, their versions, and the
flags of answers a callback found wrong."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    and_,
    case,
    func,
    literal,
    or_,
    select,
    tuple_,
    update,
)
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from intake.models import knowledge_articles as articles
from intake.models import knowledge_flags as flags
from intake.models import knowledge_versions as versions
from intake.repository.store import ArticleFilters

#: every change of an article takes the next revision (what replicas poll)
NEXT_REVISION = func.nextval(f"{articles.schema}.knowledge_revision")

LATEST = and_(
    versions.c.article_id == articles.c.article_id, versions.c.version == articles.c.latest_version
)


def _open_flags() -> Any:
    return (
        select(func.count())
        .where(flags.c.article_id == articles.c.article_id, flags.c.resolved_at.is_(None))
        .scalar_subquery()
    )


def _status(today: date) -> Any:
    """The article's status: its latest version's, `expired` once a published one's
    validity has ended."""
    return case(
        (
            and_(versions.c.status == "published", versions.c.valid_until < today),
            literal("expired"),
        ),
        else_=versions.c.status,
    )


def _overdue(reviewed_before: datetime) -> ColumnElement[bool]:
    return and_(articles.c.published_version.is_not(None), articles.c.reviewed_at < reviewed_before)


class SqlKnowledge:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def insert_article(self, values: dict[str, Any]) -> bool:
        done = await self.session.execute(
            insert(articles)
            .values(**values, revision=NEXT_REVISION)
            .on_conflict_do_nothing()
            .returning(literal(1))
        )
        return done.first() is not None

    async def update_article(self, article_id: str, values: dict[str, Any]) -> None:
        await self.session.execute(
            update(articles)
            .where(articles.c.article_id == article_id)
            .values(**values, revision=NEXT_REVISION)
        )

    async def find_article(self, article_id: str, *, lock: bool = False) -> dict[str, Any] | None:
        query = select(articles).where(articles.c.article_id == article_id)
        row = (await self.session.execute(query.with_for_update() if lock else query)).first()
        return dict(row._mapping) if row else None

    async def insert_version(self, values: dict[str, Any]) -> None:
        await self.session.execute(versions.insert().values(**values))

    async def update_version(self, article_id: str, version: int, values: dict[str, Any]) -> None:
        await self.session.execute(
            update(versions)
            .where(versions.c.article_id == article_id, versions.c.version == version)
            .values(**values)
        )

    async def find_version(self, article_id: str, version: int) -> dict[str, Any] | None:
        query = select(versions).where(
            versions.c.article_id == article_id, versions.c.version == version
        )
        row = (await self.session.execute(query)).first()
        return dict(row._mapping) if row else None

    async def versions_of(self, article_id: str) -> list[dict[str, Any]]:
        query = (
            select(versions).where(versions.c.article_id == article_id).order_by(versions.c.version)
        )
        return [dict(r._mapping) for r in await self.session.execute(query)]

    async def list_articles(self, filters: ArticleFilters) -> tuple[list[dict[str, Any]], int]:
        status = _status(filters.today)
        conditions: list[Any] = []
        if filters.department is not None:
            conditions.append(articles.c.department == filters.department)
        if filters.category is not None:
            conditions.append(versions.c.categories.any(filters.category))
        if filters.status is not None:
            conditions.append(status == filters.status)
        if filters.q:
            pattern = f"%{filters.q}%"
            conditions.append(
                or_(
                    versions.c.question.ilike(pattern),
                    func.array_to_string(versions.c.phrasings, " ").ilike(pattern),
                    articles.c.article_id.ilike(pattern),
                )
            )
        if filters.review_overdue is not None:
            overdue = _overdue(filters.reviewed_before)
            conditions.append(overdue if filters.review_overdue else ~overdue)
        if filters.flagged is not None:
            conditions.append(_open_flags() > 0 if filters.flagged else _open_flags() == 0)
        joined = articles.join(versions, LATEST)
        total = (
            await self.session.execute(select(func.count()).select_from(joined).where(*conditions))
        ).scalar_one()
        query = (
            select(
                articles,
                versions.c.status.label("latest_status"),
                status.label("status"),
                versions.c.question,
                versions.c.categories,
                versions.c.valid_from,
                versions.c.valid_until,
                _open_flags().label("open_flags"),
            )
            .select_from(joined)
            .where(*conditions)
            .order_by(articles.c.updated_at.desc(), articles.c.article_id)
            .limit(filters.limit)
            .offset(filters.offset)
        )
        return [dict(r._mapping) for r in await self.session.execute(query)], total

    async def published_versions(
        self, keys: Sequence[tuple[str, int]]
    ) -> dict[tuple[str, int], dict[str, Any]]:
        if not keys:
            return {}
        query = (
            select(versions, articles.c.department)
            .join(articles, articles.c.article_id == versions.c.article_id)
            .where(tuple_(versions.c.article_id, versions.c.version).in_(list(keys)))
        )
        rows = [dict(r._mapping) for r in await self.session.execute(query)]
        return {(r["article_id"], r["version"]): r for r in rows}

    async def searchable(self, today: date) -> list[dict[str, Any]]:
        query = (
            select(versions, articles.c.department)
            .join(articles, articles.c.article_id == versions.c.article_id)
            .where(
                versions.c.status == "published",
                versions.c.valid_from <= today,
                or_(versions.c.valid_until.is_(None), versions.c.valid_until >= today),
            )
            .order_by(versions.c.article_id)
        )
        return [dict(r._mapping) for r in await self.session.execute(query)]

    async def revision(self) -> tuple[Any, ...]:
        row = (
            await self.session.execute(select(func.max(articles.c.revision), func.count()))
        ).one()
        return tuple(row)

    async def add_flag(self, values: dict[str, Any]) -> bool:
        done = await self.session.execute(
            insert(flags).values(**values).on_conflict_do_nothing().returning(flags.c.flag_id)
        )
        return done.first() is not None

    async def flags_of(self, article_id: str) -> list[dict[str, Any]]:
        query = select(flags).where(flags.c.article_id == article_id).order_by(flags.c.flag_id)
        return [dict(r._mapping) for r in await self.session.execute(query)]

    async def resolve_flags(self, article_id: str, *, at: datetime, by: str) -> int:
        done = await self.session.execute(
            update(flags)
            .where(flags.c.article_id == article_id, flags.c.resolved_at.is_(None))
            .values(resolved_at=at, resolved_by=by)
            .returning(flags.c.flag_id)
        )
        return len(done.all())

    async def review_status(
        self, *, today: date, reviewed_before: datetime
    ) -> list[dict[str, Any]]:
        open_flags = (
            select(flags.c.article_id, func.count().label("n"))
            .where(flags.c.resolved_at.is_(None))
            .group_by(flags.c.article_id)
            .subquery()
        )

        def counting(condition: Any) -> Any:
            return func.count().filter(condition)

        query = (
            select(
                articles.c.department,
                counting(articles.c.published_version.is_not(None)).label("published"),
                counting(versions.c.status == "draft").label("drafts"),
                counting(versions.c.status == "pending_review").label("pending_review"),
                counting(_overdue(reviewed_before)).label("review_overdue"),
                func.coalesce(func.sum(open_flags.c.n), 0).label("open_flags"),
            )
            .select_from(
                articles.join(versions, LATEST).outerjoin(
                    open_flags, open_flags.c.article_id == articles.c.article_id
                )
            )
            .group_by(articles.c.department)
            .order_by(articles.c.department)
        )
        return [dict(r._mapping) for r in await self.session.execute(query)]
