"""Kafka subscriptions: intake projects the other services' events onto the case's staff
and public timelines, and keeps who handles each case."""

from __future__ import annotations

from collections.abc import Mapping

from common import events
from common.consumer import Handler
from common.envelope import Event
from intake import catalogue, service

#: The events intake projects onto its timelines.
CONSUMES: tuple[type[Event], ...] = (
    events.CaseQueuedForDispatcher,
    events.CaseAssigned,
    events.CaseSigned,
    events.SubmitterContacted,
    events.CaseReturned,
    events.ReturnArbitrated,
    events.ExtensionRequested,
    events.ExtensionGranted,
    events.ExtensionDenied,
    events.CaseSuspended,
    events.CaseResumed,
    events.CoHandlerOpinionFiled,
    events.CaseResolved,
    events.CaseReopened,
    events.CaseClosed,
    events.CaseReferredToSupervision,
    events.CallbackCompleted,
    events.CallbackFailed,
    events.TaxonomyChanged,
)


def handlers(department_names: dict[str, str]) -> Mapping[type[Event], Handler]:
    projected = dict.fromkeys(CONSUMES, service.projector(department_names))
    return projected | {events.TaxonomyChanged: catalogue.on_taxonomy_changed}
