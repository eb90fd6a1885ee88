"""One case around the whole loop, on the five running services over real Kafka and
PostgreSQL: intake -> dispatch -> deadline -> callback -> supervision, and back."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import asyncpg
import httpx

from common.clock import local_date, local_text
from common.vocabulary import Role
from tests.support.kafka import eventually
from tests.support.loop import (
    LEAD,
    act,
    callback,
    submit,
    timers,
    wait_state,
)
from tests.support.stack import Stack
from tests.support.staff import headers_for


async def test_a_case_goes_around_the_loop(stack: Stack, http: httpx.AsyncClient) -> None:
    receipt = await submit(http, stack)
    case_id, code = receipt["case_id"], receipt["tracking_code"]
    assert receipt["status"] == "accepted"

    assigned = await wait_state(http, stack, case_id, "assigned")
    assert assigned["lead_department"] == LEAD
    first_timers = await eventually(lambda: timers(http, stack, case_id))
    assert {(t["stage"], t["state"]) for t in first_timers} == {
        ("sign", "running"),
        ("first_response", "running"),
        ("resolution", "running"),
    }
    assert all(t["policy"] and t["department"] == LEAD for t in first_timers)

    assert (await act(http, stack, case_id, "sign")).status_code == 200
    resolved = await act(http, stack, case_id, "resolve", result="solved", summary="已修复")
    assert resolved.status_code == 200, resolved.text
    await callback(
        http, stack, case_id, 1, satisfaction="dissatisfied", solved=False, comment="还有3盏不亮"
    )

    await wait_state(http, stack, case_id, "assigned", round=2)
    assert (await act(http, stack, case_id, "sign")).status_code == 200
    assert (
        await act(http, stack, case_id, "resolve", result="solved", summary="全部修复")
    ).status_code == 200
    await callback(http, stack, case_id, 2, satisfaction="satisfied", solved=True)
    closed = await wait_state(http, stack, case_id, "closed", round=2)
    assert [a["action"] for a in closed["actions"]] == [
        "assign",
        "sign",
        "resolve",
        "reopen",
        "sign",
        "resolve",
        "close",
    ]
    assert all(a["actor"] and a["at"] for a in closed["actions"])

    async def public_closed() -> dict[str, Any] | None:
        view = (
            await http.get(
                f"{stack.url('intake')}/api/v1/public/cases/{case_id}", params={"code": code}
            )
        ).json()
        return view if view["status"] == "closed" else None

    view = await eventually(public_closed)
    assert [line["status"] for line in view["timeline"]] == [
        "registered",
        "accepted",
        "assigned",
        "in_progress",
        "resolved",
        "callback_done",
        "reopened",
        "in_progress",
        "resolved",
        "callback_done",
        "closed",
    ]
    assert view["status_label"] == "已归档"
    texts = [line["text"] for line in view["timeline"]]
    assert texts[2] == "已交办至城市管理局" and texts[-1] == "已办结归档"
    assert texts[-2] == "已回访：满意"
    assert case_id[:8] == f"{local_date(datetime.fromisoformat(view['registered_at'])):%Y%m%d}"

    async def all_timers_settled() -> bool:
        found = await timers(http, stack, case_id)
        return bool(found) and all(t["state"] in ("stopped", "cancelled") for t in found)

    await eventually(all_timers_settled)

    async def dissatisfaction_signalled() -> list[dict[str, Any]]:
        response = await http.get(
            f"{stack.url('supervision')}/api/v1/signals",
            params={"case_id": case_id},
            headers=headers_for(Role.SUPERVISOR),
        )
        return [
            s for s in response.json() if s["kind"] == "unsolved" or s["kind"] == "dissatisfied"
        ]

    (signal,) = await eventually(dissatisfaction_signalled)
    assert signal["department"] == LEAD and signal["evidence_type"] == "CallbackCompleted"


async def test_a_passed_time_limit_reaches_supervision_once(
    stack: Stack, http: httpx.AsyncClient, sql: asyncpg.Pool
) -> None:
    receipt = await submit(http, stack)
    case_id = receipt["case_id"]
    await wait_state(http, stack, case_id, "assigned")
    await eventually(lambda: timers(http, stack, case_id))
    # Time passes: the sign limit is now.
    await sql.execute(
        "UPDATE deadline.timer_alarms SET due_at = now() WHERE name = 'exceeded' AND timer_id ="
        " (SELECT id FROM deadline.timers WHERE case_id = $1 AND stage = 'sign')",
        case_id,
    )

    async def overdue_signals() -> list[dict[str, Any]]:
        response = await http.get(
            f"{stack.url('supervision')}/api/v1/signals",
            params={"case_id": case_id, "kind": "overdue"},
            headers=headers_for(Role.SUPERVISOR),
        )
        return list(response.json())

    (signal,) = await eventually(overdue_signals)
    assert signal["department"] == LEAD
    assert signal["evidence_type"] == "DeadlineExceeded"
    sign_timer = next(t for t in await timers(http, stack, case_id) if t["stage"] == "sign")
    due = local_text(datetime.fromisoformat(sign_timer["due_at"]))
    assert signal["detail"].startswith(f"签收时限已于{due}届满，仍未完成")
    (limit_alarm,) = [a for a in sign_timer["alarms"] if a["name"] == "exceeded"]
    assert limit_alarm["status"] == "fired" and limit_alarm["fired_at"]
    view = (
        await http.get(
            f"{stack.url('intake')}/api/v1/public/cases/{case_id}",
            params={"code": receipt["tracking_code"]},
        )
    ).json()
    assert "overdue" not in {line["status"] for line in view["timeline"]}
    assert len(await overdue_signals()) == 1
