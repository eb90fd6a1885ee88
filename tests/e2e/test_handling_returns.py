"""退单 and its arbitration on the running system: send back, re-route, and the bounce counts
per case and per department pair."""

from __future__ import annotations

import httpx

from tests.support.handling import (
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
from tests.support.stack import Stack

UM, HC = "urban-management", "housing-construction"


async def test_a_return_is_sent_back_then_rerouted_and_every_bounce_counts(
    stack: Stack, http: httpx.AsyncClient, e2e_run: TestRun
) -> None:
    case_id = await case_in(http, stack, "assigned")
    no_reason = await post(http, stack, case_id, "return", handler(UM), reason="")
    assert no_reason.status_code == 422

    returned = await ok(
        await post(http, stack, case_id, "return", handler(UM), reason="该路段路灯属住建代建")
    )
    assert (returned["state"], returned["returns"]) == ("returned", 1)
    assert returned["allowed_actions"] == []  # arbitration is the dispatcher's
    assert case_id in await queue(http, stack)
    again = await post(http, stack, case_id, "sign", handler(UM))
    assert again.status_code == 409 and again.json()["state"] == "returned"

    sent_back = await ok(
        await post(
            http,
            stack,
            case_id,
            "arbitrate",
            DISPATCHER,
            decision="send_back",
            reason="路灯移交城管已完成，仍由城管办理",
        )
    )
    assert (sent_back["state"], sent_back["lead_department"]) == ("assigned", UM)

    await ok(await post(http, stack, case_id, "sign", handler(UM)))
    await ok(await post(http, stack, case_id, "return", handler(UM), reason="确属住建代建项目"))
    same = await post(
        http, stack, case_id, "arbitrate", DISPATCHER, decision="reroute", reason="x", lead=UM
    )
    assert same.status_code == 422
    assert same.json()["error"] == "reroute_to_returning_department"
    rerouted = await ok(
        await post(
            http,
            stack,
            case_id,
            "arbitrate",
            DISPATCHER,
            decision="reroute",
            reason="代建项目，改派住建局",
            lead=HC,
        )
    )
    assert (rerouted["state"], rerouted["lead_department"], rerouted["returns"]) == (
        "assigned",
        HC,
        2,
    )
    # the old lead no longer sees the case; the new one does
    gone = await http.get(f"{stack.url('dispatch')}/api/v1/cases/{case_id}", headers=handler(UM))
    assert gone.status_code == 404
    view = await ok(
        await http.get(f"{stack.url('dispatch')}/api/v1/cases/{case_id}", headers=handler(HC))
    )
    assert view["returns"] == 2
    assert sorted(
        (b["from_department"], b["to_department"], b["decision"], b["count"])
        for b in view["bounces"]
    ) == [(UM, HC, "reroute", 1), (UM, UM, "send_back", 1)]

    stats = await ok(
        await http.get(
            f"{stack.url('dispatch')}/api/v1/returns/stats",
            params={"department": UM},
            headers=DISPATCHER,
        )
    )
    pairs = {(p["from_department"], p["to_department"], p["decision"]): p for p in stats["pairs"]}
    assert pairs[(UM, HC, "reroute")]["count"] >= 1
    assert stats["returns"] >= 2 and stats["cases_returned"] >= 1

    expected = [
        "CaseAssigned",
        "CaseReturned",
        "ReturnArbitrated",
        "CaseSigned",
        "CaseReturned",
        "ReturnArbitrated",
        "CaseAssigned",
    ]
    events = await events_of(e2e_run, case_id, lambda types: types == expected)
    assert [e.payload.get("returns_in_case") for e in events if e.event_type == "CaseReturned"] == [
        1,
        2,
    ]
    last_ruling = events[5].payload
    assert (last_ruling["decision"], last_ruling["new_lead_department"]) == ("reroute", HC)
    assert events[6].payload["round"] == 1 and events[6].payload["lead_department"] == HC

    steps = await timeline(http, stack, case_id)
    assert [s["action"] for s in steps] == [
        "assign",
        "return",
        "arbitrate",
        "sign",
        "return",
        "arbitrate",
    ]
    assert steps[1]["actor"] == f"handler:handler-{UM}"
    assert steps[2]["actor"] == "dispatcher:dispatcher-e2e"
    assert steps[4]["reason"] == "确属住建代建项目"
