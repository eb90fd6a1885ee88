"""Plain-SQL migrations, applied in order at start-up, once per schema.

A service's migrations are `NNNN_name.sql` files in its migrations/ folder; the plumbing
tables every service needs (outbox, inbox) come first from common's own folder. `{schema}`
in a file is replaced by the service's schema. An advisory lock makes concurrent replicas
wait for each other instead of racing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from common.db import Database

log = logging.getLogger(__name__)

COMMON_MIGRATIONS = Path(__file__).parent / "sql"


@dataclass(frozen=True)
class Migration:
    name: str
    sql: str


def discover(folder: Path, *, namespace: str) -> list[Migration]:
    files = sorted(p for p in folder.glob("*.sql") if p.name[:4].isdigit())
    return [Migration(f"{namespace}/{p.name}", p.read_text()) for p in files]


async def migrate(db: Database, service_migrations: Path | None = None) -> list[str]:
    """Apply what is missing; return the names applied now. Without a folder, only common's
    plumbing tables (for a tool that needs them before the service has started)."""
    schema = db.schema
    pending = discover(COMMON_MIGRATIONS, namespace="common")
    if service_migrations is not None:
        pending += discover(service_migrations, namespace=schema)
    async with db.engine.begin() as connection:
        await connection.execute(
            text("SELECT pg_advisory_xact_lock(hashtext('civicloop-migrations'), hashtext(:s))"),
            {"s": schema},
        )
        await connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
        await connection.execute(
            text(
                f'CREATE TABLE IF NOT EXISTS "{schema}".schema_migrations ('
                " name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"
            )
        )
        applied = await _applied(connection, schema)
        done = []
        for migration in pending:
            if migration.name in applied:
                continue
            await _run_script(connection, migration.sql.replace("{schema}", schema))
            await connection.execute(
                text(f'INSERT INTO "{schema}".schema_migrations (name) VALUES (:n)'),
                {"n": migration.name},
            )
            done.append(migration.name)
            log.info("migration applied", extra={"migration": migration.name})
    return done


async def _applied(connection: AsyncConnection, schema: str) -> set[str]:
    rows = await connection.execute(text(f'SELECT name FROM "{schema}".schema_migrations'))
    return {row[0] for row in rows}


async def _run_script(connection: AsyncConnection, sql: str) -> None:
    raw = await connection.get_raw_connection()
    # asyncpg runs a multi-statement script in one simple-protocol call.
    await raw.driver_connection.execute(sql)  # type: ignore[union-attr]
