"""Use cases on dispatch's events that carry a human decision on a case's category, as intake
keeps them for live classification accuracy: a dispatcher's re-classification (改类), a dispatcher
routing a case the classifier left to them, and a return upheld at arbitration."""

from __future__ import annotations

from collections.abc import Mapping

from common import events
from common.consumer import MessageContext, UnknownCase
from common.vocabulary import ArbitrationDecision
from intake.domain.accuracy import DECISION_LABELS_ZH, DecisionKind
from intake.service import timeline

#: actors that are no person (dispatch's routing rules: `system:routing`)
SYSTEM_PREFIX = "system:"


def reclassification_line(
    previous: str, category: str, reason: str | None, names: Mapping[str, str]
) -> str:
    line = f"派单员改类：{names.get(previous, previous)} → {names.get(category, category)}"
    return f"{line}（{reason}）" if reason else line


async def on_reclassified(
    ctx: MessageContext, event: events.CaseReclassified, *, category_names: Mapping[str, str]
) -> None:
    """The case is filed under the dispatcher's category in intake too; the staff timeline
    says so; live accuracy counts it against the suggestion."""
    case_id = ctx.envelope.case_id
    case = await ctx.store.cases.find_case(case_id, lock=True)
    if case is None:
        raise UnknownCase(case_id, ctx.envelope.event_type)
    await ctx.store.cases.update_case(case_id, {"category": event.category})
    await ctx.store.classification.record_decision(
        case_id,
        DecisionKind.RECLASSIFIED,
        event.category,
        event.actor,
        at=event.reclassified_at,
    )
    await ctx.store.timelines.add_staff_lines(
        [
            {
                "case_id": case_id,
                "event_id": ctx.envelope.event_id,
                "occurred_at": event.reclassified_at,
                "action": ctx.envelope.event_type,
                "label": DECISION_LABELS_ZH[DecisionKind.RECLASSIFIED],
                "actor": event.actor,
                "detail": reclassification_line(
                    event.previous_category, event.category, event.reason, category_names
                ),
            }
        ],
    )


async def on_assigned(
    ctx: MessageContext, event: events.CaseAssigned, *, department_names: Mapping[str, str]
) -> None:
    """The timeline projection, then what the assignment says about the category."""
    await timeline.project(ctx, event, department_names=department_names)
    await _assigned(event, ctx)


async def on_arbitrated(
    ctx: MessageContext, event: events.ReturnArbitrated, *, department_names: Mapping[str, str]
) -> None:
    """The timeline projection, then a return upheld as a decision against the category."""
    await timeline.project(ctx, event, department_names=department_names)
    await _arbitrated(event, ctx)


async def _assigned(event: events.CaseAssigned, ctx: MessageContext) -> None:
    """A dispatcher who routes a case under another category than intake has chose that
    category: a human decision, and the case follows it. Routing a case under the category it
    came with names a department, not a category, and is no decision on it."""
    case_id = ctx.envelope.case_id
    if event.actor.startswith(SYSTEM_PREFIX) or not event.category:
        return
    case = await ctx.store.cases.find_case(case_id)
    if case is not None and event.category != case.category:
        await ctx.store.cases.update_case(case_id, {"category": event.category})
        await ctx.store.classification.record_decision(
            case_id,
            DecisionKind.ROUTED,
            event.category,
            event.actor,
            at=event.assigned_at,
        )


async def _arbitrated(event: events.ReturnArbitrated, ctx: MessageContext) -> None:
    if event.decision is ArbitrationDecision.REROUTE:
        await ctx.store.classification.record_decision(
            ctx.envelope.case_id,
            DecisionKind.RETURN_UPHELD,
            None,
            event.actor,
            at=event.decided_at,
            returning_department=event.returning_department,
        )
