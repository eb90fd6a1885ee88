"""Deadline's handler map on its in-memory store: the dispatch queue's wait, the handling
stages from assignment (and a re-route), sign and first response stopping, pauses, and an
extension moving the resolution limit."""

from __future__ import annotations

from datetime import timedelta

from common import events
from common.vocabulary import RequestKind
from deadline.handlers import CONSUMES
from tests.support.deadline_world import AT, CASE, ROADS, WATER, assigned, later, queued, world


async def test_the_handler_map_covers_exactly_what_deadline_consumes() -> None:
    w = await world()
    assert set(w.handlers) == set(CONSUMES)


async def test_a_queued_case_starts_the_dispatch_wait_once_for_the_dispatch_centre() -> None:
    w = await world()
    assert await w.deliver(queued()) == []
    await w.deliver(queued())  # the same wait announced again
    wait = w.timer("dispatch")
    assert (wait.department, wait.attempt, wait.policy) == ("service-centre", 1, "dispatch")
    assert wait.due_at == later(hours=2)  # two working hours from 09:00
    assert w.unfired_alarms(wait.id) == ["warning-0.5", "warning-0.75", "exceeded"]


async def test_a_queued_case_without_its_kind_starts_no_wait() -> None:
    w = await world()
    await w.deliver(queued(kind=None))
    assert w.timers() == []


async def test_sent_back_cancels_the_wait_and_the_next_wait_is_a_new_attempt() -> None:
    w = await world()
    await w.deliver(queued())
    sent_back = events.CaseSentBackToScreening(
        reason="wrong", sent_back_in_case=1, actor="d", sent_back_at=later(minutes=10)
    )
    await w.deliver(sent_back)
    assert w.unfired_alarms(w.timer("dispatch").id) == []
    await w.deliver(queued())
    assert w.states() == {("dispatch", 1): "cancelled", ("dispatch", 2): "running"}


async def test_a_dispatcher_rejecting_the_case_cancels_its_wait() -> None:
    w = await world()
    await w.deliver(queued())
    rejected = events.CaseRejectedByDispatcher(
        category="roads.pothole", reason="not ours", actor="d", rejected_at=later(minutes=5)
    )
    await w.deliver(rejected)
    assert w.timer("dispatch").state == "cancelled"
    assert w.timer("dispatch").stopped_at == later(minutes=5)


async def test_assignment_stops_the_wait_and_starts_the_three_handling_stages() -> None:
    w = await world()
    await w.deliver(queued())
    assert await w.deliver(assigned(at=later(minutes=30))) == []
    assert w.states() == {
        ("dispatch", 1): "stopped",
        ("sign", 1): "running",
        ("first_response", 1): "running",
        ("resolution", 1): "running",
    }
    resolution = w.timer("resolution")
    assert (resolution.department, resolution.policy) == (ROADS, "resolution")
    assert resolution.policy_version == 1
    assert "accountability" in w.unfired_alarms(resolution.id)


async def test_a_new_lead_gets_its_own_sign_timer_and_the_citizens_clocks() -> None:
    w = await world()
    await w.deliver(assigned(ROADS))
    await w.deliver(assigned(ROADS, at=later(minutes=5)))  # the same lead again
    assert len(w.timers()) == 3
    await w.deliver(assigned(WATER, at=later(hours=1)))
    assert w.states() == {
        ("sign", 1): "cancelled",
        ("sign", 2): "running",
        ("first_response", 1): "running",
        ("resolution", 1): "running",
    }
    assert {t.department for t in w.timers() if t.state == "running"} == {WATER}


async def test_signing_and_contacting_stop_their_own_stage_only() -> None:
    w = await world()
    await w.deliver(assigned())
    await w.deliver(events.CaseSigned(department=ROADS, actor="h", signed_at=later(minutes=20)))
    contacted = events.SubmitterContacted(
        department=ROADS, note="已联系", actor="h", contacted_at=later(hours=1)
    )
    await w.deliver(contacted)
    assert w.states() == {
        ("sign", 1): "stopped",
        ("first_response", 1): "stopped",
        ("resolution", 1): "running",
    }
    assert w.unfired_alarms(w.timer("sign").id) == []


async def test_suspension_pauses_every_running_timer_and_resumption_moves_its_due_time() -> None:
    w = await world()
    await w.deliver(assigned())
    due = w.timer("resolution").due_at
    suspended = events.CaseSuspended(
        department=ROADS, reason="等待鉴定", actor="h", suspended_at=later(hours=1)
    )
    await w.deliver(suspended)
    assert {t.state for t in w.timers()} == {"paused"}
    assert w.timer("resolution").due_at is None
    # resumed a week later: five working days more, Monday 10:00 to Monday 10:00
    await w.deliver(
        events.CaseResumed(department=ROADS, actor="h", resumed_at=later(days=7, hours=1))
    )
    assert {t.state for t in w.timers()} == {"running"}
    assert w.timer("resolution").due_at == due + timedelta(days=7)


async def test_an_extension_moves_only_the_resolution_limit() -> None:
    w = await world()
    await w.deliver(assigned(kind=RequestKind.HELP))
    sign_due, due = w.timer("sign").due_at, w.timer("resolution").due_at
    assert due == AT + timedelta(days=2, hours=8, minutes=30)  # 3 working days: Wednesday 17:30
    extension = events.ExtensionGranted(
        department=ROADS,
        working_days=2,
        total_extension_days=2,
        actor="s",
        decided_at=later(hours=2),
    )
    await w.deliver(extension)
    resolution = w.timer("resolution")
    assert resolution.extension_minutes == 2 * 420  # two working days of seven hours
    assert resolution.due_at == due + timedelta(days=2)  # Friday 17:30
    assert w.timer("sign").due_at == sign_due


async def test_timers_of_one_case_leave_another_case_alone() -> None:
    w = await world()
    await w.deliver(assigned(), case_id=CASE)
    await w.deliver(assigned(), case_id="C-2026-000002")
    await w.deliver(events.CaseSigned(department=ROADS, actor="h", signed_at=later(minutes=1)))
    assert w.timer("sign", "C-2026-000002").state == "running"
