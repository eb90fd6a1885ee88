"""Callback's tables (schema callback, one MetaData): tasks, attempts, due times that came
before their task, rating links and the cases' titles."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    Text,
)

metadata = MetaData(schema="callback")

tasks = Table(
    "tasks",
    metadata,
    Column("case_id", Text, primary_key=True),
    Column("round", Integer, primary_key=True),
    Column("department", Text),
    Column("source", Text, nullable=False),
    Column("category", Text),
    Column("result", Text, nullable=False),
    Column("resolved_at", DateTime(timezone=True), nullable=False),
    Column("due_at", DateTime(timezone=True)),
    Column("state", Text, nullable=False),
    Column("failed_attempts", Integer, nullable=False),
    Column("satisfaction", Text),
    Column("solved", Boolean),
    Column("comment", Text),
    Column("agent", Text),
    Column("completed_at", DateTime(timezone=True)),
    Column("summary", Text),
    Column("knowledge_article_id", Text),
    Column("knowledge_article_version", Integer),
    Column("answer_wrong", Boolean),
)

case_titles = Table(
    "case_titles",
    metadata,
    Column("case_id", Text, primary_key=True),
    Column("title", Text, nullable=False),
)

attempts = Table(
    "attempts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Text, nullable=False),
    Column("round", Integer, nullable=False),
    Column("outcome", Text, nullable=False),
    Column("note", Text, nullable=False),
    Column("agent", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)

pending_due = Table(
    "pending_due",
    metadata,
    Column("case_id", Text, primary_key=True),
    Column("round", Integer, primary_key=True),
    Column("due_at", DateTime(timezone=True)),
)

rating_links = Table(
    "rating_links",
    metadata,
    Column("token_hash", LargeBinary, primary_key=True),
    Column("case_id", Text, nullable=False),
    Column("round", Integer, nullable=False),
    Column("issued_by", Text, nullable=False),
    Column("issued_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("used_at", DateTime(timezone=True)),
)
