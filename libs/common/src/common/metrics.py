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
    "Retries of failing messages or batches, by reason (handler, infrastructure)",
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
DEADLINE_PARKED_TIMERS = Gauge(
    "civicloop_deadline_parked_timers",
    "Running deadline timers with a limit or alarm waiting for a calendar year not loaded",
    ["year"],
)
