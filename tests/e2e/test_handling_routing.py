"""Routing on the running system: by the category's rule, through the dispatcher's queue, and
by rules an administrator edits without a restart (and that a restart does not undo)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx

from common.events import CaseAccepted
from common.vocabulary import Channel, RequestKind
from tests.support.events import publish_as
from tests.support.handling import (
    ADMIN,
    DISPATCHER,
    case_in,
    events_of,
    handler,
    ok,
    post,
    queue,
    timeline,
)
from tests.support.infra import TestRun
from tests.support.kafka import eventually
from tests.support.loop import dispatch_case, wait_state
from tests.support.screening import staff_view
from tests.support.stack import Stack


async def test_a_category_with_a_rule_is_assigned_by_it(
    stack: Stack, http: httpx.AsyncClient, e2e_run: TestRun
) -> None:
    case_id = await case_in(http, stack, "assigned", category="road-maintenance")
    case = await dispatch_case(http, stack, case_id)
    assert case is not None
    assert (case["lead_department"], case["co_handlers"]) == ("urban-management", ["street-yuelu"])
    (assigned,) = await events_of(e2e_run, case_id, lambda types: "CaseAssigned" in types)
    assert assigned.payload["actor"] == "system:routing"
    assert assigned.payload["co_handlers"] == ["street-yuelu"]
    (step,) = await timeline(http, stack, case_id)
    assert (step["label"], step["detail"]["reason_code"]) == ("交办", "routed_by_rule")
    assert step["reason"] == "按分类“道路维修”的交办规则，交由城市管理局主办，岳麓街道协办"


async def test_a_category_without_a_rule_waits_for_the_dispatcher_who_assigns_it(
    stack: Stack, http: httpx.AsyncClient, e2e_run: TestRun
) -> None:
    case_id = await case_in(http, stack, "awaiting_dispatch", category="other")
    assert case_id in await queue(http, stack)
    waiting = await ok(await http.get(f"{stack.url('dispatch')}/api/v1/queue", headers=DISPATCHER))
    (row,) = [c for c in waiting if c["case_id"] == case_id]
    assert row["queued_reason_code"] == "no_routing_rule"
    assert row["queued_reason"] == "分类“其他（人工分派）”没有交办规则，请派单员指定承办单位"

    refused = await post(http, stack, case_id, "assign", handler("urban-management"), lead="x")
    assert refused.status_code == 403 and refused.json()["error"] == "forbidden_role"
    unknown = await post(http, stack, case_id, "assign", DISPATCHER, lead="ministry-of-magic")
    assert unknown.status_code == 422 and unknown.json()["error"] == "unknown_department"
    assert unknown.json()["unknown_departments"] == ["ministry-of-magic"]

    assigned = await ok(
        await post(
            http,
            stack,
            case_id,
            "assign",
            DISPATCHER,
            lead="housing-construction",
            co_handlers=["natural-resources"],
            reason="涉及违章搭建，住建主办，自规协办",
        )
    )
    assert assigned["state"] == "assigned" and assigned["missing_opinions"] == ["natural-resources"]
    assert case_id not in await queue(http, stack)

    twice = await post(http, stack, case_id, "assign", DISPATCHER, lead="urban-management")
    assert twice.status_code == 409 and twice.json()["state"] == "assigned"

    types = ["CaseQueuedForDispatcher", "CaseAssigned"]
    queued, routed = await events_of(e2e_run, case_id, lambda found: found == types)
    assert queued.payload["reason_code"] == "no_routing_rule"
    assert queued.payload["reason"] == row["queued_reason"]

    async def on_staff_timeline() -> list[dict[str, Any]]:
        lines = (await staff_view(http, stack, case_id))["timeline"]
        return [line for line in lines if line["action"] == "CaseQueuedForDispatcher"]

    (line,) = await eventually(on_staff_timeline)
    assert line["label"] == "待人工派单" and row["queued_reason"] in line["detail"]
    assert routed.payload["lead_department"] == "housing-construction"
    assert routed.payload["actor"] == "dispatcher:dispatcher-e2e"
    (step,) = await timeline(http, stack, case_id)
    assert (step["action"], step["actor"]) == ("assign", "dispatcher:dispatcher-e2e")
    assert step["reason"] == "涉及违章搭建，住建主办，自规协办"


async def test_an_unconfirmed_category_waits_for_the_dispatcher_despite_its_rule(
    stack: Stack, http: httpx.AsyncClient, e2e_run: TestRun
) -> None:
    """CaseAccepted with needs_dispatcher (a low-confidence classification) is never routed by
    rule. Published here as intake publishes it, on intake's topic."""
    case_id = "20990101990001"
    accepted = CaseAccepted(
        category="streetlight",
        kind=RequestKind.HELP,
        channel=Channel.WEB,
        actor="system:auto-screening",
        accepted_at=datetime(2099, 1, 1, 1, 0, tzinfo=UTC),
        classification_confidence=0.41,
        category_confirmed=False,
        needs_dispatcher=True,
    )
    await publish_as(e2e_run, "intake", case_id, accepted)
    await wait_state(http, stack, case_id, "awaiting_dispatch")
    assert case_id in await queue(http, stack)
    (queued,) = await events_of(e2e_run, case_id, lambda types: bool(types))
    assert queued.event_type == "CaseQueuedForDispatcher"
    assert queued.payload["reason_code"] == "category_not_confirmed"
    assert "分类“路灯照明”由系统自动识别（置信度0.41）" in queued.payload["reason"]


