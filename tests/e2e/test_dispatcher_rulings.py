"""The dispatcher's rulings on the running system: assigning under a chosen category, 改类 on
a routed case, 退回甄别 and a second acceptance, 驳回 with a reason; and the dispatch queue's
own time limit, from the wait to the ruling."""

from __future__ import annotations

from typing import Any

import httpx

from common.vocabulary import Role
from tests.support.handling import DISPATCHER, case_in, events_of, ok, post
from tests.support.infra import TestRun
from tests.support.kafka import eventually
from tests.support.loop import submit, timers, wait_state
from tests.support.screening import CLERK, intake_events, public_view, screen
from tests.support.stack import Stack
from tests.support.staff import headers_for


async def dispatch_timers(
    http: httpx.AsyncClient, stack: Stack, case_id: str, check: Any
) -> list[dict[str, Any]]:
    """The case's dispatch timers, once `check` holds for them."""

    async def probe() -> list[dict[str, Any]] | None:
        found = [t for t in await timers(http, stack, case_id) if t["stage"] == "dispatch"]
        return found if check(found) else None

    found: list[dict[str, Any]] = await eventually(probe)
    return found


async def test_a_queued_case_runs_the_dispatch_limit_until_assigned_under_the_chosen_category(
    stack: Stack, http: httpx.AsyncClient, e2e_run: TestRun
) -> None:
    case_id = await case_in(http, stack, "awaiting_dispatch", category="other")
    (waiting,) = await dispatch_timers(http, stack, case_id, lambda ts: len(ts) == 1)
    assert waiting["state"] == "running" and waiting["due_at"] is not None
    assert (waiting["department"], waiting["policy"]) == ("service-centre", "dispatch")
    assert [a["name"] for a in waiting["alarms"]] == ["warning-0.5", "warning-0.75", "exceeded"]

    unknown = await post(
        http, stack, case_id, "assign", DISPATCHER, lead="urban-management", category="nope"
    )
    assert unknown.status_code == 422 and unknown.json()["error"] == "unknown_category"
    assigned = await post(
        http,
        stack,
        case_id,
        "assign",
        DISPATCHER,
        lead="urban-management",
        category="streetlight",
        reason="路灯问题",
    )
    assert (await ok(assigned))["state"] == "assigned"

    found = await events_of(e2e_run, case_id, lambda types: "CaseAssigned" in types)
    types = [e.event_type for e in found]
    assert types == ["CaseQueuedForDispatcher", "CaseReclassified", "CaseAssigned"]
    reclassified, done = found[1].payload, found[2].payload
    assert (reclassified["previous_category"], reclassified["category"]) == ("other", "streetlight")
    assert done["category"] == "streetlight"
    (stopped,) = await dispatch_timers(
        http, stack, case_id, lambda ts: ts and ts[0]["state"] == "stopped"
    )
    assert stopped["timer_id"] == waiting["timer_id"]
    case = await wait_state(http, stack, case_id, "assigned")
    assert case["category"] == "streetlight"


async def test_reclassifying_a_routed_case_keeps_its_route_and_says_whether_the_lead_differs(
    stack: Stack, http: httpx.AsyncClient, e2e_run: TestRun
) -> None:
    case_id = await case_in(http, stack, "assigned")  # streetlight, by rule to urban-management
    moved = await ok(
        await post(
            http,
            stack,
            case_id,
            "reclassify",
            DISPATCHER,
            category="construction-project",
            reason="实为在建工程问题",
        )
    )
    assert (moved["state"], moved["lead_department"]) == ("assigned", "urban-management")
    assert (moved["previous_category"], moved["category"]) == (
        "streetlight",
        "construction-project",
    )
    assert (moved["rule_lead"], moved["lead_differs"]) == ("housing-construction", True)
    found = await events_of(e2e_run, case_id, lambda types: "CaseReclassified" in types)
    assert found[-1].payload["reason"] == "实为在建工程问题"

    same = await post(
        http, stack, case_id, "reclassify", DISPATCHER, category="construction-project"
    )
    assert same.status_code == 422 and same.json()["error"] == "same_category"
    unknown = await post(http, stack, case_id, "reclassify", DISPATCHER, category="nope")
    assert unknown.status_code == 422 and unknown.json()["error"] == "unknown_category"
    clerk = await post(
        http, stack, case_id, "reclassify", headers_for(Role.CLERK), category="sanitation"
    )
    assert clerk.status_code == 403


