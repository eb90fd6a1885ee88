"""The year boundary on a running deadline: a limit that reaches a year whose official schedule
nobody has loaded is parked (shown, counted, alerted on), never dead-lettered and never left
at an earlier time; loading the year computes it and its alarms.

This module's deadline has its own database and knows what the bundled calendar knows
(2004-2026) plus 2002, loaded weekdays only. So 2027 is unknown, as it is in production
until the district loads it, and so is 2003: a case in December 2002 reaches it with every
alarm long due by the wall clock, which shows what would ring.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Sequence
from datetime import datetime
from typing import Any

import asyncpg
import httpx
import pytest
import pytest_asyncio

from common.envelope import Envelope
from common.events import (
    CaseAssigned,
    CaseResolved,
    CaseResumed,
    CaseSigned,
    CaseSuspended,
    ExtensionGranted,
    SubmitterContacted,
)
from common.topics import DEADLINE_TIMER_EVENTS, qualified
from common.vocabulary import RequestKind, ResolutionResult
from deadline.domain.calendar import CHINA
from tests.support.deadline import (
    ADMIN,
    ALARMS,
    DISPATCHER,
    DeadlineProcess,
    alarm_key,
    case_timers,
    dispatch,
    new_case,
    settled,
)
from tests.support.infra import TestRun
from tests.support.kafka import eventually, read_until


@pytest_asyncio.fixture(scope="module")
async def deadline(
    test_run: TestRun, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[DeadlineProcess]:
    replica = DeadlineProcess(
        test_run, tmp_path_factory.mktemp("deadline_logs"), CALENDAR_REFRESH_SECONDS="1"
    )
    replica.start()
    try:
        await replica.ready()
        async with httpx.AsyncClient(headers=ADMIN, timeout=10) as client:
            loaded = await client.put(
                f"{replica.url}/api/v1/calendar/2002", json={"source": "test: weekdays only"}
            )
            assert loaded.status_code == 200, loaded.text
        yield replica
    finally:
        replica.stop()


@pytest_asyncio.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=10) as client:
        yield client


def shanghai(year: int, month: int, day: int, hh: int, mm: int = 0) -> datetime:
    return datetime(year, month, day, hh, mm, tzinfo=CHINA)


def assigned(when: datetime) -> CaseAssigned:
    return CaseAssigned(
        category="pipe-burst",
        kind=RequestKind.COMPLAINT,
        lead_department="water",
        actor="dispatcher:d1",
        assigned_at=when,
    )


def signed_and_contacted(when: datetime) -> list[Any]:
    """Sign and first response stopped, so only the resolution timer runs on."""
    return [
        CaseSigned(department="water", actor="handler:h1", signed_at=when),
        SubmitterContacted(department="water", note="电话", actor="handler:h1", contacted_at=when),
    ]


async def load_year(http: httpx.AsyncClient, deadline: DeadlineProcess, year: int) -> int:
    body = {"source": f"test: {year}", "holidays": {f"{year}-01-01": "元旦"}}
    loaded = await http.put(f"{deadline.url}/api/v1/calendar/{year}", json=body, headers=ADMIN)
    assert loaded.status_code == 200, loaded.text
    recomputed: int = loaded.json()["timers_recomputed"]
    return recomputed


async def timer_events(
    run: TestRun, case_ids: set[str], done: Any, timeout: float = 30
) -> list[Envelope]:
    """The deadline events of these cases, read until done(events) (or the timeout)."""
    topic = qualified(DEADLINE_TIMER_EVENTS, run.topic_prefix)

    def mine(records: Sequence[Any]) -> list[Envelope]:
        found = [Envelope.from_bytes(r.value) for r in records]
        return [e for e in found if e.case_id in case_ids]

    records = await read_until(
        run.servers.kafka_bootstrap, topic, lambda rs: done(mine(rs)), timeout=timeout
    )
    return mine(records)


async def parked_gauge(http: httpx.AsyncClient, deadline: DeadlineProcess, year: int) -> float:
    text = (await http.get(f"{deadline.url}/metrics")).text
    found = re.search(rf'^civicloop_deadline_parked_timers{{year="{year}"}} (\S+)$', text, re.M)
    return float(found.group(1)) if found else 0.0


async def _at_least(
    http: httpx.AsyncClient, deadline: DeadlineProcess, year: int, count: int, exactly: bool = False
) -> bool:
    value = await parked_gauge(http, deadline, year)
    return value == count if exactly else value >= count


def by_stage(found: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {t["stage"]: t for t in found}


async def test_a_case_assigned_on_28_december_gets_its_timers_and_a_parked_limit(
    deadline: DeadlineProcess, test_run: TestRun, http: httpx.AsyncClient
) -> None:
    unknown = await http.get(f"{deadline.url}/api/v1/calendar/2027", headers=ADMIN)
    assert unknown.status_code == 404, "the bundled calendar knows 2027: move these dates on"
    case_id, resolved_id = new_case(), new_case()
    # Monday 28 December 2026, 9:00: sign 2 working hours, first response 1 day, resolution 5
    await dispatch(test_run, case_id, assigned(shanghai(2026, 12, 28, 9)))
    await dispatch(
        test_run,
        resolved_id,
        assigned(shanghai(2026, 12, 21, 9)),
        CaseResolved(
            department="water", result=ResolutionResult.SOLVED, summary="已修复",
            actor="handler:h1", resolved_at=shanghai(2026, 12, 31, 16),
        ),
    )  # fmt: skip
    # (by the wall clock these 2026 times may have passed: states are read as not parked)
    timers = await case_timers(http, deadline, case_id, 3)
    sign, first, resolution = timers["sign"], timers["first_response"], timers["resolution"]
    assert sign["due_at"] == "2026-12-28T03:00:00Z" and sign["state"] != "parked"
    assert first["due_at"] == "2026-12-28T09:30:00Z" and first["state"] != "parked"
    assert resolution["state"] == "parked" and resolution["due_at"] is None
    assert resolution["parked_year"] == 2027 and "2027年" in resolution["parked_reason"]
    assert {a["status"] for a in resolution["alarms"]} == {"parked"}
    # the sign timer's own alarms are placed in 2026; its last rung waits for 2027
    sign_alarms = {a["name"]: a for a in sign["alarms"]}
    assert sign_alarms["exceeded"]["due_at"] == "2026-12-28T03:00:00Z"
    assert sign_alarms["accountability"]["status"] == "parked" and sign["parked_year"] == 2027

    parked = await http.get(
        f"{deadline.url}/api/v1/departments/water/timers",
        params={"state": "parked"},
        headers=DISPATCHER,
    )
    assert parked.status_code == 200
    listed = {t["timer_id"] for t in parked.json()["timers"]}
    assert {sign["timer_id"], first["timer_id"], resolution["timer_id"]} <= listed
    assert await eventually(lambda: _at_least(http, deadline, 2027, 4))

    await load_year(http, deadline, 2027)
    after = (await case_timers(http, deadline, case_id, 3))["resolution"]
    # Monday to Thursday, 1 January off, then Monday 4 January: 17:30
    assert after["due_at"] == "2027-01-04T09:30:00Z" and after["state"] != "parked"
    assert after["parked_year"] is None and after["parked_reason"] is None
    alarms = {a["name"]: a for a in after["alarms"]}
    assert list(alarms) == list(ALARMS) and all(a["due_at"] for a in alarms.values())
    assert alarms["exceeded"]["due_at"] == "2027-01-04T09:30:00Z"
    assert alarms["supervision_order"]["respond_by"] == alarms["accountability"]["due_at"]
    assert await eventually(lambda: _at_least(http, deadline, 2027, 0, exactly=True))

    # the callback timer started on 31 December was parked too; callback hears its due time
    sets = await timer_events(
        test_run,
        {resolved_id},
        lambda es: len([e for e in es if e.event_type == "DeadlineSet"]) >= 2,
    )
    dues = [e.payload["due_at"] for e in sets if e.event_type == "DeadlineSet"]
    # from 16:00: 90 minutes on 31 December, 4 January, then 5 January until 16:00
    assert dues[0] is None and datetime.fromisoformat(dues[1]) == shanghai(2027, 1, 5, 16)
    assert len(dues) == 2


async def test_an_extension_or_resumption_into_an_unloaded_year_parks_and_rings_nothing_false(
    deadline: DeadlineProcess, test_run: TestRun, http: httpx.AsyncClient
) -> None:
    """Events taken by a replica without the scheduler; the scheduler starts only once the
    timers are parked, when their earlier due times (December 2002) are long past."""
    extended, resumed, marker = new_case(), new_case(), new_case()
    deadline.stop()
    deadline.start(SCHEDULER_ENABLED="false")
    await deadline.ready()
    monday = shanghai(2002, 12, 23, 9)
    await dispatch(
        test_run,
        extended,
        assigned(monday),  # resolution due Friday 27 December 17:30
        *signed_and_contacted(shanghai(2002, 12, 23, 9, 30)),
        ExtensionGranted(
            department="water", working_days=10, total_extension_days=10,
            actor="dispatcher:d1", decided_at=shanghai(2002, 12, 24, 10),
        ),
    )  # fmt: skip
    await dispatch(
        test_run,
        resumed,
        assigned(monday),
        *signed_and_contacted(shanghai(2002, 12, 23, 9, 30)),
        CaseSuspended(
            department="water", reason="等待补充材料", actor="handler:h1",
            suspended_at=shanghai(2002, 12, 23, 10),
        ),
        CaseResumed(department="water", actor="handler:h1", resumed_at=shanghai(2002, 12, 30, 9)),
    )  # fmt: skip
    await dispatch(test_run, marker, assigned(shanghai(2002, 12, 2, 9)))  # rings in 2002 only
    for case_id in (extended, resumed):
        found = await settled(
            http,
            deadline,
            case_id,
            lambda ts: by_stage(ts).get("resolution", {}).get("state") == "parked",
        )
        resolution = by_stage(found)["resolution"]
        assert resolution["due_at"] is None and resolution["parked_year"] == 2003
        assert {a["status"] for a in resolution["alarms"]} == {"parked"}

    deadline.stop()
    deadline.start()  # the scheduler runs again
    await deadline.ready()
    rung = await timer_events(test_run, {marker}, lambda es: len(es) >= 18)
    assert len(rung) == 18  # the scheduler has rung what was due
    for case_id in (extended, resumed):
        resolution = (await case_timers(http, deadline, case_id, 3))["resolution"]
        assert {a["fired_at"] for a in resolution["alarms"]} == {None}
    assert await timer_events(test_run, {extended, resumed}, lambda es: False, timeout=3) == []

    assert await load_year(http, deadline, 2003) >= 2
    events = await timer_events(test_run, {extended, resumed}, lambda es: len(es) >= 12)
    assert sorted(alarm_key(e)[1] for e in events) == sorted(list(ALARMS) * 2)
    exceeded = {
        e.case_id: e.payload["due_at"] for e in events if e.event_type == "DeadlineExceeded"
    }
    # 15 working days from 23 December: seven in 2002, 1 January off, then to 13 January
    assert exceeded[extended] == "2003-01-13T09:30:00Z"
    # 60 minutes used before the suspension; the other 2,040 from Monday 30 December 9:00
    assert exceeded[resumed] == "2003-01-06T08:30:00Z"
    order = next(
        e.payload
        for e in events
        if e.case_id == extended and e.payload.get("step") == "supervision_order"
    )
    assert order["respond_by"] == "2003-01-20T09:30:00Z"  # the accountability rung: +5 days


async def test_a_year_another_replica_loaded_places_what_this_one_parked(
    deadline: DeadlineProcess, test_run: TestRun, http: httpx.AsyncClient
) -> None:
    """A replica parks a limit for a year another replica has just loaded, before it picked
    that year up: once it has, it places the timer itself."""
    await load_year(http, deadline, 2098)
    case_id = new_case()
    await dispatch(test_run, case_id, assigned(shanghai(2098, 12, 29, 9)))  # a Monday
    parked = (await case_timers(http, deadline, case_id, 3))["resolution"]
    assert parked["state"] == "parked" and parked["parked_year"] == 2099

    # 2099 stored as another replica stores it, without this replica recomputing anything
    connection = await asyncpg.connect(test_run.plain_database_url)
    try:
        await connection.execute(
            "INSERT INTO deadline.calendar_years (year, source, loaded_by)"
            " VALUES (2099, 'test: weekdays only', 'admin:elsewhere')"
        )
    finally:
        await connection.close()
    placed = await settled(
        http,
        deadline,
        case_id,
        lambda ts: by_stage(ts)["resolution"]["state"] != "parked",
    )
    # 29, 30 and 31 December, then Thursday 1 and Friday 2 January 2099: 17:30
    assert by_stage(placed)["resolution"]["due_at"] == "2099-01-02T09:30:00Z"
