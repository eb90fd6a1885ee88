"""Dispatch's SQLAlchemy tables, all in one MetaData of the dispatch schema: cases with
their actions, returns and opinions; the organisation, staff and logins; the taxonomy."""

from __future__ import annotations

from sqlalchemy import (
    ARRAY,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy.dialects.postgresql import JSONB

metadata = MetaData(schema="dispatch")

departments = Table(
    "departments",
    metadata,
    Column("code", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("parent", Text),
    Column("updated_at", DateTime(timezone=True)),
    Column("outside", Boolean, nullable=False, server_default="false"),
)

routing_rules = Table(
    "routing_rules",
    metadata,
    Column("category", Text, primary_key=True),
    Column("lead", Text),
    Column("co_handlers", ARRAY(Text), nullable=False),
    Column("updated_at", DateTime(timezone=True)),
)

staff = Table(
    "staff",
    metadata,
    Column("username", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("role", Text, nullable=False),
    Column("department", Text),
    Column("password_hash", Text, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("reviews_knowledge", Boolean, nullable=False),
)

login_failures = Table(
    "login_failures",
    metadata,
    Column("username", Text, primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("last_failure_at", DateTime(timezone=True), nullable=False),
    Column("locked_until", DateTime(timezone=True)),
)

district_seeds = Table(
    "district_seeds",
    metadata,
    Column("sha256", Text, primary_key=True),
    Column("district_code", Text, nullable=False),
    Column("applied_at", DateTime(timezone=True), nullable=False),
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
    Column("assignments", Integer, nullable=False),
    Column("returns", Integer, nullable=False),
    Column("extensions_granted", Integer, nullable=False),
    Column("extension_days_granted", Integer, nullable=False),
    Column("pending_extension", JSONB),
    Column("queued_reason", Text),
    Column("queued_reason_code", Text),
    Column("title", Text),
    Column("description", Text),
    Column("submitter_kind", Text),
    Column("classification_confidence", Float),
    Column("category_confirmed", Boolean),
    Column("requested_by", Date),  # 期望办结日期, from CaseAccepted
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("transfers", Integer, nullable=False, server_default="0"),
    Column("sent_back", Integer, nullable=False, server_default="0"),
)

case_actions = Table(
    "case_actions",
    metadata,
    Column("id", BigInteger, primary_key=True),
    Column("case_id", Text, nullable=False),
    Column("action", Text, nullable=False),
    Column("from_state", Text, nullable=False),
    Column("to_state", Text, nullable=False),
    Column("actor", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("department", Text),
    Column("detail", JSONB, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)

case_returns = Table(
    "case_returns",
    metadata,
    Column("id", BigInteger, primary_key=True),
    Column("case_id", Text, nullable=False),
    Column("seq", Integer, nullable=False),
    Column("from_department", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("returned_by", Text, nullable=False),
    Column("returned_at", DateTime(timezone=True), nullable=False),
    Column("decision", Text),
    Column("to_department", Text),
    Column("decided_by", Text),
    Column("decided_at", DateTime(timezone=True)),
)

co_handler_opinions = Table(
    "co_handler_opinions",
    metadata,
    Column("case_id", Text, primary_key=True),
    Column("round", Integer, primary_key=True),
    Column("department", Text, primary_key=True),
    Column("opinion", Text, nullable=False),
    Column("actor", Text, nullable=False),
    Column("filed_at", DateTime(timezone=True), nullable=False),
)

taxonomy_nodes = Table(
    "taxonomy_nodes",
    metadata,
    Column("code", Text, primary_key=True),
    Column("level", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("parent", Text),
    Column("kinds", ARRAY(Text), nullable=False),
    Column("position", Integer, nullable=False),
    Column("retired_at", DateTime(timezone=True)),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("updated_by", Text, nullable=False),
)

taxonomy_edits = Table(
    "taxonomy_edits",
    metadata,
    Column("id", BigInteger, primary_key=True),
    Column("code", Text, nullable=False),
    Column("action", Text, nullable=False),
    Column("detail", JSONB, nullable=False),
    Column("actor", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)
