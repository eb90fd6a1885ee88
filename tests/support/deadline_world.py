"""Deadline on its in-memory store: the state as main.definition builds it (calendar,
business hours, dispatch department from Settings), the district's policy table seeded,
and events as the other services send them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from common import events
from common.memory import MemoryDatabase
from common.vocabulary import Channel, RequestKind
from deadline import main
from deadline.config import Settings
from deadline.handlers import handlers
from deadline.repository.memory import MemoryStore, TimerRow
from deadline.service import policies
from deadline.state import DeadlineState

#: Monday 2 March 2026, 09:00 in Shanghai: a working day's opening.
AT = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
CASE = "C-2026-000001"
ROADS, WATER = "roads", "water"


class World:
    """The in-memory database, the state and the handler map of one deadline process."""

    def __init__(self) -> None:
        settings = Settings(
            database_url="postgresql+asyncpg://memory/none", kafka_bootstrap_servers="memory:0"
        )
        state = main.definition(settings).state
        assert isinstance(state, DeadlineState)
        self.state = state
        self.clock = state.clock
        self.db: MemoryDatabase[MemoryStore] = MemoryDatabase(MemoryStore(), producer="deadline")
        self.handlers = handlers(self.clock)

    async def seed(self) -> None:
        async with self.db.unit_of_work() as uow:
            document, source = main.sla_document(main.SLA_FILE)
            assert await policies.seed_policy(uow, self.clock, document, source=source)

    async def deliver(self, event: events.Event, case_id: str = CASE) -> list[Any]:
        return await self.db.deliver(self.handlers, event, case_id=case_id)

    def timers(self, case_id: str = CASE) -> list[TimerRow]:
        return [t for t in self.db.store.tables.timers.values() if t.case_id == case_id]

    def timer(self, stage: str, case_id: str = CASE, *, state: str | None = None) -> TimerRow:
        (found,) = [
            t
            for t in self.timers(case_id)
            if t.stage == stage and (state is None or t.state == state)
        ]
        return found

    def states(self, case_id: str = CASE) -> dict[tuple[str, int], str]:
        """(stage, attempt) -> state."""
        return {(t.stage, t.attempt): t.state for t in self.timers(case_id)}

    def unfired_alarms(self, timer_id: int) -> list[str]:
        return [
            a.name
            for a in self.db.store.tables.alarms.values()
            if a.timer_id == timer_id and a.fired_at is None
        ]


async def world() -> World:
    """A deadline process with the district's policy table seeded (version 1)."""
    seeded = World()
    await seeded.seed()
    return seeded


def later(**delta: float) -> datetime:
    return AT + timedelta(**delta)


def queued(kind: RequestKind | None = RequestKind.COMPLAINT) -> events.CaseQueuedForDispatcher:
    return events.CaseQueuedForDispatcher(
        category="roads.pothole", reason="needs_dispatcher", kind=kind, queued_at=AT
    )


def assigned(
    department: str = ROADS,
    *,
    at: datetime = AT,
    round: int = 1,
    kind: RequestKind = RequestKind.COMPLAINT,
) -> events.CaseAssigned:
    return events.CaseAssigned(
        category="roads.pothole",
        kind=kind,
        lead_department=department,
        actor="dispatcher-1",
        assigned_at=at,
        round=round,
    )


def accepted(requested_by: date | None) -> events.CaseAccepted:
    return events.CaseAccepted(
        category="roads.pothole",
        kind=RequestKind.COMPLAINT,
        channel=Channel.HOTLINE,
        actor="intake-1",
        accepted_at=AT,
        requested_by=requested_by,
    )
