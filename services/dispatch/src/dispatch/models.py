from __future__ import annotations

from sqlalchemy import ARRAY, Column, DateTime, Integer, MetaData, String, Table, Text

metadata = MetaData(schema="dispatch")

departments = Table(
    "departments",
    metadata,
    Column("code", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True)),
)

routing_rules = Table(
    "routing_rules",
    metadata,
    Column("category", Text, primary_key=True),
    Column("lead", Text),
    Column("co_handlers", ARRAY(Text), nullable=False),
    Column("updated_at", DateTime(timezone=True)),
)

cases = Table(
    "cases",
    metadata,
    Column("case_id", Text, primary_key=True),
    Column("category", Text, nullable=False),
    Column("kind", String, nullable=False),
    Column("state", String, nullable=False),
    Column("lead_department", Text),
    Column("co_handlers", ARRAY(Text), nullable=False),
    Column("round", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

case_actions = Table(
    "case_actions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Text, nullable=False),
    Column("action", Text, nullable=False),
    Column("from_state", Text, nullable=False),
    Column("to_state", Text, nullable=False),
    Column("actor", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)
