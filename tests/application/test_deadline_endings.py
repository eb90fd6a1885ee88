"""Deadline's handler map on its in-memory store, from resolution on: callback's limit
(announced with DeadlineSet), a reopened round, 转办 to an outside unit, the case closing,
merging or being rejected, and the submitter's requested date."""

from __future__ import annotations

from datetime import date

from common import events
from common.vocabulary import Channel, RequestKind, ResolutionResult, Satisfaction, TimerStage
from tests.support.deadline_world import CASE, ROADS, WATER, accepted, assigned, later, world

UNIT = "power-grid"


def resolved(at_hours: float = 3, round: int = 1) -> events.CaseResolved:
    return events.CaseResolved(
        department=ROADS,
        result=ResolutionResult.SOLVED,
        summary="已修复",
        actor="h",
        resolved_at=later(hours=at_hours),
        round=round,
    )


def transferred(transfer: int = 1) -> events.CaseTransferred:
    return events.CaseTransferred(
        unit=UNIT,
        category="power.outage",
        kind=RequestKind.HELP,
        note="供电归电力公司",
        actor="d",
        transferred_at=later(hours=1),
        transfer=transfer,
    )


async def test_resolution_stops_the_handling_stages_and_announces_callbacks_limit() -> None:
    w = await world()
    await w.deliver(assigned(kind=RequestKind.HELP))
    published = await w.deliver(resolved())
    assert [e.event_type for e in published] == ["DeadlineSet"]
    (announced,) = w.db.events(events.DeadlineSet)
    callback = w.timer("callback")
    assert (announced.stage, announced.timer_id, announced.due_at) == (
        TimerStage.CALLBACK,
        callback.id,
        callback.due_at,
    )
    assert published[0].case_id == CASE
    assert (callback.kind, callback.department) == ("help", None)  # from the latest timer
    assert {t.state for t in w.timers() if t.stage != "callback"} == {"stopped"}


async def test_an_on_the_spot_resolution_starts_callback_with_its_own_kind() -> None:
    w = await world()
    spot = events.CaseResolvedOnTheSpot(
        category="consult.policy",
        kind=RequestKind.CONSULTATION,
        channel=Channel.HOTLINE,
        outcome="answered",
        answer="已解答",
        actor="agent-1",
        resolved_at=later(minutes=5),
    )
    await w.deliver(spot)
    callback = w.timer("callback")
    assert (callback.kind, callback.category, callback.round) == (
        "consultation",
        "consult.policy",
        1,
    )
    assert w.db.event_types() == ["DeadlineSet"]


async def test_a_callback_completed_or_failed_stops_the_callback_limit() -> None:
    w = await world()
    for case_id in ("C-1", "C-2"):
        await w.deliver(assigned(), case_id=case_id)
        await w.deliver(resolved(), case_id=case_id)
    completed = events.CallbackCompleted(
        round=1,
        satisfaction=Satisfaction.SATISFIED,
        solved=True,
        agent="a",
        completed_at=later(hours=5),
    )
    failed = events.CallbackFailed(
        round=1,
        attempts=3,
        last_outcome="no_answer",
        policy_outcome="closed",
        agent="a",
        failed_at=later(hours=6),
    )
    await w.deliver(completed, case_id="C-1")
    await w.deliver(failed, case_id="C-2")
    assert w.timer("callback", "C-1").stopped_at == later(hours=5)
    assert w.timer("callback", "C-2").stopped_at == later(hours=6)
    assert {w.timer("callback", c).state for c in ("C-1", "C-2")} == {"stopped"}


async def test_a_reopened_case_cancels_the_earlier_round_and_starts_the_next() -> None:
    w = await world()
    await w.deliver(assigned(kind=RequestKind.HELP))
    await w.deliver(resolved())
    reopened = events.CaseReopened(
        lead_department=WATER, round=2, reason="不满意", actor="s", reopened_at=later(days=1)
    )
    assert await w.deliver(reopened) == []
    assert w.timer("callback").state == "cancelled"
    second = [t for t in w.timers() if t.round == 2]
    assert {(t.stage, t.department, t.kind) for t in second} == {
        ("sign", WATER, "help"),
        ("first_response", WATER, "help"),
        ("resolution", WATER, "help"),
    }


