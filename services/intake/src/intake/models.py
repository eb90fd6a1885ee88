"""Intake's tables: every table of the intake schema, under one MetaData.

Longer than ~400 lines on purpose: one place that shows the whole schema the migrations
build, table by table."""

from __future__ import annotations

from sqlalchemy import (
    ARRAY,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    Text,
    Uuid,
)
from sqlalchemy.dialects.postgresql import JSONB

metadata = MetaData(schema="intake")

categories = Table(
    "categories",
    metadata,
    Column("code", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("description", Text, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("updated_at", DateTime(timezone=True)),
    Column("updated_by", Text),
    Column("domain", Text),
    Column("domain_name", Text),
    Column("group_code", Text),
    Column("group_name", Text),
    Column("kinds", ARRAY(Text), nullable=False),
    Column("lead", Text),
    Column("co_handlers", ARRAY(Text), nullable=False),
    Column("position", Integer, nullable=False),
)

taxonomy_state = Table(
    "taxonomy_state",
    metadata,
    Column("singleton", Boolean, primary_key=True),
    Column("version", BigInteger, nullable=False),
    Column("revision", BigInteger, nullable=False),
)

cases = Table(
    "cases",
    metadata,
    Column("case_id", Text, primary_key=True),
    Column("tracking_code_hash", Text, nullable=False),
    Column("channel", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("category", Text),
    Column("title", Text, nullable=False),
    Column("description", Text, nullable=False),
    Column("address", Text),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("area", Text),
    Column("submitter_kind", Text, nullable=False),
    Column("submitter_name", Text, nullable=False),
    Column("submitter_phone", Text),
    Column("submitter_identity", Text),
    Column("enterprise_name", Text),
    Column("enterprise_uscc", Text),
    Column("submitter_key", Text),
    Column("address_key", Text),
    Column("registered_at", DateTime(timezone=True), nullable=False),
    Column("registered_by", Text),
    Column("screening_state", Text, nullable=False),
    Column("screened_by", Text),
    Column("screened_at", DateTime(timezone=True)),
    Column("screening_reason", Text),
    Column("screening_answer", Text),
    Column("merged_into", Text),
    Column("merge_similarity", Float),
    Column("duplicate_review", Text, nullable=False),
    Column("duplicate_reviewed_by", Text),
    Column("duplicate_reviewed_at", DateTime(timezone=True)),
    Column("duplicate_review_reason", Text),
    Column("requested_by", Date),  # 期望办结日期, when the submitter gave one
    # the window's routine (0012): the clerk who received a window case, the leader on duty
    Column("received_by_username", Text),
    Column("received_by_name", Text),
    Column("leader_on_duty", Text),
    Column("sent_back_count", Integer, nullable=False, server_default="0"),
    Column("sent_back_reason", Text),
    Column("sent_back_by", Text),
    Column("sent_back_at", DateTime(timezone=True)),
    # the knowledge article the answer came from, and the latest department resolution
    Column("knowledge_article_id", Text),
    Column("knowledge_article_version", Integer),
    Column("resolved_by_department", Text),
    Column("resolution_summary", Text),
    Column("window_unit", Text),  # the receiving clerk's department, for a window's case
)

duplicate_flags = Table(
    "duplicate_flags",
    metadata,
    Column("case_id", Text, ForeignKey("intake.cases.case_id"), primary_key=True),
    Column("original_case_id", Text, primary_key=True),
    Column("score", Float, nullable=False),
    Column("reasons", ARRAY(Text), nullable=False),
    Column("distance_m", Float),
    Column("flagged_at", DateTime(timezone=True), nullable=False),
)

attachments = Table(
    "attachments",
    metadata,
    Column("attachment_id", Uuid, primary_key=True),
    Column("case_id", Text, nullable=False),
    Column("filename", Text, nullable=False),
    Column("media_type", Text, nullable=False),
    Column("size_bytes", Integer, nullable=False),
    Column("sha256", Text, nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("uploaded_by", Text, nullable=False),
    Column("uploaded_at", DateTime(timezone=True), nullable=False),
)

staff_timeline = Table(
    "staff_timeline",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("case_id", Text, nullable=False),
    Column("event_id", Uuid, unique=True),
    Column("occurred_at", DateTime(timezone=True), nullable=False),
    Column("action", Text, nullable=False),
    Column("label", Text, nullable=False),
    Column("actor", Text, nullable=False),
    Column("detail", Text, nullable=False),
)

case_handlers = Table(
    "case_handlers",
    metadata,
    Column("case_id", Text, primary_key=True),
    Column("lead_department", Text, nullable=False),
    Column("departments", ARRAY(Text), nullable=False),
    Column("round", Integer, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

tracking_throttle = Table(
    "tracking_throttle",
    metadata,
    Column("kind", Text, primary_key=True),  # client | case
    Column("subject", Text, primary_key=True),  # the client's address, or the case number
    Column("window_start", DateTime(timezone=True), primary_key=True),
    Column("failures", Integer, nullable=False),
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

# --- knowledge gaps (知识缺口): consultations answered with no article covering them ------

knowledge_gaps = Table(
    "knowledge_gaps",
    metadata,
    Column("gap_id", Text, primary_key=True),
    Column("case_id", Text, nullable=False, unique=True),
    Column("department", Text, nullable=False),
    Column("category", Text, nullable=False),
    Column("question", Text, nullable=False),
    Column("answer", Text, nullable=False),
    Column("source", Text, nullable=False),  # window | department
    Column("state", Text, nullable=False),  # open | closed
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Column("outcome", Text),  # article_published | dismissed
    Column("article_id", Text),
    Column("reason", Text),
    Column("closed_by", Text),
    Column("closed_at", DateTime(timezone=True)),
)

# --- Open311: API keys, and what a submission added to its case -----------------------

open311_keys = Table(
    "open311_keys",
    metadata,
    Column("id", BigInteger, primary_key=True),
    Column("name", Text, nullable=False),
    Column("key_hash", Text, nullable=False),
    Column("key_prefix", Text, nullable=False),
    Column("created_by", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
    Column("last_used_at", DateTime(timezone=True)),
)

open311_requests = Table(
    "open311_requests",
    metadata,
    Column("case_id", Text, primary_key=True),
    Column("token", Uuid, nullable=False),
    Column("api_key_id", BigInteger),
    Column("email", Text),
    Column("media_url", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# --- classification: the suggestion for each case, and people's decisions on its category ---

suggestions = Table(
    "suggestions",
    metadata,
    Column("case_id", Text, primary_key=True),
    Column("category", Text, nullable=False),
    Column("lead_department", Text),
    Column("confidence", Float, nullable=False),
    Column("model_version", Text),
    Column("suggested_at", DateTime(timezone=True), nullable=False),
)

category_decisions = Table(
    "category_decisions",
    metadata,
    Column("id", BigInteger, primary_key=True),
    Column("case_id", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("category", Text),
    Column("returning_department", Text),
    Column("actor", Text, nullable=False),
    Column("decided_at", DateTime(timezone=True), nullable=False),
)

# --- classification: the classifier's model versions and the cases each learnt --------

classifier_models = Table(
    "classifier_models",
    metadata,
    Column("version", Text, primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("corpus_fingerprint", Text, nullable=False),
    Column("corpus_examples", Integer, nullable=False),
    Column("trained_cases", Integer, nullable=False),
    Column("held_out_requests", Integer),
    Column("held_out_top1", Float),
    Column("held_out_lead", Float),
    Column("recent_cases", Integer),
    Column("recent_top1", Float),
    Column("is_current", Boolean, nullable=False),
    Column("switched_at", DateTime(timezone=True)),
    Column("note", Text, nullable=False),
)

classifier_model_cases = Table(
    "classifier_model_cases",
    metadata,
    Column("version", Text, primary_key=True),
    Column("case_id", Text, primary_key=True),
    Column("category", Text, nullable=False),
    Column("text", Text, nullable=False),
)

# --- batch import: the batches and the case each row became ---------------------------

batches = Table(
    "batches",
    metadata,
    Column("batch_id", Text, primary_key=True),
    Column("title", Text, nullable=False),
    Column("source", Text, nullable=False),
    Column("filename", Text),
    Column("good_rows_only", Boolean, nullable=False),
    Column("state", Text, nullable=False),
    Column("total_rows", Integer, nullable=False),
    Column("checked_rows", Integer, nullable=False),
    Column("registered_rows", Integer, nullable=False),
    Column("rejected_rows", Integer, nullable=False),
    Column("problems", JSONB, nullable=False),
    Column("failure", Text),
    Column("created_by", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("heartbeat_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
)

batch_cases = Table(
    "batch_cases",
    metadata,
    Column("batch_id", Text, ForeignKey("batches.batch_id"), primary_key=True),
    Column("row_number", Integer, primary_key=True),
    Column("case_id", Text, nullable=False),
)

# --- the knowledge base: articles, their versions, and flags of answers found wrong -----

knowledge_articles = Table(
    "knowledge_articles",
    metadata,
    Column("article_id", Text, primary_key=True),
    Column("department", Text, nullable=False),
    Column("latest_version", Integer, nullable=False),
    Column("published_version", Integer),
    Column("reviewed_at", DateTime(timezone=True)),
    Column("reviewed_by", Text),
    Column("gap_id", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("revision", BigInteger, nullable=False),
)

knowledge_versions = Table(
    "knowledge_versions",
    metadata,
    Column("article_id", Text, primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("status", Text, nullable=False),
    Column("question", Text, nullable=False),
    Column("phrasings", ARRAY(Text), nullable=False),
    Column("answer", Text, nullable=False),
    Column("basis", JSONB, nullable=False),
    Column("categories", ARRAY(Text), nullable=False),
    Column("valid_from", Date, nullable=False),
    Column("valid_until", Date),
    Column("author", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("submitted_at", DateTime(timezone=True)),
    Column("reviewer", Text),
    Column("published_at", DateTime(timezone=True)),
    Column("review_note", Text),
)

knowledge_flags = Table(
    "knowledge_flags",
    metadata,
    Column("flag_id", BigInteger, primary_key=True, autoincrement=True),
    Column("article_id", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column("case_id", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("flagged_at", DateTime(timezone=True), nullable=False),
    Column("resolved_at", DateTime(timezone=True)),
    Column("resolved_by", Text),
)

window_visit_ratings = Table(
    "window_visit_ratings",
    metadata,
    Column("case_id", Text, ForeignKey("intake.cases.case_id"), primary_key=True),
    Column("window_unit", Text),
    Column("staff_username", Text, nullable=False),
    Column("staff_name", Text, nullable=False),
    Column("window_score", Integer, nullable=False),
    Column("staff_score", Integer, nullable=False),
    Column("comment", Text),
    Column("rated_at", DateTime(timezone=True), nullable=False),
)

# --- the window's routine (0012) ---------------------------------------------------------------

duty_roster = Table(
    "duty_roster",
    metadata,
    Column("duty_date", Date, primary_key=True),
    Column("half", Text, primary_key=True),
    Column("specialists", JSONB, nullable=False),
    Column("leader_name", Text, nullable=False),
    Column("leader_title", Text),
    Column("leader_department", Text),
    Column("updated_by", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

promised_limits = Table(
    "promised_limits",
    metadata,
    Column("kind", Text, primary_key=True),
    Column("category", Text, primary_key=True),
    Column("amount", Integer, nullable=False),
    Column("unit", Text, nullable=False),
)

promised_limits_state = Table(
    "promised_limits_state",
    metadata,
    Column("singleton", Boolean, primary_key=True),
    Column("version", BigInteger, nullable=False),
)
