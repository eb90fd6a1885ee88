"""The knowledge base's loop on the running system: a consultation answered at the window from
no article opens a gap its unit sees and may dismiss, or answer with an article that closes it
once published; one answered from an article records it on the case and the callback task,
and a callback finding the answer wrong flags the article; a consultation a department
answers from no article opens a gap once the case is closed."""

from __future__ import annotations

from typing import Any

import httpx

from common.auth import Principal, TokenCodec
from common.clock import utcnow
from common.envelope import Envelope
from common.events import CaseClosed, SubmitterContacted
from common.vocabulary import Role
from tests.support.events import publish
from tests.support.infra import TEST_AUTH_SECRET, TestRun
from tests.support.kafka import eventually
from tests.support.loop import CALLBACK_AGENT, LEAD, act, callback, submit, wait_state
from tests.support.screening import CLERK, intake_events, register, screen, staff_view
from tests.support.stack import Stack
from tests.support.staff import headers_for

ARTICLE = "KB-demo-urban-001"  # the demo district's, owned by urban-management
UNIT = headers_for(Role.HANDLER, LEAD)
OTHER_UNIT = headers_for(Role.HANDLER, "housing-construction")
REVIEWER = {
    "Authorization": "Bearer "
    + TokenCodec(TEST_AUTH_SECRET).issue(
        Principal("loop-reviewer", Role.HANDLER, department=LEAD, reviews_knowledge=True)
    )
}
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
    stack: Stack, http: httpx.AsyncClient, e2e_run: TestRun
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

    # CaseClosed redelivered, and published anew: intake's inbox takes the fact once, and the
    # case keeps its one gap. The contact note after them, on the same partition, is the
    # sign intake has handled them.
    closed = CaseClosed(reason="重复归档", actor="system:test", closed_at=utcnow())
    again, anew = (Envelope.wrap(closed, case_id=case_id, producer="dispatch") for _ in range(2))
    note = SubmitterContacted(
        department=LEAD, note="回访后补充说明", actor="handler:test", contacted_at=utcnow()
    )
    marker = Envelope.wrap(note, case_id=case_id, producer="dispatch")
    await publish(
        e2e_run.servers.kafka_bootstrap, e2e_run.topic_prefix, [again, again, anew, marker]
    )

    async def handled() -> bool:
        timeline = (await staff_view(http, stack, case_id))["timeline"]
        return "SubmitterContacted" in [line["action"] for line in timeline]

    await eventually(handled)
    assert await gaps_of(http, stack, case_id) == [gap]


async def test_an_article_drafted_from_a_gap_closes_it_once_published(
    stack: Stack, http: httpx.AsyncClient, e2e_run: TestRun
) -> None:
    answer = {"outcome": "answer_consultation", "answer": "路灯不亮可拨打城管服务热线报修"}
    case_id = (await register(http, stack, screening=answer, **CONSULTATION))["case_id"]
    (gap,) = await gaps_of(http, stack, case_id)
    base = f"{stack.url('intake')}/api/v1/knowledge/articles"
    draft = {
        "department": LEAD,
        "question": "路灯不亮了找谁报修",
        "phrasings": ["路灯坏了打哪个电话"],
        "answer": gap["answer"],
        "basis": [{"title": "城市照明管理规定", "number": "建设部令第4号"}],
        "categories": ["streetlight"],
        "valid_from": "2024-01-01",
        "gap_id": gap["gap_id"],
    }
    created = await http.post(base, json=draft, headers=UNIT)
    assert created.status_code == 201, created.text
    article_id = created.json()["article_id"]
    assert (await http.post(f"{base}/{article_id}/submit", headers=UNIT)).status_code == 200
    published = await http.post(
        f"{base}/{article_id}/review", json={"decision": "publish"}, headers=REVIEWER
    )
    assert published.status_code == 200, published.text

    (closed,) = await gaps_of(http, stack, case_id)
    assert (closed["state"], closed["outcome"]) == ("closed", "article_published")
    assert closed["article_id"] == article_id
    *_, event = await intake_events(e2e_run, case_id, 4)
    assert event.event_type == "KnowledgeGapClosed"
    assert (event.payload["outcome"], event.payload["article_id"]) == (
        "article_published",
        article_id,
    )
    again = await http.post(base, json=draft, headers=UNIT)  # the gap is answered now
    assert again.status_code == 422 and again.json()["fields"][0]["field"] == "gap_id"
