"""Loading a year's official schedule through deadline's API, without a restart, and the
open timers it moves."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import httpx
import pytest

from common.vocabulary import Role
from tests.support.kafka import eventually
from tests.support.loop import submit, timers, wait_state
from tests.support.stack import Stack
from tests.support.staff import headers_for

ADMIN = headers_for(Role.ADMIN)


def calendar_url(stack: Stack, year: int) -> str:
    return f"{stack.url('deadline')}/api/v1/calendar/{year}"


async def test_bundled_years_are_shown_and_unknown_years_are_an_error(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    bundled = (await http.get(calendar_url(stack, 2025), headers=ADMIN)).json()
    assert bundled["origin"] == "bundled"
    assert "2025-10-01" in bundled["holidays"] and "2025-10-11" in bundled["make_up_workdays"]
    unknown = await http.get(calendar_url(stack, 2098), headers=ADMIN)
    assert unknown.status_code == 404 and unknown.json()["error"] == "calendar_year_unknown"


async def test_an_administrator_loads_a_new_year(stack: Stack, http: httpx.AsyncClient) -> None:
    body = {
        "source": "测试：2099年部分节假日安排",
        "holidays": {"2099-01-01": "元旦", "2099-01-02": "元旦"},
        "make_up_workdays": {"2099-01-04": "元旦调休"},
    }
    loaded = await http.put(calendar_url(stack, 2099), json=body, headers=ADMIN)
    assert loaded.status_code == 200, loaded.text
    shown = (await http.get(calendar_url(stack, 2099), headers=ADMIN)).json()
    assert shown["origin"] == "loaded" and shown["source"] == body["source"]
    assert shown["holidays"] == ["2099-01-01", "2099-01-02"]
    assert shown["make_up_workdays"] == ["2099-01-04"]


async def test_the_known_years_list_loaded_and_bundled_years(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    url = f"{stack.url('deadline')}/api/v1/calendar"
    assert (await http.get(url)).status_code == 401
    before = (await http.get(url, headers=headers_for(Role.HANDLER))).json()["years"]
    assert 2093 not in [known["year"] for known in before]
    bundled = next(known for known in before if known["year"] == 2025)
    assert bundled["origin"] == "bundled" and bundled["loaded_at"] is None
    body = {"source": "测试：2093年部分节假日安排", "holidays": {"2093-01-01": "元旦"}}
    assert (await http.put(calendar_url(stack, 2093), json=body, headers=ADMIN)).status_code == 200
    after = (await http.get(url, headers=ADMIN)).json()["years"]
    loaded = next(known for known in after if known["year"] == 2093)
    assert loaded["origin"] == "loaded" and loaded["source"] == body["source"]
    assert loaded["loaded_at"] is not None
    assert [known["year"] for known in after] == sorted(known["year"] for known in after)


async def test_only_an_administrator_loads_a_year(stack: Stack, http: httpx.AsyncClient) -> None:
    body = {"source": "x", "holidays": {"2096-01-01": "元旦"}}
    anonymous = await http.put(calendar_url(stack, 2096), json=body)
    assert anonymous.status_code == 401
    for role in (Role.DISPATCHER, Role.SUPERVISOR, Role.HANDLER):
        refused = await http.put(calendar_url(stack, 2096), json=body, headers=headers_for(role))
        assert refused.status_code == 403 and refused.json()["error"] == "forbidden_role"
    assert (await http.get(calendar_url(stack, 2096), headers=ADMIN)).status_code == 404


async def test_an_inconsistent_year_is_refused(stack: Stack, http: httpx.AsyncClient) -> None:
    weekday_make_up = await http.put(
        calendar_url(stack, 2097),
        headers=ADMIN,
        json={"source": "x", "make_up_workdays": {"2097-01-07": "a Monday"}},
    )
    assert weekday_make_up.status_code == 422
    assert weekday_make_up.json()["error"] == "invalid_calendar"
    wrong_year = await http.put(
        calendar_url(stack, 2097),
        headers=ADMIN,
        json={"source": "x", "holidays": {"2096-12-31": "x"}},
    )
    assert wrong_year.status_code == 422
    assert (await http.get(calendar_url(stack, 2097), headers=ADMIN)).status_code == 404


async def test_loading_a_year_moves_the_open_timers_it_affects(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    receipt = await submit(http, stack)
    case_id = receipt["case_id"]
    await wait_state(http, stack, case_id, "assigned")
    before = _resolution(await eventually(lambda: timers(http, stack, case_id)))

    # The district declares the next (up to) three working days of this year days off.
    year = datetime.fromisoformat(before["started_at"]).year
    bundled = (await http.get(calendar_url(stack, year), headers=ADMIN)).json()
    extra = _next_workdays(date.fromisoformat(before["started_at"][:10]), bundled, 3)
    if not extra:
        pytest.skip("no working day left this year to declare off")
    holidays = {d: "节假日" for d in bundled["holidays"]} | {d: "区内停工" for d in extra}
    loaded = await http.put(
        calendar_url(stack, year),
        headers=ADMIN,
        json={
            "source": "test: three more days off",
            "holidays": holidays,
            "make_up_workdays": {d: "调休" for d in bundled["make_up_workdays"]},
        },
    )
    assert loaded.status_code == 200 and loaded.json()["timers_recomputed"] >= 1

    after = _resolution(await timers(http, stack, case_id))
    moved = datetime.fromisoformat(after["due_at"]) - datetime.fromisoformat(before["due_at"])
    assert moved >= timedelta(days=len(extra)), (before["due_at"], after["due_at"])


def _resolution(found: list[dict[str, Any]]) -> dict[str, Any]:
    return next(t for t in found if t["stage"] == "resolution")


def _next_workdays(start: date, bundled: dict[str, Any], count: int) -> list[str]:
    days, day = [], start
    while len(days) < count and (day + timedelta(days=1)).year == start.year:
        day += timedelta(days=1)
        iso = day.isoformat()
        off = iso in bundled["holidays"] or (
            day.weekday() >= 5 and iso not in bundled["make_up_workdays"]
        )
        if not off:
            days.append(iso)
    return days
