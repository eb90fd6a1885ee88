"""转办 timers: an outside unit's limits to acknowledge (确认接收) and to answer (答复), on the
one working-time calendar and the policy table, apart from the district's handling stages.
The acknowledgement and the answer stop them (service.lifecycle_handlers)."""

from __future__ import annotations

from common.consumer import Handler, MessageContext
from common.events import CaseTransferred
from common.vocabulary import TimerStage
from deadline import repository
from deadline.service import HANDLING_STAGES, TRANSFER_STAGES, Clockwork, TimerStart, start_timers


def on_transferred(clock: Clockwork) -> Handler:
    async def handle(event: CaseTransferred, ctx: MessageContext) -> None:
        """The district's department no longer handles the case: its open handling timers
        (and an earlier unit's) are cancelled, and the unit's two limits start."""
        case_id = ctx.envelope.case_id
        await repository.case_timers(ctx.session, case_id, lock=True)
        # handed over from the dispatcher's queue: the dispatcher ruled on it in time or not
        await repository.end_timers(
            ctx.session,
            case_id,
            stages=[TimerStage.DISPATCH.value],
            at=event.transferred_at,
            state="stopped",
        )
        await repository.end_timers(
            ctx.session,
            case_id,
            stages=[s.value for s in (*HANDLING_STAGES, *TRANSFER_STAGES)],
            at=event.transferred_at,
            state="cancelled",
        )
        await start_timers(
            ctx.session,
            clock,
            [
                TimerStart(
                    case_id,
                    stage,
                    event.round,
                    event.kind,
                    event.category,
                    event.unit,
                    event.transferred_at,
                    attempt=event.transfer,
                )
                for stage in TRANSFER_STAGES
            ],
        )

    return handle
