"""Kafka subscriptions: a resolution (or one on the spot) opens a callback task; deadline
tells when it is due."""

from __future__ import annotations

from collections.abc import Mapping

from callback import service
from common import topics
from common.consumer import Handler

CONSUMES = (topics.INTAKE_CASE_EVENTS, topics.DISPATCH_CASE_EVENTS, topics.DEADLINE_TIMER_EVENTS)


def handlers() -> Mapping[str, Handler]:
    return {
        "CaseResolved": service.on_case_resolved,
        "CaseResolvedOnTheSpot": service.on_resolved_on_the_spot,
        "DeadlineSet": service.on_deadline_set,
    }
