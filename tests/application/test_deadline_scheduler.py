"""The scheduler's use case on the in-memory store, at a fixed `now`: due alarms become
events once, in due order, with ids fixed by the alarm; alarms of ended timers never ring."""

from __future__ import annotations

from common import events
from common.vocabulary import EscalationStep, TimerStage
from deadline.service.scheduler import alarm_event_id, fire_due
from tests.support.deadline_world import CASE, ROADS, assigned, later, queued, world


async def test_nothing_is_due_before_the_first_warning() -> None:
    w = await world()
    await w.deliver(queued())
    async with w.db.unit_of_work() as uow:
        assert await fire_due(uow, now=later(minutes=59)) == 0
    assert w.db.published == []


async def test_due_alarms_ring_once_in_due_order_with_ids_fixed_by_the_alarm() -> None:
    w = await world()
    await w.deliver(queued())  # 2 working hours: warnings at 10:00 and 10:30, limit at 11:00
    async with w.db.unit_of_work() as uow:
        assert await fire_due(uow, now=later(hours=1, minutes=30)) == 2
    assert [e.fraction for e in w.db.events(events.DeadlineWarningIssued)] == [0.5, 0.75]
    assert {e.case_id for e in w.db.published} == {CASE}
    async with w.db.unit_of_work() as uow:
        assert await fire_due(uow, now=later(hours=1, minutes=30)) == 0  # rung already
        assert await fire_due(uow, now=later(hours=2)) == 1
    (exceeded,) = w.db.events(events.DeadlineExceeded)
    assert (exceeded.stage, exceeded.department) == (TimerStage.DISPATCH, "service-centre")
    rung = {"case_id": CASE, "timer_id": exceeded.timer_id, "name": "exceeded"}
    assert str(w.db.published[-1].event_id) == str(alarm_event_id(rung))


async def test_a_batch_rings_at_most_its_limit_and_the_rest_in_the_next() -> None:
    w = await world()
    await w.deliver(queued())
    async with w.db.unit_of_work() as uow:
        assert await fire_due(uow, now=later(hours=3), limit=2) == 2
        assert await fire_due(uow, now=later(hours=3), limit=2) == 1
    assert w.db.event_types() == ["DeadlineWarningIssued"] * 2 + ["DeadlineExceeded"]


async def test_the_ladder_rings_after_the_limit_with_the_answer_due_for_the_order() -> None:
    w = await world()
    await w.deliver(assigned())
    async with w.db.unit_of_work() as uow:
        await fire_due(uow, now=later(days=30))
    rung = w.db.events(events.DeadlineEscalated)
    steps = [e.step for e in rung if e.stage is TimerStage.RESOLUTION]
    assert steps == [
        EscalationStep.URGE,
        EscalationStep.SUPERVISION_ORDER,
        EscalationStep.ACCOUNTABILITY,
    ]
    assert {e.department for e in rung} == {ROADS}
    assert {e.stage for e in rung} == {
        TimerStage.SIGN,
        TimerStage.FIRST_RESPONSE,
        TimerStage.RESOLUTION,
    }
    order = next(e for e in rung if e.step is EscalationStep.SUPERVISION_ORDER)
    assert order.respond_by is not None and order.respond_by > order.due_at


async def test_a_stopped_timers_alarms_never_ring() -> None:
    w = await world()
    await w.deliver(queued())
    await w.deliver(assigned(at=later(minutes=30)))  # the wait ends before its first warning
    async with w.db.unit_of_work() as uow:
        await fire_due(uow, now=later(hours=2))  # the sign timer's two warnings only
    rung = [e.stage for e in w.db.events(events.DeadlineWarningIssued)]
    assert rung == [TimerStage.SIGN, TimerStage.SIGN]


async def test_a_paused_timer_rings_nothing_until_it_resumes() -> None:
    w = await world()
    await w.deliver(queued())
    suspended = events.CaseSuspended(
        department="service-centre", reason="等待", actor="d", suspended_at=later(minutes=1)
    )
    await w.deliver(suspended)
    async with w.db.unit_of_work() as uow:
        assert await fire_due(uow, now=later(days=10)) == 0
    assert w.db.published == []
