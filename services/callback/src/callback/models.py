from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, Integer, MetaData, Table, Text

metadata = MetaData(schema="callback")

tasks = Table(
    "tasks",
    metadata,
    Column("case_id", Text, primary_key=True),
    Column("round", Integer, primary_key=True),
    Column("department", Text, nullable=False),
    Column("result", Text, nullable=False),
    Column("resolved_at", DateTime(timezone=True), nullable=False),
    Column("state", Text, nullable=False),
    Column("satisfaction", Text),
    Column("solved", Boolean),
    Column("comment", Text),
    Column("agent", Text),
    Column("completed_at", DateTime(timezone=True)),
)
