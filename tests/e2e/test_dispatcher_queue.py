"""The dispatcher's queue on the running system: what intake said of each case (title, text,
submitter kind, the classifier's confidence) without asking intake, a page at a time; a
returned case with the return to rule on; an extension request until it is decided."""

from __future__ import annotations

from typing import Any

import httpx

from tests.support.handling import DISPATCHER, case_in, ok, post
from tests.support.loop import act, wait_state
from tests.support.stack import Stack


async def queued(http: httpx.AsyncClient, stack: Stack, **query: int) -> list[dict[str, Any]]:
    response = await http.get(
        f"{stack.url('dispatch')}/api/v1/queue", params=query, headers=DISPATCHER
    )
    rows: list[dict[str, Any]] = await ok(response)
    return rows


def row_of(rows: list[dict[str, Any]], case_id: str) -> dict[str, Any] | None:
    return next((row for row in rows if row["case_id"] == case_id), None)


async def test_the_queue_tells_each_case_in_intakes_words_a_page_at_a_time(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    older = await case_in(http, stack, "awaiting_dispatch", category="other")
    newer = await case_in(http, stack, "awaiting_dispatch", category="other")

    everything = await queued(http, stack, limit=500)
    row = row_of(everything, newer)
    assert row is not None
    assert (row["title"], row["description"]) == (
        "道路路灯多年不亮",
        "片区主干道42盏路灯多年不亮，夜间出行不便。",
    )
    assert (row["submitter_kind"], row["category_confirmed"]) == ("person", True)
    assert row["classification_confidence"] is None and row["pending_return"] is None
    ids = [r["case_id"] for r in everything]
    assert ids.index(newer) < ids.index(older)  # the latest change first

    pages = [await queued(http, stack, limit=1, offset=n) for n in range(len(ids))]
    assert [page[0]["case_id"] for page in pages] == ids


async def test_a_return_and_an_extension_request_wait_for_the_dispatcher_until_decided(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    returned = await case_in(http, stack, "assigned")
    await ok(await act(http, stack, returned, "return", reason="不属于本单位职责"))
    extended = await case_in(http, stack, "assigned")
    await ok(await act(http, stack, extended, "sign"))
    await ok(await act(http, stack, extended, "extensions", working_days=2, reason="需协调"))

    waiting = await queued(http, stack, limit=500)
    back = row_of(waiting, returned)
    assert back is not None and back["pending_return"] is not None
    assert back["pending_return"]["from_department"] == "urban-management"
    assert back["pending_return"]["reason"] == "不属于本单位职责"
    asked = row_of(waiting, extended)
    assert asked is not None and asked["state"] == "signed"
    assert asked["pending_extension"]["working_days"] == 2

    await ok(await post(http, stack, extended, "extensions/grant", DISPATCHER))
    await ok(
        await post(
            http, stack, returned, "arbitrate", DISPATCHER, decision="send_back", reason="属本单位"
        )
    )
    await wait_state(http, stack, returned, "assigned")
    after = await queued(http, stack, limit=500)
    assert row_of(after, returned) is None and row_of(after, extended) is None
    history = (
        await ok(
            await http.get(f"{stack.url('dispatch')}/api/v1/cases/{returned}", headers=DISPATCHER)
        )
    )["return_history"]
    assert [(h["from_department"], h["decision"], h["reason"]) for h in history] == [
        ("urban-management", "send_back", "不属于本单位职责")
    ]
