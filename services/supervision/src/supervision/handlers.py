"""Kafka subscriptions: supervision watches registration, handling, deadlines and callbacks."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

from common import topics
from common.consumer import Handler
from supervision import projection, service
from supervision.config import Rules

CONSUMES = (
    topics.INTAKE_CASE_EVENTS,
    topics.DISPATCH_CASE_EVENTS,
    topics.DEADLINE_TIMER_EVENTS,
    topics.CALLBACK_EVENTS,
)


DEFAULT_RULES = Rules()


def handlers(rules: Rules = DEFAULT_RULES) -> Mapping[str, Handler]:
    special: dict[str, Handler] = {
        "CaseAssigned": service.on_assigned,
        "CaseReopened": service.on_reopened,
        "CaseReferredToSupervision": service.on_referred,
        "CaseReturned": partial(service.on_returned, rules=rules),
        "DeadlineExceeded": service.on_overdue,
        "DeadlineEscalated": service.on_escalated,
        "CallbackCompleted": service.on_callback,
    }
    # AppealDecided is supervision's own event: kept when decided, never consumed
    kept: dict[str, Handler] = {
        name: service.keep for name in projection.KEPT_EVENTS if name != "AppealDecided"
    }
    return {**kept, **special}
