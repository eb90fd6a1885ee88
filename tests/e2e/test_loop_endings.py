"""The loop's other endings, on the running services: a submitter nobody can reach, and a case
that still fails its callback after the allowed rounds and goes to supervision."""

from __future__ import annotations

import httpx

from common.vocabulary import Role
from tests.support.kafka import eventually
from tests.support.loop import CALLBACK_AGENT, act, callback, submit, wait_state
from tests.support.stack import Stack
from tests.support.staff import headers_for


async def resolve_round(http: httpx.AsyncClient, stack: Stack, case_id: str, round: int) -> None:
    await wait_state(http, stack, case_id, "assigned", round=round)
    assert (await act(http, stack, case_id, "sign")).status_code == 200
    resolved = await act(http, stack, case_id, "resolve", result="solved", summary="已处理")
    assert resolved.status_code == 200, resolved.text


async def test_an_unreachable_submitter_closes_the_case_unrated(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    case_id = (await submit(http, stack))["case_id"]
    await resolve_round(http, stack, case_id, 1)
    attempts = f"{stack.url('callback')}/api/v1/callbacks/{case_id}/attempts"

    async def task_open() -> bool:
        response = await http.post(attempts, json={"outcome": "no_answer"}, headers=CALLBACK_AGENT)
        return response.status_code == 200

    await eventually(task_open)  # the first unanswered call, once the task exists
    for _ in range(2):
        response = await http.post(attempts, json={"outcome": "no_answer"}, headers=CALLBACK_AGENT)
        assert response.status_code == 200, response.text
    assert response.json()["state"] == "unreachable"

    closed = await wait_state(http, stack, case_id, "closed")
    last = closed["actions"][-1]
    assert last["reason"] == "回访3次未能联系上诉求人（最后一次：无人接听），按规定不评价归档"
    assert (last["label"], last["detail"]["reason_code"]) == ("归档", "callback_unreachable")


async def test_after_three_failed_rounds_supervisors_take_the_case_over(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    case_id = (await submit(http, stack))["case_id"]
    for round in (1, 2, 3):
        await resolve_round(http, stack, case_id, round)
        await callback(http, stack, case_id, round, satisfaction="dissatisfied", solved=False)

    referred = await wait_state(http, stack, case_id, "under_supervision", round=3)
    assert referred["actions"][-1]["action"] == "refer"
    assert referred["allowed_actions"] == []  # what a dispatcher may do: nothing
    as_supervisor = await http.get(
        f"{stack.url('dispatch')}/api/v1/cases/{case_id}", headers=headers_for(Role.SUPERVISOR)
    )
    assert as_supervisor.json()["allowed_actions"] == ["reopen", "close"]

    async def signal_recorded() -> bool:
        response = await http.get(
            f"{stack.url('supervision')}/api/v1/signals",
            params={"case_id": case_id},
            headers=headers_for(Role.SUPERVISOR),
        )
        return response.status_code == 200 and any(
            s.get("kind") == "referred"
            and s.get("case_id") == case_id
            and s["detail"].startswith("办理3轮后移交督查：回访不满意，未解决")
            for s in response.json()
        )

    await eventually(signal_recorded)
    supervisor = headers_for(Role.SUPERVISOR, "discipline-committee")
    handler_try = await http.post(
        f"{stack.url('dispatch')}/api/v1/cases/{case_id}/close",
        json={"reason": "自行结案"},
        headers=headers_for(Role.HANDLER, "urban-management"),
    )
    assert handler_try.status_code == 403
    closed = await http.post(
        f"{stack.url('dispatch')}/api/v1/cases/{case_id}/close",
        json={"reason": "督查约谈后群众认可处理结果"},
        headers=supervisor,
    )
    assert closed.status_code == 200 and closed.json()["state"] == "closed", closed.text
