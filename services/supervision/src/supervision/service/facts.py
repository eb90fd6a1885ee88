"""Keeping a case's events and refolding its scorecard facts from them (the live handlers
and decided appeals; the rebuild folds the same rows with projection.py)."""

from __future__ import annotations

from common.envelope import Envelope
from supervision.domain.scorecard import CaseFacts, fold
from supervision.projection import facts_row, kept_row, recorded
from supervision.repository.store import Unit


async def keep(uow: Unit, envelope: Envelope) -> CaseFacts | None:
    """Store the event (once) and refold its case. None when the event is not kept."""
    row = kept_row(envelope)
    if row is None:
        return None
    await uow.store.facts.keep_events([row])
    return await refold(uow, envelope.case_id)


async def refold(uow: Unit, case_id: str) -> CaseFacts:
    facts = fold(case_id, recorded(await uow.store.facts.events_of(case_id)))
    await uow.store.facts.save_facts([facts_row(facts)])
    return facts
