"""The submitter's requested completion date, recorded from CaseAccepted and read beside
the timers. CaseAccepted and the CaseAssigned that starts the timers come on different
topics, in either order: the flag is read, not stored, so the order does not matter."""

from __future__ import annotations

from common.events import CaseAccepted
from deadline.repository.store import Unit


async def on_case_accepted(uow: Unit, event: CaseAccepted, case_id: str) -> None:
    if event.requested_by is not None:
        await uow.store.requested.record(case_id, event.requested_by)
