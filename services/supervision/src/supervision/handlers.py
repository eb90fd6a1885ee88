"""Kafka subscriptions: supervision watches handling, deadlines and callbacks."""

from __future__ import annotations

from collections.abc import Mapping

from common import topics
from common.consumer import Handler
from supervision import service

CONSUMES = (topics.DISPATCH_CASE_EVENTS, topics.DEADLINE_TIMER_EVENTS, topics.CALLBACK_EVENTS)


def handlers() -> Mapping[str, Handler]:
    return {
        "CaseAssigned": service.on_assigned,
        "CaseReopened": service.on_reopened,
        "DeadlineExceeded": service.on_overdue,
        "CallbackCompleted": service.on_callback,
    }