async def test_a_case_sent_back_to_screening_waits_for_a_clerk_and_is_dispatched_again(
    stack: Stack, http: httpx.AsyncClient, e2e_run: TestRun
) -> None:
    receipt = await submit(http, stack, category="other")
    case_id = receipt["case_id"]
    await wait_state(http, stack, case_id, "awaiting_dispatch")
    await dispatch_timers(http, stack, case_id, lambda ts: len(ts) == 1)
    empty = await post(http, stack, case_id, "send-back", DISPATCHER, reason=" ")
    assert empty.status_code == 422
    sent = await post(
        http, stack, case_id, "send-back", DISPATCHER, reason="诉求地点不清，请联系诉求人补充"
    )
    assert (await ok(sent))["state"] == "sent_back"
    await dispatch_timers(http, stack, case_id, lambda ts: ts[0]["state"] == "cancelled")

    async def back_in_the_queue() -> dict[str, Any] | None:
        queue = await http.get(
            f"{stack.url('intake')}/api/v1/screening-queue",
            params={"limit": 500},
            headers=CLERK,
        )
        return next((c for c in queue.json() if c["case_id"] == case_id), None)

    waiting = await eventually(back_in_the_queue)
    assert waiting["queued_reason_code"] == "sent_back_by_dispatcher"
    assert waiting["sent_back_reason"] == "诉求地点不清，请联系诉求人补充"
    view = await public_view(http, stack, receipt)
    assert view["status"] == "pending_screening"

    again = await screen(http, stack, case_id, outcome="accept", category="streetlight")
    assert again.status_code == 200, again.text
    accepted = [
        e for e in await intake_events(e2e_run, case_id, 3) if e.event_type == "CaseAccepted"
    ]
    assert [e.payload["acceptance"] for e in accepted] == [1, 2]
    case = await wait_state(http, stack, case_id, "assigned")  # routed by the new category's rule
    assert (case["category"], case["lead_department"]) == ("streetlight", "urban-management")
    found = await events_of(e2e_run, case_id, lambda types: "CaseAssigned" in types)
    assert [e.event_type for e in found] == [
        "CaseQueuedForDispatcher",
        "CaseSentBackToScreening",
        "CaseAssigned",
    ]


async def test_a_rejected_case_ends_with_its_reason_for_the_submitter_and_its_timers(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    receipt = await submit(http, stack, category="other")
    case_id = receipt["case_id"]
    await wait_state(http, stack, case_id, "awaiting_dispatch")
    await dispatch_timers(http, stack, case_id, lambda ts: len(ts) == 1)
    rejected = await post(
        http, stack, case_id, "reject", DISPATCHER, reason="不属于本区职责范围，请向市级部门反映"
    )
    assert (await ok(rejected))["allowed_actions"] == []
    await dispatch_timers(http, stack, case_id, lambda ts: ts[0]["state"] == "cancelled")

    async def shown() -> dict[str, Any] | None:
        view = await public_view(http, stack, receipt)
        return view if view["status"] == "rejected" else None

    view = await eventually(shown)
    assert view["timeline"][-1]["text"] == "不予受理：不属于本区职责范围，请向市级部门反映"
    again = await post(http, stack, case_id, "reclassify", DISPATCHER, category="streetlight")
    assert again.status_code == 409 and again.json()["error"] == "illegal_transition"
    send_back = await post(http, stack, case_id, "send-back", DISPATCHER, reason="再看看")
    assert send_back.status_code == 409
