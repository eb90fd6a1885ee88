"""转办 timers: an outside unit's limits to acknowledge (确认接收) and to answer (答复), on the
one working-time calendar and the policy table, apart from the district's handling stages.
The acknowledgement and the answer stop them (lifecycle.py)."""

from __future__ import annotations

from common.events import CaseTransferred
from common.vocabulary import TimerStage
from deadline.repository.store import Unit
from deadline.service.clockwork import Clockwork
from deadline.service.timers import HANDLING_STAGES, TRANSFER_STAGES, cancel, end, start_stages


async def on_transferred(uow: Unit, clock: Clockwork, event: CaseTransferred, case_id: str) -> None:
    """The district's department no longer handles the case: its open handling timers
    (and an earlier unit's) are cancelled, and the unit's two limits start."""
    await uow.store.timers.of_case(case_id, lock=True)
    # handed over from the dispatcher's queue: the dispatcher ruled on it in time or not
    await end(uow, case_id, [TimerStage.DISPATCH], event.transferred_at)
    await cancel(uow, case_id, event.transferred_at, (*HANDLING_STAGES, *TRANSFER_STAGES))
    await start_stages(
        uow,
        clock,
        TRANSFER_STAGES,
        case_id=case_id,
        round=event.round,
        kind=event.kind,
        category=event.category,
        department=event.unit,
        at=event.transferred_at,
        attempt=event.transfer,
    )
