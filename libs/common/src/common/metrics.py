"""Prometheus metrics shared by every service (one process = one service = one registry)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

OUTBOX_PUBLISHED = Counter(
    "civicloop_outbox_published_total", "Outbox messages published to Kafka", ["schema"]
)
OUTBOX_BACKLOG = Gauge(
    "civicloop_outbox_backlog", "Outbox rows waiting to be published", ["schema"]
)
EVENTS_CONSUMED = Counter(
    "civicloop_events_consumed_total",
    "Messages consumed, by outcome (processed, duplicate, ignored, dead_lettered)",
    ["service", "event_type", "outcome"],
)
HANDLER_SECONDS = Histogram(
    "civicloop_consumer_batch_seconds",
    "Time to process one consumed batch, commit included",
    ["service"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
CONSUMER_RETRIES = Counter(
    "civicloop_consumer_retries_total",
    "Retries of failing messages or batches, by reason (handler, infrastructure, batch)",
    ["service", "reason"],
)
HTTP_REQUESTS = Counter(
    "civicloop_http_requests_total", "HTTP requests", ["service", "method", "route", "status"]
)
HTTP_SECONDS = Histogram(
    "civicloop_http_request_seconds",
    "HTTP request latency",
    ["service", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)

# --- sampled in the background (common.watch) -----------------------------------------------

OUTBOX_OLDEST_AGE = Gauge(
    "civicloop_outbox_oldest_age_seconds",
    "Age of the oldest outbox row not yet published (0 when the outbox is empty)",
    ["schema"],
)
CONSUMER_LAG = Gauge(
    "civicloop_consumer_lag",
    "Messages not yet consumed: a partition's end offset minus the consumer's position",
    ["service", "group", "topic", "partition"],
)
DEPENDENCY_UP = Gauge(
    "civicloop_dependency_up",
    "1 when the dependency (postgresql, kafka) answered the last check, else 0",
    ["service", "dependency"],
)
DEPENDENCY_SECONDS = Gauge(
    "civicloop_dependency_check_seconds",
    "How long the last check of the dependency took",
    ["service", "dependency"],
)

# --- deadline's timers ----------------------------------------------------------------------

TIMER_LAG = Histogram(
    "civicloop_deadline_timer_lag_seconds",
    "From an alarm's due time to the moment the scheduler rang it",
    ["service"],
    buckets=(0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900, 3600),
)
DEADLINE_PARKED_TIMERS = Gauge(
    "civicloop_deadline_parked_timers",
    "Running deadline timers with a limit or alarm waiting for a calendar year not loaded",
    ["year"],
)
