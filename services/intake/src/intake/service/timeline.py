"""The timelines: other services' events and intake's own projected onto a case's staff and
public timelines, and who handles the case kept from them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from common.consumer import MessageContext, UnknownCase
from common.envelope import Envelope, Event
from intake import measures
from intake.domain.screening import ScreeningState
from intake.domain.timeline import public_entry, staff_entry
from intake.repository.store import Unit


def staff_line(
    case_id: str, at: datetime, action: str, label: str, actor: str, detail: str
) -> dict[str, Any]:
    return {
        "case_id": case_id,
        "event_id": None,
        "occurred_at": at,
        "action": action,
        "label": label,
        "actor": actor,
        "detail": detail,
    }


async def record(uow: Unit, envelopes: Sequence[Envelope], names: Mapping[str, str]) -> None:
    """Put a case's events on its staff timeline, and those the public sees on its public
    timeline."""
    public, staff = [], []
    for envelope in envelopes:
        entry = public_entry(envelope.event_type, envelope.payload, names)
        if entry is not None:
            public.append(
                {
                    "event_id": envelope.event_id,
                    "occurred_at": envelope.occurred_at,
                    "status": entry.status,
                    "text": entry.text,
                }
            )
        line = staff_entry(envelope.event_type, envelope.payload, names, producer=envelope.producer)
        staff.append(
            {
                "case_id": envelope.case_id,
                "event_id": envelope.event_id,
                "occurred_at": envelope.occurred_at,
                "action": line.action,
                "label": line.label,
                "actor": line.actor,
                "detail": line.detail,
            }
        )
    if public:
        await uow.store.timelines.record_public(envelopes[0].case_id, public)
    await uow.store.timelines.add_staff_lines(staff)


async def _project_handlers(ctx: MessageContext) -> None:
    envelope, payload = ctx.envelope, ctx.envelope.payload
    if envelope.event_type == "CaseAssigned":
        await ctx.store.handling.set_handlers(
            envelope.case_id,
            lead=payload["lead_department"],
            co_handlers=list(payload.get("co_handlers") or []),
            round=int(payload.get("round", 1)),
            at=envelope.occurred_at,
        )
    elif envelope.event_type == "CaseTransferred":
        await ctx.store.handling.set_handlers(
            envelope.case_id,
            lead=payload["unit"],
            co_handlers=[],
            round=int(payload.get("round", 1)),
            at=envelope.occurred_at,
        )
    elif envelope.event_type == "CaseSentBackToScreening":
        # back before a clerk: screened once more, and accepted again under the next number
        await ctx.store.cases.update_case(
            envelope.case_id,
            {
                "screening_state": ScreeningState.PENDING.value,
                "sent_back_count": int(payload["sent_back_in_case"]),
                "sent_back_reason": payload["reason"],
                "sent_back_by": payload["actor"],
                "sent_back_at": envelope.occurred_at,
            },
        )
    elif envelope.event_type == "CaseReopened":
        await ctx.store.handling.set_handlers(
            envelope.case_id,
            lead=payload["lead_department"],
            co_handlers=None,
            round=int(payload["round"]),
            at=envelope.occurred_at,
        )


async def project(
    ctx: MessageContext, event: Event, *, department_names: Mapping[str, str]
) -> None:
    """Put another service's event on the case's timelines, and keep who handles the case."""
    case = await ctx.store.cases.find_case(ctx.envelope.case_id)
    if case is None:
        raise UnknownCase(ctx.envelope.case_id, ctx.envelope.event_type)
    await _project_handlers(ctx)
    await record(ctx, [ctx.envelope], department_names)
    measures.time_to_first_assignment(ctx, event, case)
