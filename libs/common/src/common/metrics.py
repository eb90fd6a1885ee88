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

# --- the district's business (labels bounded by common.business) ----------------------------
# Counters count from the process's start; Prometheus's increase() and rate() bridge a
# restart (docs/operations.md, Business metrics).

#: From minutes (a case routed by rule) to days (a dispatcher's queue).
_TO_ASSIGNED_BUCKETS = (60, 300, 900, 1800, 3600, 7200, 14400, 28800, 86400, 172800, 432000)
#: Hours to weeks: handling limits are counted in working days.
_TO_RESOLVED_BUCKETS = (3600, 14400, 28800, 86400, 172800, 259200, 432000, 604800, 1296000)

CASES_REGISTERED = Counter(
    "civicloop_cases_registered_total",
    "Cases registered (intake), by channel, kind and category",
    ["channel", "kind", "category"],
)
CASES_ASSIGNED = Counter(
    "civicloop_cases_assigned_total",
    "Assignments to a lead department, re-routes included (dispatch)",
    ["department", "category"],
)
CASES_RESOLVED = Counter(
    "civicloop_cases_resolved_total",
    "Resolutions filed by the lead department, by result (dispatch)",
    ["department", "category", "result"],
)
SUBMIT_TO_ASSIGNED = Histogram(
    "civicloop_case_submit_to_assigned_seconds",
    "From a case's registration to its first assignment (intake)",
    ["department", "category"],
    buckets=_TO_ASSIGNED_BUCKETS,
)
ASSIGNED_TO_RESOLVED = Histogram(
    "civicloop_case_assigned_to_resolved_seconds",
    "From the start of a handling round (assignment or reopen) to its resolution (dispatch)",
    ["department", "category"],
    buckets=_TO_RESOLVED_BUCKETS,
)
CALLBACKS = Counter(
    "civicloop_callbacks_total",
    "Callbacks finished, by result: satisfied, basically_satisfied, dissatisfied, unreachable",
    ["department", "result"],
)
DEADLINES_EXCEEDED = Counter(
    "civicloop_deadlines_exceeded_total",
    "Time limits that ran out, by stage (deadline)",
    ["department", "stage"],
)
ESCALATIONS = Counter(
    "civicloop_escalations_total",
    "Steps of the escalation ladder rung: urge, supervision_order, accountability (deadline)",
    ["department", "step"],
)

# sampled in the background by the service that owns the data
CASES = Gauge(
    "civicloop_cases",
    "Open cases by handling state, closed ones left out (dispatch)",
    ["department", "category", "state"],
)
DEPARTMENT_BACKLOG = Gauge(
    "civicloop_department_backlog",
    "Cases a department leads and has not resolved: assigned, signed or suspended (dispatch)",
    ["department"],
)
CASES_OVERDUE = Gauge(
    "civicloop_cases_overdue",
    "Cases with a time limit past its due time and still running (deadline)",
    ["department", "category"],
)
DEPARTMENT_RATE = Gauge(
    "civicloop_department_rate",
    "Rates (ADR 0012) of the cases accepted in the last 30 days, per responsible department",
    ["department", "rate"],
)
DISTRICT_RATE = Gauge(
    "civicloop_district_rate",
    "Rates (ADR 0012) of the cases accepted in the last 30 days, the whole district",
    ["rate"],
)
