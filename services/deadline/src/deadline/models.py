"""Deadline's tables (schema `deadline`), one MetaData: timers, their alarms, the policy
versions, the loaded year schedules and the requested dates."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Integer,
    MetaData,
    Table,
    Text,
)
from sqlalchemy.dialects.postgresql import JSONB

metadata = MetaData(schema="deadline")

timers = Table(
    "timers",
    metadata,
    Column("id", BigInteger, primary_key=True),
    Column("case_id", Text, nullable=False),
    Column("stage", Text, nullable=False),
    Column("round", Integer, nullable=False),
    Column("attempt", Integer, nullable=False),
    Column("kind", Text, nullable=False),
    Column("category", Text),
    Column("department", Text),
    Column("policy", Text, nullable=False),  # the rule that set the limit
    Column("policy_version", Integer, nullable=False),
    Column("limit_minutes", Integer, nullable=False),
    Column("extension_minutes", Integer, nullable=False),
    Column("consumed_minutes", Integer, nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("anchor_at", DateTime(timezone=True), nullable=False),
    Column("paused_at", DateTime(timezone=True)),
    Column("due_at", DateTime(timezone=True)),
    Column("state", Text, nullable=False),  # running | paused | stopped | cancelled
    Column("stopped_at", DateTime(timezone=True)),
    Column("parked_year", Integer),  # the unloaded year a limit or alarm reaches
)

timer_alarms = Table(
    "timer_alarms",
    metadata,
    Column("id", BigInteger, primary_key=True),
    Column("timer_id", BigInteger, nullable=False),
    Column("kind", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("fraction", Float),
    Column("days_after", Integer, nullable=False),
    Column("due_at", DateTime(timezone=True)),
    Column("fired_at", DateTime(timezone=True)),
    Column("answer_after_days", Integer),  # 督办: working days after the limit
    Column("respond_by", DateTime(timezone=True)),  # 督办: the answer's due time
)

policy_versions = Table(
    "policy_versions",
    metadata,
    Column("version", Integer, primary_key=True),
    Column("document", JSONB, nullable=False),
    Column("source", Text, nullable=False),
    Column("created_by", Text, nullable=False),
    Column("created_at", DateTime(timezone=True)),
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

requested_dates = Table(
    "requested_dates",
    metadata,
    Column("case_id", Text, primary_key=True),
    Column("requested_by", Date, nullable=False),  # 期望办结日期, from CaseAccepted
)