async def test_a_transferred_case_reopened_starts_the_units_limits_again() -> None:
    w = await world()
    await w.deliver(assigned())
    await w.deliver(transferred())
    reopened = events.CaseReopened(
        lead_department=UNIT, round=2, reason="未答复", actor="s", reopened_at=later(days=1)
    )
    await w.deliver(reopened)
    second = {(t.stage, t.department) for t in w.timers() if t.round == 2}
    assert second == {("transfer_acknowledge", UNIT), ("transfer_answer", UNIT)}


async def test_closing_merging_or_rejecting_cancels_every_open_timer() -> None:
    w = await world()
    closed = events.CaseClosed(reason="办结", actor="s", closed_at=later(hours=4))
    merged = events.CaseMerged(
        original_case_id="C-0", similarity=0.93, actor="s", merged_at=later(hours=4)
    )
    rejected = events.CaseRejected(reason="不属于受理范围", actor="s")  # no time: the envelope's
    for case_id, event in (("C-1", closed), ("C-2", merged), ("C-3", rejected)):
        await w.deliver(assigned(), case_id=case_id)
        await w.deliver(event, case_id=case_id)
        assert {t.state for t in w.timers(case_id)} == {"cancelled"}
        assert all(w.unfired_alarms(t.id) == [] for t in w.timers(case_id))
    assert w.timer("sign", "C-1").stopped_at == later(hours=4)
    assert w.timer("sign", "C-3").stopped_at is not None
    assert w.db.published == []


async def test_a_transfer_cancels_the_handling_stages_and_starts_the_units_two_limits() -> None:
    w = await world()
    await w.deliver(assigned())
    assert await w.deliver(transferred()) == []
    assert w.states() == {
        ("sign", 1): "cancelled",
        ("first_response", 1): "cancelled",
        ("resolution", 1): "cancelled",
        ("transfer_acknowledge", 1): "running",
        ("transfer_answer", 1): "running",
    }
    answer = w.timer("transfer_answer")
    assert (answer.department, answer.kind, answer.category) == (UNIT, "help", "power.outage")
    await w.deliver(transferred(transfer=2))  # handed on again: the earlier unit's end
    assert w.states()[("transfer_answer", 1)] == "cancelled"
    assert w.states()[("transfer_answer", 2)] == "running"


async def test_the_units_acknowledgement_and_answer_stop_its_limits_and_start_callback() -> None:
    w = await world()
    await w.deliver(transferred())
    acknowledged = events.TransferAcknowledged(unit=UNIT, actor="u", acknowledged_at=later(hours=2))
    await w.deliver(acknowledged)
    assert w.timer("transfer_acknowledge").state == "stopped"
    assert w.timer("transfer_answer").state == "running"
    answered = events.TransferAnswered(
        unit=UNIT,
        result=ResolutionResult.SOLVED,
        summary="已恢复供电",
        actor="u",
        answered_at=later(days=1),
    )
    await w.deliver(answered)
    assert w.timer("transfer_answer").state == "stopped"
    assert w.timer("callback").kind == "help"
    assert w.db.event_types() == ["DeadlineSet"]


async def test_a_requested_date_is_kept_the_latest_winning_and_none_records_nothing() -> None:
    w = await world()
    await w.deliver(accepted(None))
    assert w.db.store.tables.requested == {}
    await w.deliver(accepted(date(2026, 3, 6)))
    await w.deliver(accepted(date(2026, 3, 4)))  # accepted again after a send back
    assert w.db.store.tables.requested == {CASE: date(2026, 3, 4)}
    assert await w.db.store.requested.of_cases([CASE, "C-other"]) == {CASE: date(2026, 3, 4)}
    assert w.db.published == []
