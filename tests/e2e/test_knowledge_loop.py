"""The knowledge base's loop on the running system: a consultation answered at the window from
no article opens a gap its unit sees and may dismiss; one answered from an article records it
on the case and the callback task, and a callback finding the answer wrong flags the article;
a consultation a department answers from no article opens a gap once the case is closed."""

from __future__ import annotations

from typing import Any

import httpx

from common.vocabulary import Role
from tests.support.infra import TestRun
from tests.support.kafka import eventually
from tests.support.loop import CALLBACK_AGENT, LEAD, act, callback, submit, wait_state
from tests.support.screening import CLERK, intake_events, register, screen, staff_view
from tests.support.stack import Stack
from tests.support.staff import headers_for

ARTICLE = "KB-demo-urban-001"  # the demo district's, owned by urban-management
UNIT = headers_for(Role.HANDLER, LEAD)
OTHER_UNIT = headers_for(Role.HANDLER, "housing-construction")
CONSULTATION = {
    "kind": "consultation",
    "title": "路灯报修找哪个部门",
    "description": "路灯坏了找谁报修？",
}


async def gaps_of(
    http: httpx.AsyncClient, stack: Stack, case_id: str, headers: dict[str, str] = UNIT
) -> list[dict[str, Any]]:
    response = await http.get(
        f"{stack.url('intake')}/api/v1/knowledge/gaps", params={"limit": 200}, headers=headers
    )
    assert response.status_code == 200, response.text
    return [gap for gap in response.json()["items"] if gap["case_id"] == case_id]


async def published_version(http: httpx.AsyncClient, stack: Stack) -> int:
    response = await http.get(
        f"{stack.url('intake')}/api/v1/knowledge/articles/{ARTICLE}", headers=CLERK
    )
    assert response.status_code == 200, response.text
    version: int = response.json()["published"]["version"]
    return version


async def test_a_window_answer_from_no_article_opens_a_gap_its_unit_may_dismiss(
    stack: Stack, http: httpx.AsyncClient, e2e_run: TestRun
) -> None:
    answer = {"outcome": "answer_consultation", "answer": "路灯报修请拨打城管热线"}
    case_id = (await register(http, stack, screening=answer, **CONSULTATION))["case_id"]
    _, answered, opened = await intake_events(e2e_run, case_id, 3)
    assert answered.payload["knowledge_unit"] == LEAD
    assert answered.payload["knowledge_article_id"] is None
    assert opened.event_type == "KnowledgeGapOpened" and opened.payload["source"] == "window"

    (gap,) = await gaps_of(http, stack, case_id)
    assert (gap["department"], gap["state"], gap["answer"]) == (LEAD, "open", answer["answer"])
    assert await gaps_of(http, stack, case_id, OTHER_UNIT) == []  # another unit's handler

    url = f"{stack.url('intake')}/api/v1/knowledge/gaps/{gap['gap_id']}/dismiss"
    refused = await http.post(url, json={"reason": "非本单位"}, headers=OTHER_UNIT)
    assert refused.status_code == 403, refused.text
    blank = await http.post(url, json={"reason": " "}, headers=UNIT)
    assert blank.status_code == 422 and blank.json()["fields"][0]["field"] == "reason"
    dismissed = await http.post(url, json={"reason": "个案，无需入库"}, headers=UNIT)
    assert dismissed.status_code == 200, dismissed.text
    assert dismissed.json()["state"] == "closed" and dismissed.json()["outcome"] == "dismissed"
    again = await http.post(url, json={"reason": "个案，无需入库"}, headers=UNIT)
    assert again.status_code == 409


async def test_an_answer_from_an_article_is_recorded_and_a_wrong_one_flags_it(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    version = await published_version(http, stack)
    case_id = (await register(http, stack, **CONSULTATION))["case_id"]
    stale = await screen(
        http,
        stack,
        case_id,
        outcome="answer_consultation",
        answer="按知识库答复",
        knowledge_article_id=ARTICLE,
        knowledge_article_version=version + 1,
    )
    assert stale.status_code == 422, stale.text
    assert stale.json()["fields"][0]["field"] == "knowledge_article_version"
    answered = await screen(
        http,
        stack,
        case_id,
        outcome="answer_consultation",
        answer="按知识库答复",
        knowledge_article_id=ARTICLE,
        knowledge_article_version=version,
    )
    assert answered.status_code == 200, answered.text
    knowledge = (await staff_view(http, stack, case_id))["knowledge"]
    assert (knowledge["article_id"], knowledge["version"]) == (ARTICLE, version)
    assert knowledge["question"]
    assert await gaps_of(http, stack, case_id) == []

    await callback(
        http,
        stack,
        case_id,
        1,
        satisfaction="dissatisfied",
        solved=False,
        comment="按答复去办，说流程变了",
        answer_wrong=True,
    )
    (task,) = (
        await http.get(
            f"{stack.url('callback')}/api/v1/callbacks/{case_id}", headers=CALLBACK_AGENT
        )
    ).json()
    assert (task["knowledge_article_id"], task["answer_wrong"]) == (ARTICLE, True)

    async def flagged() -> list[dict[str, Any]]:
        response = await http.get(
            f"{stack.url('intake')}/api/v1/knowledge/articles/{ARTICLE}", headers=UNIT
        )
        return [f for f in response.json()["flags"] if f["case_id"] == case_id]

    (flag,) = await eventually(flagged)
    assert flag["version"] == version and "答复有误" in flag["reason"]


async def test_a_department_answer_from_no_article_opens_a_gap_once_closed(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    case_id = (await submit(http, stack, **CONSULTATION))["case_id"]
    await wait_state(http, stack, case_id, "assigned")
    assert (await act(http, stack, case_id, "sign")).status_code == 200
    resolved = await act(
        http, stack, case_id, "resolve", result="explained", summary="已电话告知报修渠道"
    )
    assert resolved.status_code == 200, resolved.text
    await callback(http, stack, case_id, 1, satisfaction="satisfied", solved=True)
    await wait_state(http, stack, case_id, "closed")

    (gap,) = await eventually(lambda: gaps_of(http, stack, case_id))
    assert (gap["source"], gap["department"]) == ("department", LEAD)
    assert gap["answer"] == "已电话告知报修渠道"
