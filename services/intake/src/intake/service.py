"""Intake use cases: register and screen a submission; project events onto the public view."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from common.clock import utcnow
from common.consumer import MessageContext
from common.envelope import Envelope
from common.errors import NotFound, Unprocessable
from common.events import CaseAccepted, CaseRegistered, CaseRejected
from common.outbox import UnitOfWork
from intake import repository
from intake.domain import submission as rules
from intake.domain.timeline import public_entry
from intake.schemas import Submission


@dataclass(frozen=True)
class Registered:
    case_id: str
    tracking_code: str
    status: str


async def submit(uow: UnitOfWork, form: Submission, *, actor: str) -> Registered:
    session = uow.session
    known = await repository.category_exists(session, form.category)
    if not known:
        raise Unprocessable(
            "unknown_category",
            f"category {form.category!r} is not in the district's catalogue",
            fields=[{"field": "category", "message": "unknown category", "type": "unknown"}],
        )
    now = utcnow()
    case_id = rules.case_number(now, await repository.next_sequence(session))
    code = rules.new_tracking_code()
    await repository.insert_case(
        session,
        {
            "case_id": case_id,
            "tracking_code_hash": rules.hash_tracking_code(case_id, code),
            "channel": form.channel.value,
            "kind": form.kind.value,
            "category": form.category,
            "title": form.title,
            "description": form.description,
            "address": form.location.address if form.location else None,
            "latitude": form.location.latitude if form.location else None,
            "longitude": form.location.longitude if form.location else None,
            "submitter_kind": form.submitter.kind.value,
            "submitter_name": form.submitter.name,
            "submitter_phone": form.submitter.phone,
            "enterprise_name": form.submitter.enterprise_name,
            "enterprise_uscc": form.submitter.uscc,
            "registered_at": now,
        },
    )
    registered = uow.emit(
        CaseRegistered(
            channel=form.channel,
            kind=form.kind,
            category=form.category,
            title=form.title,
            description=form.description,
            address=form.location.address if form.location else None,
            latitude=form.location.latitude if form.location else None,
            longitude=form.location.longitude if form.location else None,
            submitter_kind=form.submitter.kind,
            actor=actor,
        ),
        case_id=case_id,
    )
    decision = rules.screen(category_known=known, kind=form.kind)
    screened = uow.emit(
        CaseAccepted(
            category=form.category,
            kind=form.kind,
            channel=form.channel,
            actor="system:screening",
            accepted_at=now,
        )
        if decision.accept
        else CaseRejected(reason=decision.reason, actor="system:screening"),
        case_id=case_id,
    )
    await _project(uow, registered, screened)
    return Registered(case_id, code, "accepted" if decision.accept else "rejected")


async def public_case(uow: UnitOfWork, *, case_id: str, code: str) -> dict[str, Any]:
    """Status and timeline for whoever holds the case number and its tracking code."""
    case = await repository.find_case(uow.session, case_id)
    if case is None or not rules.tracking_code_matches(case_id, code, case.tracking_code_hash):
        # The same answer for a wrong code as for no case: numbers cannot be probed.
        raise NotFound("case_not_found", "no case with this number and tracking code")
    view = await repository.public_view(uow.session, case_id)
    return {
        "case_id": case_id,
        "title": case.title,
        "category": case.category,
        "channel": case.channel,
        "registered_at": case.registered_at,
        **view,
    }


async def _project(
    uow: UnitOfWork, *envelopes: Envelope, names: dict[str, str] | None = None
) -> None:
    """Put a case's events on its public timeline (those the public sees)."""
    lines = []
    for envelope in envelopes:
        entry = public_entry(envelope.event_type, envelope.payload, names or {})
        if entry is not None:
            lines.append(
                {
                    "event_id": envelope.event_id,
                    "occurred_at": envelope.occurred_at,
                    "status": entry.status,
                    "text": entry.text,
                }
            )
    if lines:
        await repository.record_public(uow.session, envelopes[0].case_id, lines)


def projector(department_names: dict[str, str]) -> Any:
    """Handler that puts another service's event on the public timeline."""

    async def project(_: Any, ctx: MessageContext) -> None:
        if await repository.find_case(ctx.session, ctx.envelope.case_id) is None:
            raise LookupError(f"event for a case intake never registered: {ctx.envelope.case_id}")
        await _project(ctx.uow, ctx.envelope, names=department_names)

    return project
