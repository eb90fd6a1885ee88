"""Kafka subscriptions: intake projects the other services' events onto the case's staff
and public timelines, and keeps who handles each case."""

from __future__ import annotations

from collections.abc import Mapping

from common import topics
from common.consumer import Handler
from intake import service

CONSUMES = (topics.DISPATCH_CASE_EVENTS, topics.CALLBACK_EVENTS)

PROJECTED_EVENTS = (
    "CaseQueuedForDispatcher",
    "CaseAssigned",
    "CaseSigned",
    "SubmitterContacted",
    "CaseReturned",
    "ReturnArbitrated",
    "ExtensionRequested",
    "ExtensionGranted",
    "ExtensionDenied",
    "CaseSuspended",
    "CaseResumed",
    "CoHandlerOpinionFiled",
    "CaseResolved",
    "CaseReopened",
    "CaseClosed",
    "CaseReferredToSupervision",
    "CallbackCompleted",
    "CallbackFailed",
)


def handlers(department_names: dict[str, str]) -> Mapping[str, Handler]:
    project = service.projector(department_names)
    return {event_type: project for event_type in PROJECTED_EVENTS}
