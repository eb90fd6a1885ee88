"""转办 on the running system: a dispatcher hands a case to an outside unit (the demo's water
company), the unit acknowledges and answers on limits of its own, the answer is called back
as a resolution is and a failed callback sends the case back to the unit; the public
timeline names the unit, and the figures keep the unit apart from the departments."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx

from common.events import CaseTransferred
from common.vocabulary import RequestKind, Role
from tests.support.events import publish_as
from tests.support.handling import DISPATCHER, case_in, handler, ok, post
from tests.support.infra import TestRun
from tests.support.kafka import eventually
from tests.support.loop import CALLBACK_AGENT, callback, submit, timers, wait_state
from tests.support.stack import Stack
from tests.support.staff import headers_for

WATER = "water-company"
WATER_NAME = "长沙水业集团供水公司"
UNIT = handler(WATER)
SUPERVISOR = headers_for(Role.SUPERVISOR, "discipline-committee", "supervisor-e2e")


async def timers_where(
    http: httpx.AsyncClient, stack: Stack, case_id: str, check: Any
) -> list[dict[str, Any]]:
    async def probe() -> list[dict[str, Any]] | None:
        found = await timers(http, stack, case_id)
        return found if found and check(found) else None

    result: list[dict[str, Any]] = await eventually(probe)
    return result


def stage(found: list[dict[str, Any]], name: str, round: int = 1) -> dict[str, Any]:
    return next(t for t in found if t["stage"] == name and t["round"] == round)


async def test_only_an_outside_unit_takes_a_transfer_and_only_by_transfer(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    case_id = await case_in(http, stack, "awaiting_dispatch", category="other")
    assigned = await post(http, stack, case_id, "assign", DISPATCHER, lead=WATER)
    assert assigned.status_code == 422, assigned.text
    assert assigned.json()["error"] == "outside_unit_needs_transfer"
    assert "转办" in assigned.json()["message"] and assigned.json()["field"] == "lead"
    inside = await post(
        http, stack, case_id, "transfer", DISPATCHER, unit="urban-management", note="试转办"
    )
    assert inside.status_code == 422, inside.text
    assert inside.json()["error"] == "not_outside_unit" and inside.json()["field"] == "unit"
    by_handler = await post(http, stack, case_id, "transfer", UNIT, unit=WATER, note="x")
    assert by_handler.status_code == 403
    await wait_state(http, stack, case_id, "awaiting_dispatch")  # nothing changed


async def test_a_transfer_goes_round_the_loop_on_the_units_own_limits(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    receipt = await submit(http, stack, category="other")
    case_id, code = receipt["case_id"], receipt["tracking_code"]
    await wait_state(http, stack, case_id, "awaiting_dispatch")

    handed = await ok(
        await post(
            http, stack, case_id, "transfer", DISPATCHER, unit=WATER, note="小区停水属供水公司"
        )
    )
    assert (handed["state"], handed["lead_department"]) == ("transferred", WATER)
    started = await timers_where(
        http, stack, case_id, lambda ts: {t["stage"] for t in ts} >= {"transfer_answer"}
    )
    # the dispatcher's own limit on the queued case stops when it is handed over
    assert stage(started, "dispatch")["state"] == "stopped"
    unit_limits = [t for t in started if t["stage"] != "dispatch"]
    assert {t["stage"] for t in unit_limits} == {"transfer_acknowledge", "transfer_answer"}
    assert all(t["department"] == WATER and t["state"] == "running" for t in unit_limits)
    assert stage(started, "transfer_answer")["policy"] == "transfer_answer"

    # the unit's own list shows it; another department neither sees nor acknowledges it
    listed = await ok(
        await http.get(f"{stack.url('dispatch')}/api/v1/departments/{WATER}/cases", headers=UNIT)
    )
    row = next(c for c in listed["items"] if c["case_id"] == case_id)
    assert row["transfers"] == 1
    stranger = await post(http, stack, case_id, "transfer/acknowledge", handler("street-yuelu"))
    assert stranger.status_code in (403, 404)
    early = await post(http, stack, case_id, "transfer/answer", UNIT, result="solved", summary="x")
    assert early.status_code == 409 and early.json()["allowed_actions"] == ["acknowledge_transfer"]

    acknowledged = await ok(await post(http, stack, case_id, "transfer/acknowledge", UNIT))
    assert acknowledged["allowed_actions"] == ["answer_transfer"]
    await timers_where(
        http,
        stack,
        case_id,
        lambda ts: (
            stage(ts, "transfer_acknowledge")["state"] == "stopped"
            and stage(ts, "transfer_answer")["state"] == "running"
        ),
    )
    answered = await ok(
        await post(
            http,
            stack,
            case_id,
            "transfer/answer",
            UNIT,
            result="solved",
            summary="已抢修爆裂水管，当晚恢复供水",
        )
    )
    assert answered["state"] == "resolved"
    after = await timers_where(
        http, stack, case_id, lambda ts: any(t["stage"] == "callback" for t in ts)
    )
    assert stage(after, "transfer_answer")["state"] == "stopped"

    async def task_of_round_1() -> dict[str, Any] | None:
        response = await http.get(
            f"{stack.url('callback')}/api/v1/callbacks/{case_id}", headers=CALLBACK_AGENT
        )
        tasks = response.json() if response.status_code == 200 else []
        return next((t for t in tasks if t["round"] == 1), None)

    task = await eventually(task_of_round_1)
    assert (task["source"], task["department"]) == ("transfer", WATER)
    assert task["summary"] == "已抢修爆裂水管，当晚恢复供水"

    # a failed callback sends the case back to the unit, on its limits again
    await callback(http, stack, case_id, 1, satisfaction="dissatisfied", solved=False)
    again = await wait_state(http, stack, case_id, "transferred", round=2)
    assert again["lead_department"] == WATER
    await timers_where(
        http,
        stack,
        case_id,
        lambda ts: any(t["stage"] == "transfer_acknowledge" and t["round"] == 2 for t in ts),
    )

    async def public_says_transferred() -> list[dict[str, Any]] | None:
        view = (
            await http.get(
                f"{stack.url('intake')}/api/v1/public/cases/{case_id}", params={"code": code}
            )
        ).json()
        lines: list[dict[str, Any]] = view["timeline"]
        return lines if any(line["status"] == "reopened" for line in lines) else None

    lines = await eventually(public_says_transferred)
    texts = [line["text"] for line in lines]
    assert f"已转办至{WATER_NAME}" in texts
    assert f"{WATER_NAME}已确认接收，正在办理" in texts
    assert any(t.startswith(f"{WATER_NAME}已答复（已解决）") for t in texts)
    assert "transferred" in [line["status"] for line in lines]


async def test_a_routed_case_is_re_routed_to_the_unit(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    case_id = await case_in(http, stack, "assigned")
    moved = await ok(
        await post(http, stack, case_id, "transfer", DISPATCHER, unit=WATER, note="属供水")
    )
    assert (moved["state"], moved["co_handlers"]) == ("transferred", [])
    found = await timers_where(
        http, stack, case_id, lambda ts: any(t["stage"] == "transfer_answer" for t in ts)
    )
    handling = [t for t in found if t["stage"] in ("sign", "first_response", "resolution")]
    assert handling and all(t["state"] == "cancelled" for t in handling)


async def test_an_unacknowledged_transfer_warns_runs_overdue_and_counts_for_the_unit_apart(
    stack: Stack, http: httpx.AsyncClient, e2e_run: TestRun
) -> None:
    """A transfer dated long ago, published as dispatch publishes it: every alarm of the
    unit's limits is due at once; the figures count the case for the unit in their own
    table, not among the departments."""
    case_id = "20250303770001"
    long_ago = datetime(2025, 3, 3, 1, 0, tzinfo=UTC)
    handed = CaseTransferred(
        unit=WATER,
        category="other",
        kind=RequestKind.HELP,
        note="停水",
        actor="dispatcher:d1",
        transferred_at=long_ago,
    )
    await publish_as(e2e_run, "dispatch", case_id, handed)
    found = await timers_where(
        http,
        stack,
        case_id,
        lambda ts: (
            len(ts) == 2
            and all(
                t["state"] == "overdue"
                and any(a["name"] == "exceeded" and a["status"] == "fired" for a in t["alarms"])
                for t in ts
            )
        ),
    )
    assert {t["stage"] for t in found} == {"transfer_acknowledge", "transfer_answer"}
    alarms = stage(found, "transfer_acknowledge")["alarms"]
    assert {a["name"] for a in alarms if a["status"] == "fired"} >= {"warning-0.5", "exceeded"}

    supervision = stack.url("supervision")
    params = {"period": "month", "from": "2025-03-01", "to": "2025-03-31"}

    async def unit_row() -> dict[str, Any] | None:
        rows = (
            await http.get(
                f"{supervision}/api/v1/scorecards/transfers", params=params, headers=SUPERVISOR
            )
        ).json()
        row = next((r for r in rows if r["unit"] == WATER), None)
        return row if row and row["overdue"] >= 1 else None

    row = await eventually(unit_row)
    assert row["accepted"] >= 1 and row["response_rate"] == 0.0
    departments = (
        await http.get(f"{supervision}/api/v1/scorecards", params=params, headers=SUPERVISOR)
    ).json()
    assert WATER not in {r["department"] for r in departments}
