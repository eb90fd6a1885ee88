"""The knowledge base on the running system, with the demo's accounts: a unit's handler drafts
and submits an article, its reviewer (知识库审核人) publishes it, staff and residents find it;
editing opens v2 while v1 serves, publishing v2 supersedes v1, withdrawing takes it out of
search; nobody publishes a version they wrote and another unit cannot touch it; the demo's
seeded articles are there from the start."""

from __future__ import annotations

from typing import Any

import httpx

from common.auth import Principal, TokenCodec
from common.vocabulary import Role
from tests.support.handling import bearer, login
from tests.support.infra import TEST_AUTH_SECRET
from tests.support.serial import next_serial
from tests.support.stack import Stack

UNIT = "urban-management"
_codec = TokenCodec(TEST_AUTH_SECRET)


def staff(username: str, role: Role, department: str | None = None, **more: Any) -> dict[str, str]:
    token = _codec.issue(Principal(username, role, department=department, **more))
    return {"Authorization": f"Bearer {token}"}


CLERK = staff("kb-clerk", Role.CLERK, "service-centre")
SUPERVISOR = staff("kb-supervisor", Role.SUPERVISOR, "discipline-committee")


async def logged_in(http: httpx.AsyncClient, stack: Stack, username: str, password: str) -> Any:
    """The demo account's token (reviewers carry the flag from their account)."""
    response = await login(http, stack, username, password)
    assert response.status_code == 200, response.text
    return bearer(response.json())


def draft(marker: str, answer: str) -> dict[str, Any]:
    return {
        "department": UNIT,
        "question": f"{marker}井盖丢失了找谁处理",
        "phrasings": [f"{marker}马路上的井盖不见了"],
        "answer": answer,
        "basis": [{"title": "城市道路管理条例", "number": "国务院令第198号"}],
        "categories": ["road-maintenance"],
        "valid_from": "2024-01-01",
    }


async def test_an_article_from_draft_to_search_to_a_new_version_to_withdrawal(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    base = f"{stack.url('intake')}/api/v1"
    marker = f"甲乙{next_serial():04d}号"
    author = await logged_in(http, stack, "um-handler", "demo-handler")
    reviewer = await logged_in(http, stack, "um-reviewer", "demo-reviewer")
    other = await logged_in(http, stack, "mr-reviewer", "demo-reviewer")
    admin = await logged_in(http, stack, "admin", "demo-admin")
    body = draft(marker, "城市管理局负责，24小时内补齐井盖。")

    missing = await http.post(f"{base}/knowledge/articles", json={**body, "department": ""},
                              headers=author)  # fmt: skip
    assert missing.status_code == 422, missing.text
    assert "department" in [f["field"] for f in missing.json()["fields"]]
    assert (
        await http.post(f"{base}/knowledge/articles", json=body, headers=other)
    ).status_code == 403

    created = await http.post(f"{base}/knowledge/articles", json=body, headers=author)
    assert created.status_code == 201, created.text
    article_id = created.json()["article_id"]
    url = f"{base}/knowledge/articles/{article_id}"
    assert created.json()["status"] == "draft"
    submitted = await http.post(f"{url}/submit", headers=author)
    assert submitted.json()["status"] == "pending_review", submitted.text
    own = await http.post(f"{url}/review", json={"decision": "publish"}, headers=author)
    assert own.status_code == 403 and own.json()["error"] == "not_knowledge_reviewer"
    foreign = await http.post(f"{url}/review", json={"decision": "publish"}, headers=other)
    assert foreign.status_code == 403
    done = await http.post(f"{url}/review", json={"decision": "publish"}, headers=reviewer)
    assert done.status_code == 200 and done.json()["status"] == "published", done.text

    async def found(by_staff: bool) -> list[tuple[str, int]]:
        path = "knowledge/search" if by_staff else "public/knowledge/search"
        answer = await http.get(
            f"{base}/{path}", params={"q": f"{marker}井盖丢了"}, headers=CLERK if by_staff else {}
        )
        assert answer.status_code == 200, answer.text
        return [(h["article_id"], h["version"]) for h in answer.json()["hits"]]

    assert (article_id, 1) in await found(True) and (article_id, 1) in await found(False)

    edited = await http.put(
        f"{url}/draft",
        json={**body, "answer": "城市管理局负责，12小时内补齐井盖。"},
        headers=reviewer,
    )
    assert edited.status_code == 200, edited.text
    assert (edited.json()["latest"]["version"], edited.json()["published"]["version"]) == (2, 1)
    assert (article_id, 1) in await found(False)  # v1 serves while v2 is a draft
    assert (await http.put(f"{url}/draft", json=body, headers=other)).status_code == 403

    await http.post(f"{url}/submit", headers=author)
    own = await http.post(f"{url}/review", json={"decision": "publish"}, headers=reviewer)
    assert own.status_code == 403 and own.json()["error"] == "own_version"  # the reviewer wrote v2
    v2 = await http.post(f"{url}/review", json={"decision": "publish"}, headers=admin)
    assert [v["status"] for v in v2.json()["versions"]] == ["superseded", "published"]
    assert (article_id, 2) in await found(True) and (article_id, 1) not in await found(True)
    first = await http.get(f"{url}/versions/1", headers=CLERK)
    assert first.json()["answer"] == body["answer"] and first.json()["status"] == "superseded"
    public = await http.get(f"{base}/public/knowledge/articles/{article_id}")
    assert public.status_code == 200 and public.json()["version"] == 2

    gone = await http.post(f"{url}/withdraw", json={"reason": "并入新条目"}, headers=reviewer)
    assert gone.json()["status"] == "withdrawn", gone.text
    assert article_id not in {a for a, _ in await found(True)}
    assert (await http.get(f"{base}/public/knowledge/articles/{article_id}")).status_code == 404
    status = await http.get(f"{base}/knowledge/review-status", headers=reviewer)
    assert [row["department"] for row in status.json()] == [UNIT]


async def test_the_demo_districts_articles_are_seeded_and_listed(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    base = f"{stack.url('intake')}/api/v1"
    page = await http.get(
        f"{base}/knowledge/articles", params={"status": "published", "limit": 200}, headers=CLERK
    )
    assert page.status_code == 200, page.text
    seeded = {item["article_id"] for item in page.json()["items"]}
    assert {"KB-demo-urban-001", "KB-demo-market-002"} <= seeded
    for filters in (
        {"flagged": "true"},
        {"review_overdue": "false", "q": "路灯"},
        {"category": "streetlight", "department": "urban-management"},
    ):
        listed = await http.get(f"{base}/knowledge/articles", params=filters, headers=CLERK)
        assert listed.status_code == 200, listed.text
    assert "KB-demo-urban-001" in {i["article_id"] for i in listed.json()["items"]}
    status = await http.get(f"{base}/knowledge/review-status", headers=SUPERVISOR)
    assert status.status_code == 200 and len(status.json()) >= 4, status.text
    refused = await http.get(f"{base}/knowledge/review-status", headers=CLERK)
    assert refused.status_code == 403
    hits = await http.get(f"{base}/public/knowledge/search", params={"q": "路灯坏了修"})
    assert hits.json()["hits"][0]["article_id"] == "KB-demo-urban-001", hits.text
