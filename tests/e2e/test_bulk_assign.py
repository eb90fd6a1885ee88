"""The dispatcher assigns a selection of cases at once: each case takes its own state
machine's step (a case not waiting for dispatch is refused with the reason, the others are
assigned whole, with their co-handlers), and a bad lead refuses the whole action."""

from __future__ import annotations

from typing import Any

import httpx

from common.vocabulary import Role
from tests.support.handling import DISPATCHER, case_in, events_of, ok
from tests.support.infra import TestRun
from tests.support.stack import Stack
from tests.support.staff import headers_for


async def bulk_assign(
    http: httpx.AsyncClient, stack: Stack, headers: dict[str, str] = DISPATCHER, **body: Any
) -> httpx.Response:
    return await http.post(
        f"{stack.url('dispatch')}/api/v1/bulk/assign", json=body, headers=headers
    )


async def test_a_selection_is_assigned_case_by_case(
    stack: Stack, http: httpx.AsyncClient, e2e_run: TestRun
) -> None:
    first = await case_in(http, stack, "awaiting_dispatch", category="other")
    second = await case_in(http, stack, "awaiting_dispatch", category="other")
    taken = await case_in(http, stack, "assigned")

    response = await bulk_assign(
        http,
        stack,
        case_ids=[first, taken, second, "20990101999999"],
        lead="urban-management",
        co_handlers=["street-wangyue"],
        reason="同一片区的路灯问题",
    )
    outcome = await ok(response)
    assert (outcome["assigned"], outcome["refused"]) == (2, 2)
    by_case = {r["case_id"]: r for r in outcome["results"]}
    assert [r["case_id"] for r in outcome["results"]] == [first, taken, second, "20990101999999"]
    for case_id in (first, second):
        assert by_case[case_id]["outcome"] == "assigned"
        assert by_case[case_id]["state"] == "assigned"
        assert by_case[case_id]["lead_department"] == "urban-management"
        assert by_case[case_id]["co_handlers"] == ["street-wangyue"]
        (assigned,) = [
            e
            for e in await events_of(e2e_run, case_id, lambda types: "CaseAssigned" in types)
            if e.event_type == "CaseAssigned"
        ]
        assert assigned.payload["co_handlers"] == ["street-wangyue"]
    assert by_case[taken]["outcome"] == "refused"
    assert by_case[taken]["error"] == "illegal_transition" and by_case[taken]["reason"]
    assert by_case["20990101999999"]["error"] == "case_not_found"

    again = await ok(await bulk_assign(http, stack, case_ids=[first], lead="urban-management"))
    assert again["results"][0]["outcome"] == "refused"  # nothing done twice


async def test_a_bad_selection_or_lead_refuses_the_whole_action(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    waiting = await case_in(http, stack, "awaiting_dispatch", category="other")
    unknown = await bulk_assign(http, stack, case_ids=[waiting], lead="no-such-bureau")
    assert unknown.status_code == 422 and unknown.json()["error"] == "unknown_department"
    repeated = await bulk_assign(http, stack, case_ids=[waiting, waiting], lead="urban-management")
    assert repeated.status_code == 422 and "重复" in repeated.json()["message"]
    empty = await bulk_assign(http, stack, case_ids=[], lead="urban-management")
    assert empty.status_code == 422
    handler = headers_for(Role.HANDLER, "urban-management")
    forbidden = await bulk_assign(http, stack, handler, case_ids=[waiting], lead="urban-management")
    assert forbidden.status_code == 403
    still = await http.get(f"{stack.url('dispatch')}/api/v1/cases/{waiting}", headers=DISPATCHER)
    assert (await ok(still))["state"] == "awaiting_dispatch"
