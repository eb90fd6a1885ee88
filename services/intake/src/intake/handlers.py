"""Kafka subscriptions: intake projects the other services' events onto the public timeline."""

from __future__ import annotations

from collections.abc import Mapping

from common import topics
from common.consumer import Handler
from intake import service

CONSUMES = (topics.DISPATCH_CASE_EVENTS, topics.CALLBACK_EVENTS)

PUBLIC_EVENTS = (
    "CaseQueuedForDispatcher",
    "CaseAssigned",
    "CaseSigned",
    "CaseResolved",
    "CaseReopened",
    "CaseClosed",
    "CallbackCompleted",
)


def handlers(department_names: dict[str, str]) -> Mapping[str, Handler]:
    project = service.projector(department_names)
    return {event_type: project for event_type in PUBLIC_EVENTS}
