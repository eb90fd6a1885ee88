from __future__ import annotations

from sqlalchemy import BigInteger, Column, DateTime, MetaData, Table, Text, Uuid

metadata = MetaData(schema="supervision")

signals = Table(
    "signals",
    metadata,
    Column("id", BigInteger, primary_key=True),
    Column("case_id", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("department", Text),
    Column("detail", Text, nullable=False),
    Column("evidence_event_id", Uuid, nullable=False),
    Column("evidence_type", Text, nullable=False),
    Column("observed_at", DateTime(timezone=True), nullable=False),
    Column("recorded_at", DateTime(timezone=True)),
)

case_departments = Table(
    "case_departments",
    metadata,
    Column("case_id", Text, primary_key=True),
    Column("department", Text, nullable=False),
)