async def test_an_edited_rule_routes_the_next_case_and_survives_a_restart(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    rules = f"{stack.url('dispatch')}/api/v1/org/routing-rules"
    original = await ok(await http.get(f"{rules}/food-safety", headers=ADMIN))
    assert original["lead"] == "market-regulation"

    unknown = await http.put(
        f"{rules}/food-safety", json={"lead": "ministry-of-magic"}, headers=ADMIN
    )
    assert unknown.status_code == 422
    assert unknown.json()["error"] == "unknown_department"
    assert unknown.json()["unknown_departments"] == ["ministry-of-magic"]

    renamed = await http.put(
        f"{stack.url('dispatch')}/api/v1/org/departments/market-regulation",
        json={"name": "市场监管局（改名测试）", "kind": "bureau"},
        headers=ADMIN,
    )
    assert renamed.status_code == 200, renamed.text
    try:
        edited = await http.put(
            f"{rules}/food-safety",
            json={"lead": "urban-management", "co_handlers": ["market-regulation"]},
            headers=ADMIN,
        )
        assert edited.status_code == 200, edited.text
        case_id = await case_in(http, stack, "assigned", category="food-safety")
        case = await dispatch_case(http, stack, case_id)
        assert case is not None and case["lead_department"] == "urban-management"

        stack.kill("dispatch")
        stack.start("dispatch")
        await stack.wait_ready("dispatch")
        kept = await ok(await http.get(f"{rules}/food-safety", headers=ADMIN))
        assert (kept["lead"], kept["co_handlers"]) == ("urban-management", ["market-regulation"])
        department = await ok(
            await http.get(
                f"{stack.url('dispatch')}/api/v1/org/departments/market-regulation",
                headers=ADMIN,
            )
        )
        assert department["name"] == "市场监管局（改名测试）"
    finally:
        await http.put(f"{rules}/food-safety", json={"lead": "market-regulation"}, headers=ADMIN)
        await http.put(
            f"{stack.url('dispatch')}/api/v1/org/departments/market-regulation",
            json={"name": "市场监督管理局", "kind": "bureau"},
            headers=ADMIN,
        )


async def test_sub_units_name_an_existing_parent_without_cycles(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    departments = f"{stack.url('dispatch')}/api/v1/org/departments"
    squad = await http.get(f"{departments}/urban-management-yuelu-squad", headers=ADMIN)
    assert (await ok(squad))["parent"] == "urban-management"
    created = await http.put(
        f"{departments}/community-e2e",
        json={"name": "测试社区", "kind": "community", "parent": "street-wangyue"},
        headers=ADMIN,
    )
    assert (await ok(created))["parent"] == "street-wangyue"
    cycle = await http.put(
        f"{departments}/street-wangyue",
        json={"name": "望月湖街道", "kind": "street", "parent": "community-e2e"},
        headers=ADMIN,
    )
    assert cycle.status_code == 422 and cycle.json()["error"] == "department_cycle"
    orphan = await http.put(
        f"{departments}/community-e2e-2",
        json={"name": "x", "kind": "community", "parent": "nowhere"},
        headers=ADMIN,
    )
    assert orphan.status_code == 422 and orphan.json()["error"] == "unknown_department"
