"""Async SQLAlchemy engine and sessions; each service lives in its own PostgreSQL schema."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def async_database_url(url: str) -> str:
    """The asyncpg form of a PostgreSQL URL (postgresql:// and postgres:// are accepted)."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+asyncpg://" + url.split("://", 1)[1]
    if not url.startswith("postgresql+asyncpg://"):
        raise ValueError("DATABASE_URL must be a PostgreSQL URL (postgresql+asyncpg://...)")
    return url


def checked_schema(schema: str) -> str:
    """Schema names are interpolated into DDL, so only plain identifiers are allowed."""
    if not _IDENTIFIER.match(schema):
        raise ValueError(f"invalid schema name {schema!r}")
    return schema


class Database:
    def __init__(self, url: str, *, schema: str, pool_size: int = 10) -> None:
        self.schema = checked_schema(schema)
        self.engine: AsyncEngine = create_async_engine(
            url,
            pool_size=pool_size,
            max_overflow=pool_size,
            # No ping per checkout: it doubled round trips. A connection that died with the
            # server fails its statement; consumers retry the batch, HTTP answers 5xx once.
            pool_pre_ping=False,
            pool_recycle=1800,
        )
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)

    def session(self) -> AsyncSession:
        return self.sessions()

    async def ping(self) -> None:
        async with self.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))

    async def dispose(self) -> None:
        await self.engine.dispose()


async def driver_connection(session: AsyncSession) -> Any:
    """The asyncpg connection under a session, in the session's transaction: for the few hot
    paths where SQLAlchemy's row objects cost as much as the work itself."""
    connection = await session.connection()
    raw = await connection.get_raw_connection()
    driver: Any = raw.driver_connection
    if not driver.is_in_transaction():
        # SQLAlchemy's adapter sends BEGIN with its first statement: without one, a
        # statement sent on the driver would run, and commit, on its own.
        await connection.execute(text("SELECT 1"))
    if not driver.is_in_transaction():
        raise RuntimeError("no transaction open on the session's connection")
    return driver
