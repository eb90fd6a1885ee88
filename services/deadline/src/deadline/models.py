from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, Date, DateTime, Integer, MetaData, Table, Text

metadata = MetaData(schema="deadline")

timers = Table(
    "timers",
    metadata,
    Column("id", BigInteger, primary_key=True),
    Column("case_id", Text, nullable=False),
    Column("stage", Text, nullable=False),
    Column("round", Integer, nullable=False),
    Column("kind", Text, nullable=False),
    Column("department", Text),
    Column("policy", Text, nullable=False),
    Column("limit_minutes", Integer, nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("due_at", DateTime(timezone=True), nullable=False),
    Column("state", Text, nullable=False),
    Column("stopped_at", DateTime(timezone=True)),
    Column("fired_at", DateTime(timezone=True)),
)

calendar_years = Table(
    "calendar_years",
    metadata,
    Column("year", Integer, primary_key=True),
    Column("source", Text, nullable=False),
    Column("loaded_by", Text, nullable=False),
    Column("loaded_at", DateTime(timezone=True)),
)

calendar_days = Table(
    "calendar_days",
    metadata,
    Column("day", Date, primary_key=True),
    Column("year", Integer, nullable=False),
    Column("workday", Boolean, nullable=False),
    Column("name", Text, nullable=False),
)
