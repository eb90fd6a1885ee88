"""A department's case list as its handler's console reads it, on the running system: one
page of dispatch's summaries with the titles intake registered (CaseAccepted carries them),
the total and whether a next page exists, filtered by state; and the timers of the page's
cases from deadline in one request."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from common.vocabulary import Role
from tests.support.kafka import eventually
from tests.support.loop import act, submit, wait_state
from tests.support.stack import Stack
from tests.support.staff import headers_for

LEAD, CO, OUTSIDER = "urban-management", "street-yuelu", "finance-review"


async def page_of(
    http: httpx.AsyncClient, stack: Stack, department: str, who: str = "", **params: Any
) -> httpx.Response:
    return await http.get(
        f"{stack.url('dispatch')}/api/v1/departments/{department}/cases",
        params=params,
        headers=headers_for(Role.HANDLER, who or department),
    )


async def new_cases(
    http: httpx.AsyncClient, stack: Stack, count: int, category: str = "streetlight"
) -> dict[str, str]:
    """case id -> its title, once dispatch has assigned each."""
    titled: dict[str, str] = {}
    for _ in range(count):
        title = f"路灯不亮-{uuid.uuid4().hex[:8]}"
        receipt = await submit(http, stack, title=title, category=category)
        titled[receipt["case_id"]] = title
    for case_id in titled:
        await wait_state(http, stack, case_id, "assigned")
    return titled


async def test_a_page_names_its_cases_counts_them_all_and_says_whether_more_follow(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    titled = await new_cases(http, stack, 3)

    whole = await page_of(http, stack, LEAD, limit=200)
    assert whole.status_code == 200, whole.text
    everything = whole.json()
    listed = {c["case_id"]: c for c in everything["items"]}
    assert {case_id: listed[case_id]["title"] for case_id in titled} == titled
    total = everything["total"]
    assert total >= 3 and everything["offset"] == 0
    assert everything["has_next"] is (total > 200)

    # page by page, two at a time: the same cases in the same order, each once
    paged: list[str] = []
    offset = 0
    while offset < min(total, 200):
        page = (await page_of(http, stack, LEAD, limit=2, offset=offset)).json()
        assert page["total"] == total and page["offset"] == offset
        assert page["has_next"] is (offset + len(page["items"]) < total)
        paged += [c["case_id"] for c in page["items"]]
        offset += 2
    assert paged == [c["case_id"] for c in everything["items"]][: len(paged)]
    assert (await page_of(http, stack, LEAD, limit=2, offset=total)).json()["items"] == []


async def test_the_state_filter_narrows_the_page_and_its_total(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    titled = await new_cases(http, stack, 2)
    signed, waiting = list(titled)
    assert (await act(http, stack, signed, "sign")).status_code == 200

    only_signed = (await page_of(http, stack, LEAD, state="signed", limit=200)).json()
    ids = {c["case_id"] for c in only_signed["items"]}
    assert signed in ids and waiting not in ids
    assert {c["state"] for c in only_signed["items"]} == {"signed"}
    both = (await page_of(http, stack, LEAD, state=["signed", "assigned"], limit=200)).json()
    assert {signed, waiting} <= {c["case_id"] for c in both["items"]}
    assert both["total"] > only_signed["total"] >= 1


async def test_a_co_handler_lists_the_case_and_no_handler_lists_another_department(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    # road maintenance: urban-management leads, street-yuelu co-handles
    ((case_id, title),) = (await new_cases(http, stack, 1, "road-maintenance")).items()

    co_page = (await page_of(http, stack, CO, limit=200)).json()
    (shown,) = [c for c in co_page["items"] if c["case_id"] == case_id]
    assert (shown["title"], shown["lead_department"], shown["co_handlers"]) == (title, LEAD, [CO])

    refused = await page_of(http, stack, LEAD, who=OUTSIDER)
    assert refused.status_code == 404, refused.text
    assert refused.json()["error"] == "not_found"
    assert "本部门" in refused.json()["message"]
    dispatcher = await http.get(
        f"{stack.url('dispatch')}/api/v1/departments/{CO}/cases",
        headers=headers_for(Role.DISPATCHER),
    )
    assert case_id in {c["case_id"] for c in dispatcher.json()["items"]}


async def test_the_timers_of_a_page_come_in_one_answer_for_what_the_caller_may_see(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    first, second = await new_cases(http, stack, 2)
    asked = [second, "19990101000001", first]
    url = f"{stack.url('deadline')}/api/v1/timers"

    async def both_timed() -> list[dict[str, Any]] | None:
        found = await http.get(
            url, params={"case_id": asked}, headers=headers_for(Role.HANDLER, LEAD)
        )
        assert found.status_code == 200, found.text
        cases: list[dict[str, Any]] = found.json()["cases"]
        return cases if len(cases) == 2 else None

    cases = await eventually(both_timed)
    assert [c["case_id"] for c in cases] == [second, first]  # as asked; the unknown left out
    for case in cases:
        (sign,) = [t for t in case["timers"] if t["stage"] == "sign"]
        assert sign["state"] == "running" and sign["department"] == LEAD
        assert sign["working_minutes_left"] > 0
        single = await http.get(
            f"{stack.url('deadline')}/api/v1/cases/{case['case_id']}/timers",
            headers=headers_for(Role.HANDLER, LEAD),
        )
        assert [t["timer_id"] for t in single.json()["timers"]] == [
            t["timer_id"] for t in case["timers"]
        ]

    outsider = await http.get(
        url, params={"case_id": asked}, headers=headers_for(Role.HANDLER, OUTSIDER)
    )
    assert outsider.status_code == 200 and outsider.json() == {"cases": []}
    none_asked = await http.get(url, headers=headers_for(Role.HANDLER, LEAD))
    assert none_asked.status_code == 422
