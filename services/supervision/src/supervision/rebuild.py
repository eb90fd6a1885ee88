"""`civicloop-supervision-rebuild`: recompute the scorecard projection from the topics.

Reads every event topic supervision learns cases from (and its own, for appeal decisions)
from the beginning, with direct partition assignment and no consumer group, up to the end
offsets seen at the start. The kept events go into fresh tables, the facts of every case
are refolded there, and their contents replace the live ones in one transaction. While
that transaction holds the live tables locked, events the running service consumed in the
meantime are copied across, so nothing consumed live is lost by the swap.
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import asdict, dataclass
from typing import Any, cast

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from sqlalchemy import CursorResult, text

from common import topics
from common.db import Database
from common.envelope import Envelope, MalformedMessage
from common.migrations import migrate
from supervision import projection
from supervision.config import Settings
from supervision.main import MIGRATIONS

log = logging.getLogger(__name__)

SOURCE_TOPICS = (
    topics.INTAKE_CASE_EVENTS,
    topics.DISPATCH_CASE_EVENTS,
    topics.DEADLINE_TIMER_EVENTS,
    topics.CALLBACK_EVENTS,
    topics.SUPERVISION_EVENTS,
)
BATCH = 1000


@dataclass
class RebuildReport:
    records_read: int = 0
    events_kept: int = 0
    copied_from_live: int = 0
    cases: int = 0


async def rebuild(settings: Settings) -> RebuildReport:
    db = Database(settings.database_url, schema="supervision", pool_size=2)
    report = RebuildReport()
    try:
        await migrate(db, MIGRATIONS)
        await _fresh_tables(db)
        await _read_topics(settings, db, report)
        await _swap(db, report)
    finally:
        await db.dispose()
    return report


async def _fresh_tables(db: Database) -> None:
    schema = db.schema
    async with db.engine.begin() as connection:
        for table in ("case_events", "case_facts"):
            await connection.execute(text(f"DROP TABLE IF EXISTS {schema}.{table}_next"))
            await connection.execute(
                text(f"CREATE TABLE {schema}.{table}_next (LIKE {schema}.{table} INCLUDING ALL)")
            )


async def _read_topics(settings: Settings, db: Database, report: RebuildReport) -> None:
    consumer = AIOKafkaConsumer(
        bootstrap_servers=settings.kafka_bootstrap_servers, enable_auto_commit=False
    )
    await consumer.start()
    try:
        partitions = await _partitions(settings)
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        pending = {tp for tp, end in ends.items() if end > 0}
        rows: list[dict[str, Any]] = []
        while pending:
            batch = await consumer.getmany(*pending, timeout_ms=500, max_records=BATCH)
            for tp, records in batch.items():
                for record in records:
                    if record.offset >= ends[tp]:
                        break
                    report.records_read += 1
                    row = _kept(record.value)
                    if row is not None:
                        rows.append(row)
            for tp in list(pending):
                if await consumer.position(tp) >= ends[tp]:
                    pending.discard(tp)
            if len(rows) >= BATCH or not pending:
                await _insert(db, rows)
                rows = []
    finally:
        await consumer.stop()


async def _partitions(settings: Settings) -> list[TopicPartition]:
    names = [topics.qualified(t, settings.topic_prefix) for t in SOURCE_TOPICS]
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap_servers)
    await admin.start()
    try:
        described = await admin.describe_topics(names)
    finally:
        await admin.close()
    missing = [d["topic"] for d in described if d["error_code"] != 0]
    if missing:
        raise RuntimeError(f"topics not found: {missing}")
    return [TopicPartition(d["topic"], p["partition"]) for d in described for p in d["partitions"]]


def _kept(value: bytes | None) -> dict[str, Any] | None:
    """What the live consumer would have kept; a message it dead-letters is skipped."""
    try:
        return projection.kept_row(Envelope.from_bytes(value))
    except MalformedMessage:
        return None


async def _insert(db: Database, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    async with db.engine.begin() as connection:
        await connection.execute(
            text(
                f"INSERT INTO {db.schema}.case_events_next"
                " (event_id, case_id, event_type, occurred_at, department, payload, fact)"
                " VALUES (:event_id, :case_id, :event_type, :occurred_at, :department,"
                " CAST(:payload AS jsonb), :fact) ON CONFLICT DO NOTHING"
            ),
            [{**row, "payload": json.dumps(row["payload"])} for row in rows],
        )


async def _swap(db: Database, report: RebuildReport) -> None:
    schema = db.schema
    async with db.session() as session, session.begin():
        await session.execute(
            text(f"LOCK TABLE {schema}.case_events, {schema}.case_facts IN EXCLUSIVE MODE")
        )
        report.events_kept = int(
            await session.scalar(text(f"SELECT count(*) FROM {schema}.case_events_next")) or 0
        )
        copied = await session.execute(
            text(
                f"INSERT INTO {schema}.case_events_next SELECT * FROM {schema}.case_events"
                " ON CONFLICT DO NOTHING"
            )
        )
        report.copied_from_live = max(cast(CursorResult[Any], copied).rowcount, 0)
        stream = await session.stream(
            text(f"SELECT * FROM {schema}.case_events_next ORDER BY case_id")
        )
        case_rows: list[Any] = []
        facts_rows: list[dict[str, Any]] = []
        async for row in stream:
            if case_rows and row.case_id != case_rows[0].case_id:
                facts_rows.extend(_facts(case_rows))
                case_rows = []
            case_rows.append(row)
        facts_rows.extend(_facts(case_rows))
        report.cases = len(facts_rows)
        for start in range(0, len(facts_rows), BATCH):
            await session.execute(
                text(
                    f"INSERT INTO {schema}.case_facts_next"
                    " (case_id, department, category, accepted_at, registered_at, facts,"
                    " gap_opened_at, gap_closed_at)"
                    " VALUES (:case_id, :department, :category, :accepted_at, :registered_at,"
                    " CAST(:facts AS jsonb), :gap_opened_at, :gap_closed_at)"
                ),
                [
                    {**row, "facts": json.dumps(row["facts"])}
                    for row in facts_rows[start : start + BATCH]
                ],
            )
        # The live tables keep their identity (a running service's prepared statements stay
        # valid): their contents are replaced under the lock.
        for table in ("case_events", "case_facts"):
            await session.execute(text(f"TRUNCATE {schema}.{table}"))
            await session.execute(
                text(f"INSERT INTO {schema}.{table} SELECT * FROM {schema}.{table}_next")
            )
    async with db.engine.begin() as connection:
        for table in ("case_events", "case_facts"):
            await connection.execute(text(f"DROP TABLE {schema}.{table}_next"))


def _facts(case_rows: list[Any]) -> list[dict[str, Any]]:
    return [projection.facts_row(facts) for facts in projection.fold_all(case_rows)]


def main() -> None:
    logging.basicConfig(level=logging.INFO)
    report = asyncio.run(rebuild(Settings()))
    print(json.dumps(asdict(report), ensure_ascii=False))


if __name__ == "__main__":
    main()
