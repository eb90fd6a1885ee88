"""Deadline as a running process on real Kafka and PostgreSQL, fed with lifecycle events on
its input topics and read back from its output topic.

Time control: the clocks follow the times the events carry (assigned_at, suspended_at...),
and the scheduler rings whatever is due by the wall clock. Cases dated in March 2025 are
long past, so all their alarms are due at once; cases dated March 2098 (a year the test
loads, weekdays only) ring nothing during the test, so their arithmetic can be read through
the API. 2025-03-03 and 2098-03-03 are both Mondays; a working day is 420 minutes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from datetime import datetime

import httpx
import pytest
import pytest_asyncio

from common.events import (
    CallbackCompleted,
    CaseClosed,
    CaseQueuedForDispatcher,
    CaseReopened,
    CaseResolved,
    CaseResumed,
    CaseSentBackToScreening,
    CaseSigned,
    CaseSuspended,
    ExtensionGranted,
    SubmitterContacted,
)
from common.topics import (
    CALLBACK_EVENTS,
)
from common.vocabulary import RequestKind, ResolutionResult, Role, Satisfaction
from tests.support.deadline import (
    ADMIN,
    ALARMS,
    DAY,
    DISPATCHER,
    DeadlineProcess,
    _all,
    alarm_key,
    assigned,
    at,
    case_timers,
    deadline_events,
    dispatch,
    new_case,
    publish,
    settled,
)
from tests.support.infra import TestRun
from tests.support.staff import headers_for


@pytest_asyncio.fixture(scope="module")
async def deadline(
    test_run: TestRun, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[DeadlineProcess]:
    replica = DeadlineProcess(test_run, tmp_path_factory.mktemp("deadline_logs"))
    replica.start()
    try:
        await replica.ready()
        async with httpx.AsyncClient(headers=ADMIN, timeout=10) as client:
            loaded = await client.put(
                f"{replica.url}/api/v1/calendar/2098",
                json={"source": "test: weekdays only", "holidays": {"2098-03-17": "区内停工"}},
            )
            assert loaded.status_code == 200, loaded.text
        yield replica
    finally:
        replica.stop()


@pytest_asyncio.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=10) as client:
        yield client


# --- the clock follows the lifecycle ------------------------------------------------------


async def test_assignment_starts_three_timers_on_the_policy(
    deadline: DeadlineProcess, test_run: TestRun, http: httpx.AsyncClient
) -> None:
    case_id = new_case()
    await dispatch(test_run, case_id, assigned(at(2098, 3, 9)))
    timers = await case_timers(http, deadline, case_id, 3)
    assert set(timers) == {"sign", "first_response", "resolution"}
    sign, first, resolution = timers["sign"], timers["first_response"], timers["resolution"]
    assert sign["due_at"] == "2098-03-03T03:00:00Z"  # 11:00 in Shanghai
    assert first["due_at"] == "2098-03-03T09:30:00Z"  # one working day: 17:30
    assert resolution["due_at"] == "2098-03-07T09:30:00Z"  # five: Friday 17:30
    assert resolution["policy"] == "resolution" and resolution["policy_version"] == 1
    assert resolution["working_days_left"] == 5 and resolution["working_minutes_left"] == 5 * DAY
    assert [(a["name"], a["status"]) for a in resolution["alarms"]] == [
        (name, "pending") for name in ALARMS
    ]
    assert all(t["department"] == "water" and t["state"] == "running" for t in timers.values())


async def test_suspension_pauses_and_resumption_moves_the_due_time(
    deadline: DeadlineProcess, test_run: TestRun, http: httpx.AsyncClient
) -> None:
    case_id = new_case()
    await dispatch(
        test_run,
        case_id,
        assigned(at(2098, 3, 9)),
        CaseSigned(department="water", actor="handler:h1", signed_at=at(2098, 3, 10)),
        CaseSuspended(
            department="water", reason="等待群众补充材料", actor="handler:h1",
            suspended_at=at(2098, 4, 9),
        ),
    )  # fmt: skip
    paused = await settled(
        http, deadline, case_id, lambda ts: any(t["state"] == "paused" for t in ts)
    )
    resolution = next(t for t in paused if t["stage"] == "resolution")
    assert resolution["paused"] and resolution["due_at"] is None
    assert resolution["working_minutes_left"] == 4 * DAY  # Monday consumed, the rest kept
    assert {a["status"] for a in resolution["alarms"]} == {"held"}
    assert next(t for t in paused if t["stage"] == "sign")["state"] == "stopped"

    await dispatch(
        test_run,
        case_id,
        CaseResumed(department="water", actor="handler:h1", resumed_at=at(2098, 6, 9)),
    )
    resumed = await settled(
        http, deadline, case_id, lambda ts: all(t["state"] != "paused" for t in ts)
    )
    resolution = next(t for t in resumed if t["stage"] == "resolution")
    # four working days from Thursday 9:00: Thu, Fri, Mon, Tue 17:30
    assert resolution["due_at"] == "2098-03-11T09:30:00Z"
    alarms = {a["name"]: a for a in resolution["alarms"]}
    assert alarms["warning-0.5"]["due_at"] == "2098-03-07T06:00:00Z"  # Friday 14:00
    assert alarms["urge"]["due_at"] == "2098-03-12T09:30:00Z"
    # the first-response day was used up on Monday: its limit is due again at once
    first = next(t for t in resumed if t["stage"] == "first_response")
    assert first["due_at"] == "2098-03-06T01:00:00Z" and first["working_minutes_left"] <= 0


async def test_an_extension_moves_the_limit_and_the_ladder(
    deadline: DeadlineProcess, test_run: TestRun, http: httpx.AsyncClient
) -> None:
    case_id = new_case()
    await dispatch(test_run, case_id, assigned(at(2098, 3, 9)))
    await case_timers(http, deadline, case_id, 3)
    await dispatch(
        test_run,
        case_id,
        ExtensionGranted(
            department="water", working_days=3, total_extension_days=3,
            actor="dispatcher:d1", decided_at=at(2098, 5, 10),
        ),
    )  # fmt: skip
    extended = await settled(
        http,
        deadline,
        case_id,
        lambda ts: any(t["extension_working_minutes"] for t in ts),
    )
    resolution = next(t for t in extended if t["stage"] == "resolution")
    assert resolution["extension_working_minutes"] == 3 * DAY
    assert resolution["due_at"] == "2098-03-12T09:30:00Z"  # Friday + 3: Wednesday 17:30
    alarms = {a["name"]: a for a in resolution["alarms"]}
    assert alarms["warning-0.5"]["due_at"] == "2098-03-06T09:30:00Z"  # 4 of 8 days
    # a year's holiday counts too: 17 March is declared off in the test's 2098
    assert alarms["accountability"]["due_at"] == "2098-03-20T09:30:00Z"
    first = next(t for t in extended if t["stage"] == "first_response")
    assert first["extension_working_minutes"] == 0  # only the resolution limit moves


async def test_resolution_starts_the_callback_and_reopening_starts_a_new_round(
    deadline: DeadlineProcess, test_run: TestRun, http: httpx.AsyncClient
) -> None:
    case_id = new_case()
    await dispatch(
        test_run,
        case_id,
        assigned(at(2098, 3, 9)),
        SubmitterContacted(
            department="water", note="电话联系", actor="handler:h1", contacted_at=at(2098, 3, 10)
        ),
        CaseSigned(department="water", actor="handler:h1", signed_at=at(2098, 3, 10)),
        CaseResolved(
            department="water", result=ResolutionResult.SOLVED, summary="已修复",
            actor="handler:h1", resolved_at=at(2098, 4, 10),
        ),
    )  # fmt: skip
    after_resolution = await settled(
        http, deadline, case_id, lambda ts: any(t["stage"] == "callback" for t in ts)
    )
    states = {t["stage"]: t["state"] for t in after_resolution}
    assert states == {
        "sign": "stopped",
        "first_response": "stopped",
        "resolution": "stopped",
        "callback": "running",
    }
    callback = next(t for t in after_resolution if t["stage"] == "callback")
    assert callback["due_at"] == "2098-03-06T02:00:00Z"  # two working days: Thursday 10:00
    assert callback["kind"] == "complaint" and callback["category"] == "pipe-burst"
    stopped = next(t for t in after_resolution if t["stage"] == "resolution")
    assert stopped["alarms"] == []  # nothing left to ring

    await publish(
        test_run,
        CALLBACK_EVENTS,
        case_id,
        CallbackCompleted(
            round=1, satisfaction=Satisfaction.DISSATISFIED, solved=False, agent="callback:a1",
            completed_at=at(2098, 5, 10),
        ),
    )  # fmt: skip
    await dispatch(
        test_run,
        case_id,
        CaseReopened(
            lead_department="water", round=2, reason="群众不满意", actor="system",
            reopened_at=at(2098, 5, 11),
        ),
    )  # fmt: skip
    reopened = await settled(
        http, deadline, case_id, lambda ts: sum(t["round"] == 2 for t in ts) == 3
    )
    round2 = {t["stage"]: t for t in reopened if t["round"] == 2}
    assert {s: t["state"] for s, t in round2.items()} == {
        "sign": "running",
        "first_response": "running",
        "resolution": "running",
    }
    assert round2["resolution"]["started_at"] == "2098-03-05T03:00:00Z"
    assert round2["resolution"]["due_at"] == "2098-03-12T03:00:00Z"  # Wednesday 11:00 + 5
    assert next(t for t in reopened if t["stage"] == "callback")["state"] == "stopped"

    await dispatch(
        test_run,
        case_id,
        CaseClosed(reason="办结归档", actor="dispatcher:d1", closed_at=at(2098, 6, 10)),
    )
    closed = await settled(
        http,
        deadline,
        case_id,
        lambda ts: all(t["state"] in ("stopped", "cancelled") for t in ts),
    )
    assert {t["state"] for t in closed if t["round"] == 2} == {"cancelled"}
    assert all(t["alarms"] == [] for t in closed)  # nothing left to ring, nothing rang


async def test_a_reroute_restarts_the_sign_timer_and_keeps_the_citizens_clock(
    deadline: DeadlineProcess, test_run: TestRun, http: httpx.AsyncClient
) -> None:
    case_id = new_case()
    await dispatch(test_run, case_id, assigned(at(2098, 3, 9), lead="water"))
    before = await case_timers(http, deadline, case_id, 3)
    await dispatch(test_run, case_id, assigned(at(2098, 3, 14), lead="housing"))
    after = await settled(http, deadline, case_id, lambda ts: len(ts) == 4)
    signs = sorted((t for t in after if t["stage"] == "sign"), key=lambda t: t["attempt"])
    assert [(s["department"], s["state"]) for s in signs] == [
        ("water", "cancelled"),
        ("housing", "running"),
    ]
    assert signs[1]["due_at"] == "2098-03-03T08:00:00Z"  # 14:00 + 2 h: 16:00
    resolution = next(t for t in after if t["stage"] == "resolution")
    assert resolution["department"] == "housing"
    assert resolution["started_at"] == before["resolution"]["started_at"]
    assert resolution["due_at"] == before["resolution"]["due_at"]  # the clock did not stop
    # the same lead announced again changes nothing. A signature sent after it is the barrier:
    # the case's events share a partition, so once the sign timer stops the repeat was handled.
    await dispatch(
        test_run,
        case_id,
        assigned(at(2098, 3, 15), lead="housing"),
        CaseSigned(department="housing", actor="handler:h2", signed_at=at(2098, 3, 15, 30)),
    )
    again = await settled(
        http,
        deadline,
        case_id,
        lambda ts: any(t["stage"] == "sign" and t["state"] == "stopped" for t in ts),
    )
    assert len(again) == 4


# --- alarms ring exactly once ---------------------------------------------------------------


async def scheduler_caught_up(test_run: TestRun) -> None:
    """The signal that the (re)started scheduler has rung all that it would: a fresh case
    assigned after the watched ones, whose 18 alarms are long due. Alarms are claimed in due
    order, so once its last one is out every alarm due before it has been claimed, and the
    relay has published what was waiting from before a restart."""
    signal = new_case()
    await dispatch(test_run, signal, assigned(at(2025, 4, 9), lead="signal-unit"))
    await deadline_events(test_run, {signal}, 18)


async def test_warnings_the_limit_and_the_ladder_ring_exactly_once(
    deadline: DeadlineProcess, test_run: TestRun, http: httpx.AsyncClient
) -> None:
    """Assigned in March 2025: every alarm of its three timers is long due."""
    case_id = new_case()
    await dispatch(test_run, case_id, assigned(at(2025, 3, 9), lead="gas"))
    events = await deadline_events(test_run, {case_id}, 18)
    timers = await case_timers(http, deadline, case_id, 3)
    by_id = {t["timer_id"]: t for t in timers.values()}
    keys = Counter(alarm_key(e) for e in events)
    assert keys == Counter({(t, name): 1 for t in by_id for name in ALARMS})
    assert len({e.event_id for e in events}) == 18
    escalations = [e.payload for e in events if e.event_type == "DeadlineEscalated"]
    assert sorted((p["step"], p["working_days_overdue"]) for p in escalations) == sorted(
        [("urge", 1), ("supervision_order", 3), ("accountability", 5)] * 3
    )
    exceeded = next(
        e.payload
        for e in events
        if e.event_type == "DeadlineExceeded" and e.payload["stage"] == "resolution"
    )
    assert exceeded["due_at"] == "2025-03-07T09:30:00Z" and exceeded["policy_version"] == 1
    # each timer's alarms in the order they fell due
    for timer_id in by_id:
        mine = [alarm_key(e)[1] for e in events if e.payload["timer_id"] == timer_id]
        assert mine == list(ALARMS)
    assert all(
        a["status"] == "fired" and a["fired_at"] for t in timers.values() for a in t["alarms"]
    )
    overdue = (
        await http.get(
            f"{deadline.url}/api/v1/departments/gas/timers",
            params={"state": "overdue"},
            headers=DISPATCHER,
        )
    ).json()["timers"]
    assert [t["stage"] for t in overdue] == ["sign", "first_response", "resolution"]  # by due

    # a restart rings nothing again
    deadline.kill()
    deadline.start()
    await deadline.ready()
    await scheduler_caught_up(test_run)
    assert len(await _all(test_run, {case_id})) == 18


async def test_a_paused_timer_rings_nothing_until_it_resumes(
    deadline: DeadlineProcess, test_run: TestRun, http: httpx.AsyncClient
) -> None:
    """A replica without the scheduler takes the events; the one with it is started only
    once the timers are paused, though their alarms are long due by the wall clock."""
    case_id = new_case()
    deadline.stop()
    deadline.start(SCHEDULER_ENABLED="false")
    await deadline.ready()
    await dispatch(
        test_run,
        case_id,
        assigned(at(2025, 3, 9), lead="parks"),
        CaseSuspended(
            department="parks", reason="等待补充材料", actor="handler:h2",
            suspended_at=at(2025, 3, 9, 30),
        ),
    )  # fmt: skip
    await settled(http, deadline, case_id, lambda ts: all(t["paused"] for t in ts))
    deadline.stop()
    deadline.start()  # the scheduler runs again
    await deadline.ready()
    await scheduler_caught_up(test_run)
    assert await _all(test_run, {case_id}) == []

    await dispatch(
        test_run,
        case_id,
        CaseResumed(department="parks", actor="handler:h2", resumed_at=at(2025, 4, 9)),
    )
    events = await deadline_events(test_run, {case_id}, 18)
    assert len(events) == 18 and len({e.event_id for e in events}) == 18


# --- the policy table and access ------------------------------------------------------------


async def test_a_policy_edit_is_a_new_version_and_running_timers_keep_theirs(
    deadline: DeadlineProcess, test_run: TestRun, http: httpx.AsyncClient
) -> None:
    url = f"{deadline.url}/api/v1/policies"
    old_case = new_case()
    await dispatch(test_run, old_case, assigned(at(2098, 3, 9), category="quick-fix"))
    old = await case_timers(http, deadline, old_case, 3)

    rule = {"stage": "resolution", "category": "quick-fix", "working_hours": 3}
    refused = await http.put(f"{url}/rules", json=rule, headers=DISPATCHER)
    assert refused.status_code == 403
    edited = await http.put(f"{url}/rules", json=rule, headers=ADMIN)
    assert edited.status_code == 200, edited.text
    version = edited.json()["version"]
    assert version == old["resolution"]["policy_version"] + 1

    new_case_id = new_case()
    await dispatch(test_run, new_case_id, assigned(at(2098, 3, 9), category="quick-fix"))
    new = await case_timers(http, deadline, new_case_id, 3)
    assert new["resolution"]["policy"] == "resolution/category=quick-fix"
    assert (new["resolution"]["policy_version"], new["resolution"]["limit_working_minutes"]) == (
        version,
        180,
    )
    assert new["resolution"]["due_at"] == "2098-03-03T04:00:00Z"  # 9:00 + 3 h: noon
    again = await case_timers(http, deadline, old_case, 3)
    assert again["resolution"]["limit_working_minutes"] == 5 * DAY  # unchanged

    listing = (await http.get(url, headers=DISPATCHER)).json()
    assert listing["current"]["version"] == version
    assert [v["version"] for v in listing["versions"]][:2] == [version, version - 1]
    first = (await http.get(f"{url}/1", headers=DISPATCHER)).json()
    assert rule not in first["rules"] and rule in listing["current"]["rules"]
    assert first["source"].startswith("file:") and first["escalation"]["urge"] == 1

    bad = await http.put(
        url, json={"rules": [{"stage": "sign", "working_hours": 2}]}, headers=ADMIN
    )
    assert bad.status_code == 422 and bad.json()["error"] == "invalid_policy"
    both = await http.put(
        f"{url}/rules", json={"stage": "sign", "working_hours": 1, "working_days": 1}, headers=ADMIN
    )
    assert both.status_code == 422
    assert (await http.get(f"{url}/999", headers=ADMIN)).status_code == 404


@pytest.mark.parametrize(
    ("role", "department", "status"),
    [
        (None, None, 401),
        (Role.HANDLER, "roads", 200),
        (Role.HANDLER, "water", 404),
        (Role.DISPATCHER, None, 200),
        (Role.SUPERVISOR, None, 200),
        (Role.ADMIN, None, 200),
        (Role.CALLBACK_AGENT, None, 403),
        (Role.CLERK, None, 403),
    ],
)
async def test_who_sees_a_case_s_timers_and_a_department_s_list(
    deadline: DeadlineProcess,
    test_run: TestRun,
    http: httpx.AsyncClient,
    role: Role | None,
    department: str | None,
    status: int,
) -> None:
    case_id = new_case()
    await dispatch(test_run, case_id, assigned(at(2098, 3, 9), lead="roads"))
    await case_timers(http, deadline, case_id, 3)
    headers = headers_for(role, department) if role else {}
    seen = await http.get(f"{deadline.url}/api/v1/cases/{case_id}/timers", headers=headers)
    assert seen.status_code == status, seen.text
    listed = await http.get(
        f"{deadline.url}/api/v1/departments/roads/timers",
        params={"state": "upcoming"},
        headers=headers,
    )
    assert listed.status_code == status
    if status == 200:
        dues = [t["due_at"] for t in listed.json()["timers"]]
        assert dues == sorted(dues) and len(dues) >= 3


# --- the dispatch queue's own limit -------------------------------------------------------


def queued(when: datetime) -> CaseQueuedForDispatcher:
    return CaseQueuedForDispatcher(
        category="other",
        reason="无交办规则",
        kind=RequestKind.COMPLAINT,
        queued_at=when,
    )


async def test_a_queued_case_warns_and_exceeds_its_dispatch_limit_without_a_ladder(
    deadline: DeadlineProcess, test_run: TestRun, http: httpx.AsyncClient
) -> None:
    """Queued in March 2025 and never dispatched: both warnings and the limit ring, once."""
    case_id = new_case()
    await dispatch(test_run, case_id, queued(at(2025, 3, 9)))
    events = await deadline_events(test_run, {case_id}, 3)
    assert [alarm_key(e)[1] for e in events] == ["warning-0.5", "warning-0.75", "exceeded"]
    exceeded = events[-1].payload
    assert (exceeded["stage"], exceeded["department"]) == ("dispatch", "service-centre")
    assert exceeded["due_at"] == "2025-03-03T03:00:00Z"  # two working hours: 11:00
    timers = await case_timers(http, deadline, case_id, 1)
    assert [a["status"] for a in timers["dispatch"]["alarms"]] == ["fired"] * 3


async def test_a_send_back_cancels_the_wait_and_the_next_wait_is_the_next_attempt(
    deadline: DeadlineProcess, test_run: TestRun, http: httpx.AsyncClient
) -> None:
    case_id = new_case()
    await dispatch(test_run, case_id, queued(at(2098, 3, 9)))
    first = (await case_timers(http, deadline, case_id, 1))["dispatch"]
    assert first["due_at"] == "2098-03-03T03:00:00Z" and first["state"] == "running"
    await dispatch(
        test_run,
        case_id,
        CaseSentBackToScreening(
            reason="请补充地址",
            sent_back_in_case=1,
            actor="dispatcher:d1",
            sent_back_at=at(2098, 3, 10),
        ),
        queued(at(2098, 4, 9)),
    )
    found = await settled(
        http, deadline, case_id, lambda ts: len(ts) == 2 and ts[-1]["state"] == "running"
    )
    assert [(t["stage"], t["attempt"], t["state"]) for t in found] == [
        ("dispatch", 1, "cancelled"),
        ("dispatch", 2, "running"),
    ]
    await dispatch(test_run, case_id, assigned(at(2098, 4, 10)))
    found = await settled(http, deadline, case_id, lambda ts: len(ts) == 5)
    states = {(t["stage"], t["attempt"]): t["state"] for t in found}
    assert states[("dispatch", 2)] == "stopped" and states[("sign", 1)] == "running"
