"""Kafka subscriptions: intake projects the other services' events onto the case's timelines,
keeps who handles each case and dispatchers' decisions on its category, and feeds its
knowledge base.

The knowledge base learns the article a department answered from, the gaps consultations
leave and the answers callbacks found wrong (intake.knowledge.loop); the decisions on a
category feed live classification accuracy."""

from __future__ import annotations

from collections.abc import Mapping

from common import events
from common.consumer import Handler, MessageContext
from common.envelope import Event
from intake.classification import catalogue, decisions
from intake.knowledge import loop
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


def handlers(
    department_names: dict[str, str], category_names: Mapping[str, str]
) -> Mapping[type[Event], Handler]:
    """Each consumed event's adapter onto its use case. `category_names`: the live
    catalogue's, so a leaf added since start-up is named."""

    async def project(event: Event, ctx: MessageContext) -> None:
        await timeline.project(ctx, event, department_names=department_names)

    async def case_assigned(event: events.CaseAssigned, ctx: MessageContext) -> None:
        await decisions.on_assigned(ctx, event, department_names=department_names)

    async def return_arbitrated(event: events.ReturnArbitrated, ctx: MessageContext) -> None:
        await decisions.on_arbitrated(ctx, event, department_names=department_names)

    async def case_reclassified(event: events.CaseReclassified, ctx: MessageContext) -> None:
        await decisions.on_reclassified(ctx, event, category_names=category_names)

    async def taxonomy_changed(event: events.TaxonomyChanged, ctx: MessageContext) -> None:
        await catalogue.on_taxonomy_changed(ctx, event)

    async def case_resolved(event: events.CaseResolved, ctx: MessageContext) -> None:
        await loop.on_resolved(ctx, event, department_names=department_names)

    async def case_closed(event: events.CaseClosed, ctx: MessageContext) -> None:
        await loop.on_closed(ctx, event, department_names=department_names)

    async def callback_completed(event: events.CallbackCompleted, ctx: MessageContext) -> None:
        await loop.on_callback_completed(ctx, event, department_names=department_names)

    chosen: dict[type[Event], Handler] = dict.fromkeys(CONSUMES, project)
    chosen[events.CaseAssigned] = case_assigned
    chosen[events.ReturnArbitrated] = return_arbitrated
    chosen[events.CaseReclassified] = case_reclassified
    chosen[events.TaxonomyChanged] = taxonomy_changed
    chosen[events.CaseResolved] = case_resolved
    chosen[events.CaseClosed] = case_closed
    chosen[events.CallbackCompleted] = callback_completed
    return chosen
