"""Supervision's tables (schema supervision): signals, who handles each case, the scorecard
projection (case_events, case_facts), the supervisors' records, the problem list, the campaign
ledgers and the evaluation campaigns."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    DateTime,
    Integer,
    MetaData,
    Numeric,
    Table,
    Text,
    Uuid,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

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

case_events = Table(
    "case_events",
    metadata,
    Column("event_id", Uuid, primary_key=True),
    Column("case_id", Text, nullable=False),
    Column("event_type", Text, nullable=False),
    Column("occurred_at", DateTime(timezone=True), nullable=False),
    Column("department", Text),
    Column("payload", JSONB, nullable=False),
    Column("fact", Text),  # Envelope.fact: a fact published twice is kept once
)

case_facts = Table(
    "case_facts",
    metadata,
    Column("case_id", Text, primary_key=True),
    Column("department", Text),
    Column("category", Text),
    Column("accepted_at", DateTime(timezone=True)),
    Column("registered_at", DateTime(timezone=True)),
    Column("facts", JSONB, nullable=False),
    Column("gap_opened_at", DateTime(timezone=True)),
    Column("gap_closed_at", DateTime(timezone=True)),
)

urges = Table(
    "urges",
    metadata,
    Column("urge_id", Text, primary_key=True),
    Column("case_id", Text, nullable=False),
    Column("department", Text),
    Column("source", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("evidence_event_ids", ARRAY(Text), nullable=False),
    Column("source_event_id", Uuid),
    Column("actor", Text, nullable=False),
    Column("urged_at", DateTime(timezone=True), nullable=False),
)

supervision_orders = Table(
    "supervision_orders",
    metadata,
    Column("order_id", Text, primary_key=True),
    Column("case_id", Text, nullable=False),
    Column("department", Text, nullable=False),
    Column("demand", Text, nullable=False),
    Column("respond_by", DateTime(timezone=True), nullable=False),
    Column("evidence_event_ids", ARRAY(Text), nullable=False),
    Column("source_event_id", Uuid),
    Column("actor", Text, nullable=False),
    Column("issued_at", DateTime(timezone=True), nullable=False),
    Column("response", Text),
    Column("answered_by", Text),
    Column("answered_at", DateTime(timezone=True)),
)

joint_meetings = Table(
    "joint_meetings",
    metadata,
    Column("meeting_id", Text, primary_key=True),
    Column("case_id", Text, nullable=False),
    Column("departments", ARRAY(Text), nullable=False),
    Column("attendees", JSONB, nullable=False),
    Column("decisions", JSONB, nullable=False),
    Column("actor", Text, nullable=False),
    Column("held_at", DateTime(timezone=True), nullable=False),
)

accountability_records = Table(
    "accountability_records",
    metadata,
    Column("record_id", Text, primary_key=True),
    Column("case_id", Text, nullable=False),
    Column("department", Text, nullable=False),
    Column("measure", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("evidence_event_ids", ARRAY(Text), nullable=False),
    Column("source_event_id", Uuid),
    Column("actor", Text, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)

buck_passing = Table(
    "buck_passing",
    metadata,
    Column("case_id", Text, primary_key=True),
    Column("rule", Text, primary_key=True),
    Column("departments", ARRAY(Text), nullable=False),
    Column("returns_in_case", Integer, nullable=False),
    Column("evidence_event_ids", ARRAY(Text), nullable=False),
    Column("detected_at", DateTime(timezone=True), nullable=False),
)

appeals = Table(
    "appeals",
    metadata,
    Column("appeal_id", Text, primary_key=True),
    Column("case_id", Text, nullable=False),
    Column("department", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("filed_by", Text, nullable=False),
    Column("filed_at", DateTime(timezone=True), nullable=False),
    Column("status", Text, nullable=False),
    Column("decision_reason", Text),
    Column("decided_by", Text),
    Column("decided_at", DateTime(timezone=True)),
)

problem_items = Table(
    "problem_items",
    metadata,
    Column("item_id", BigInteger, primary_key=True),
    Column("title", Text, nullable=False),
    Column("responsible_unit", Text, nullable=False),
    Column("time_limit", Date, nullable=False),
    Column("linked_cases", ARRAY(Text), nullable=False),
    Column("status", Text, nullable=False),
    Column("outcome", Text),
    Column("created_by", Text, nullable=False),
    Column("created_at", DateTime(timezone=True)),
    Column("updated_at", DateTime(timezone=True)),
)

published_batches = Table(
    "published_batches",
    metadata,
    Column("batch_id", Text, primary_key=True),
    Column("published_by", Text, nullable=False),
    Column("published_at", DateTime(timezone=True), nullable=False),
)

campaigns = Table(
    "campaigns",
    metadata,
    Column("campaign_id", Text, primary_key=True),
    Column("title", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("targets", ARRAY(Text), nullable=False),
    Column("opens_on", Date, nullable=False),
    Column("closes_on", Date, nullable=False),
    Column("questionnaire", JSONB, nullable=False),
    Column("weights", JSONB, nullable=False),
    Column("min_responses", Integer, nullable=False),
    Column("threshold", Numeric(asdecimal=False), nullable=False),
    Column("status", Text, nullable=False),
    Column("ledger_id", BigInteger),
    Column("created_by", Text, nullable=False),
    Column("created_at", DateTime(timezone=True)),
    Column("opened_at", DateTime(timezone=True)),
    Column("closed_at", DateTime(timezone=True)),
    Column("closed_by", Text),
)

campaign_invitations = Table(
    "campaign_invitations",
    metadata,
    Column("campaign_id", Text, primary_key=True),
    Column("code_hash", Text, primary_key=True),
    Column("created_at", DateTime(timezone=True)),
    Column("used_at", DateTime(timezone=True)),
)

campaign_responses = Table(
    "campaign_responses",
    metadata,
    Column("response_id", Text, primary_key=True),
    Column("campaign_id", Text, nullable=False),
    Column("rater_kind", Text, nullable=False),
    Column("rater_key", Text, nullable=False),
    Column("rater_name", Text),
    Column("ratings", JSONB, nullable=False),
    Column("problems", JSONB, nullable=False),
    Column("submitted_by", Text),
    Column("submitted_at", DateTime(timezone=True), nullable=False),
)

commitments = Table(
    "commitments",
    metadata,
    Column("commitment_id", Text, primary_key=True),
    Column("campaign_id", Text, nullable=False),
    Column("department", Text, nullable=False),
    Column("record_id", Text, nullable=False),
    Column("overall", Numeric(asdecimal=False)),
    Column("text", Text),
    Column("written_by", Text),
    Column("written_at", DateTime(timezone=True)),
    Column("created_at", DateTime(timezone=True)),
)

ledgers = Table(
    "ledgers",
    metadata,
    Column("ledger_id", BigInteger, primary_key=True),
    Column("title", Text, nullable=False),
    Column("description", Text),
    Column("campaign_id", Text),
    Column("created_by", Text, nullable=False),
    Column("created_at", DateTime(timezone=True)),
    Column("published_by", Text),
    Column("published_at", DateTime(timezone=True)),
)

ledger_entries = Table(
    "ledger_entries",
    metadata,
    Column("entry_id", BigInteger, primary_key=True),
    Column("ledger_id", BigInteger, nullable=False),
    Column("source", Text, nullable=False),
    Column("case_id", Text),
    Column("text", Text),
    Column("raised_by", Text),
    Column("collected_on", Date, nullable=False),
    Column("disposition", Text),
    Column("responsible_unit", Text),
    Column("time_limit", Date),
    Column("progress", Text, nullable=False),
    Column("outcome", Text),
    Column("rectified_at", DateTime(timezone=True)),
    Column("created_by", Text, nullable=False),
    Column("created_at", DateTime(timezone=True)),
    Column("updated_by", Text),
    Column("updated_at", DateTime(timezone=True)),
)
