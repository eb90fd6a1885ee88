from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, Float, MetaData, Table, Text, Uuid

metadata = MetaData(schema="intake")

categories = Table(
    "categories",
    metadata,
    Column("code", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("updated_at", DateTime(timezone=True)),
)

cases = Table(
    "cases",
    metadata,
    Column("case_id", Text, primary_key=True),
    Column("tracking_code_hash", Text, nullable=False),
    Column("channel", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("category", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("description", Text, nullable=False),
    Column("address", Text),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("submitter_kind", Text, nullable=False),
    Column("submitter_name", Text, nullable=False),
    Column("submitter_phone", Text),
    Column("enterprise_name", Text),
    Column("enterprise_uscc", Text),
    Column("registered_at", DateTime(timezone=True), nullable=False),
)

public_status = Table(
    "public_status",
    metadata,
    Column("case_id", Text, primary_key=True),
    Column("status", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

public_timeline = Table(
    "public_timeline",
    metadata,
    Column("event_id", Uuid, primary_key=True),
    Column("case_id", Text, nullable=False),
    Column("occurred_at", DateTime(timezone=True), nullable=False),
    Column("status", Text, nullable=False),
    Column("text", Text, nullable=False),
)
