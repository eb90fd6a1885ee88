"""协办 on the running system: the lead resolves only after every co-handler filed its opinion
for the round, each co-handler once; a reopened case asks them again."""

from __future__ import annotations

import httpx

from tests.support.handling import case_in, events_of, handler, ok, post, timeline
from tests.support.infra import TestRun
from tests.support.loop import callback, wait_state
from tests.support.stack import Stack

UM, YL = "urban-management", "street-yuelu"


async def resolve(http: httpx.AsyncClient, stack: Stack, case_id: str) -> httpx.Response:
    return await post(
        http, stack, case_id, "resolve", handler(UM), result="solved", summary="路面已修补"
    )


async def test_the_lead_resolves_after_every_co_handler_filed(
    stack: Stack, http: httpx.AsyncClient, e2e_run: TestRun
) -> None:
    case_id = await case_in(http, stack, "assigned", category="road-maintenance")
    await ok(await post(http, stack, case_id, "sign", handler(UM)))

    missing = await resolve(http, stack, case_id)
    assert missing.status_code == 409
    body = missing.json()
    assert body["error"] == "co_handler_opinions_missing"
    assert body["missing_departments"] == [YL] and YL in body["message"]

    lead_opinion = await post(http, stack, case_id, "opinion", handler(UM), opinion="x")
    assert lead_opinion.status_code == 403
    assert lead_opinion.json()["error"] == "not_handling_department"
    co_sign = await post(http, stack, case_id, "sign", handler(YL))
    assert co_sign.status_code == 409  # already signed, whoever asks
    co_resolve = await resolve_as(http, stack, case_id, YL)
    assert co_resolve.status_code == 403
    assert co_resolve.json()["error"] == "not_handling_department"

    filed = await ok(
        await post(
            http, stack, case_id, "opinion", handler(YL), opinion="街道已配合设置围挡和绕行提示"
        )
    )
    assert filed["missing_opinions"] == []
    twice = await post(http, stack, case_id, "opinion", handler(YL), opinion="再次提交")
    assert twice.status_code == 409 and twice.json()["error"] == "opinion_already_filed"
    await ok(await resolve(http, stack, case_id))

    await callback(http, stack, case_id, 1, satisfaction="dissatisfied", solved=False)
    await wait_state(http, stack, case_id, "assigned", round=2)
    await ok(await post(http, stack, case_id, "sign", handler(UM)))
    round_two = await resolve(http, stack, case_id)
    assert round_two.status_code == 409 and round_two.json()["round"] == 2
    await ok(await post(http, stack, case_id, "opinion", handler(YL), opinion="第二轮配合意见"))
    await ok(await resolve(http, stack, case_id))

    view = await ok(
        await http.get(f"{stack.url('dispatch')}/api/v1/cases/{case_id}", headers=handler(YL))
    )
    assert [(o["round"], o["department"]) for o in view["opinions"]] == [(1, YL), (2, YL)]
    opinions = await events_of(
        e2e_run, case_id, lambda types: types.count("CoHandlerOpinionFiled") == 2
    )
    filed_events = [e.payload for e in opinions if e.event_type == "CoHandlerOpinionFiled"]
    assert [(p["round"], p["department"]) for p in filed_events] == [(1, YL), (2, YL)]
    steps = await timeline(http, stack, case_id)
    assert [s["action"] for s in steps] == [
        "assign",
        "sign",
        "file_opinion",
        "resolve",
        "reopen",
        "sign",
        "file_opinion",
        "resolve",
    ]
    assert steps[2]["actor"] == f"handler:handler-{YL}" and steps[2]["department"] == YL


async def resolve_as(
    http: httpx.AsyncClient, stack: Stack, case_id: str, department: str
) -> httpx.Response:
    return await post(
        http, stack, case_id, "resolve", handler(department), result="solved", summary="x"
    )
