"""The dead-letter ledger: `<schema>.dead_letter_ledger`, in the schema of the service whose
dead letters it records (created by common's migration 0002)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from sqlalchemy import text

from common.db import Database
from common.dlq.letters import DeadLetter
from common.dlq.selection import Action, LedgerEntry


class Busy(Exception):
    """Another replay or discard of the same service's dead letters is running."""


async def load(db: Database, topic: str) -> dict[tuple[int, int], LedgerEntry]:
    async with db.engine.connect() as connection:
        rows = await connection.execute(
            text(
                "SELECT dlq_partition, dlq_offset, action, actor, decided_at, reason"
                f" FROM {db.schema}.dead_letter_ledger WHERE dlq_topic = :topic"
            ),
            {"topic": topic},
        )
        return {
            (row.dlq_partition, row.dlq_offset): LedgerEntry(
                Action(row.action), row.actor, row.decided_at, row.reason
            )
            for row in rows
        }


async def record(
    db: Database,
    topic: str,
    letters: Sequence[DeadLetter],
    action: Action,
    *,
    actor: str,
    reason: str | None = None,
) -> None:
    """Write the decision for each letter; a letter already decided keeps its first entry."""
    if not letters:
        return
    async with db.engine.begin() as connection:
        await connection.execute(
            text(
                f"INSERT INTO {db.schema}.dead_letter_ledger (dlq_topic, dlq_partition,"
                " dlq_offset, action, reason, actor, event_id, event_type, case_id, error_type)"
                " VALUES (:topic, :partition, :offset, :action, :reason, :actor, :event_id,"
                " :event_type, :case_id, :error_type) ON CONFLICT DO NOTHING"
            ),
            [
                {
                    "topic": topic,
                    "partition": letter.partition,
                    "offset": letter.offset,
                    "action": action.value,
                    "reason": reason,
                    "actor": actor,
                    "event_id": letter.event_id,
                    "event_type": letter.event_type,
                    "case_id": letter.case_id,
                    "error_type": letter.error_type,
                }
                for letter in letters
            ],
        )


@asynccontextmanager
async def exclusive(db: Database) -> AsyncIterator[None]:
    """One replay or discard per service at a time: otherwise a discard could record a
    letter that a concurrent replay is sending back."""
    async with db.engine.begin() as connection:
        locked = await connection.scalar(
            text("SELECT pg_try_advisory_xact_lock(hashtext('civicloop-dlq'), hashtext(:s))"),
            {"s": db.schema},
        )
        if not locked:
            raise Busy(f"another civicloop-dlq replay or discard of {db.schema} is running")
        yield
