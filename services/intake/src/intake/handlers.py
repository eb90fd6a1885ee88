"""Kafka subscriptions: intake projects the other services' events onto the case's staff
and public timelines, keeps who handles each case, and keeps dispatchers' decisions on its
category (live classification accuracy)."""

from __future__ import annotations

from collections.abc import Mapping

from common import events
from common.consumer import Handler
from common.envelope import Event
from intake.classification import catalogue
from intake.classification import handlers as classification_events
from intake.service import timeline

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
    events.CaseReclassified,
    events.CaseTransferred,
    events.TransferAcknowledged,
    events.TransferAnswered,
    events.CaseSentBackToScreening,
    events.CaseRejectedByDispatcher,
    events.TaxonomyChanged,
)
#: projected, and read for a human decision on the category (live classification accuracy)
DECIDING = (events.CaseAssigned, events.ReturnArbitrated)


def handlers(
    department_names: dict[str, str], category_names: Mapping[str, str]
) -> Mapping[type[Event], Handler]:
    """`category_names`: the live catalogue's, so a leaf added since start-up is named."""
    projector = timeline.projector(department_names)
    chosen: dict[type[Event], Handler] = dict.fromkeys(CONSUMES, projector)
    chosen |= dict.fromkeys(DECIDING, classification_events.deciding(projector))
    chosen[events.CaseReclassified] = classification_events.on_reclassified(category_names)
    chosen[events.TaxonomyChanged] = catalogue.on_taxonomy_changed
    return chosen
