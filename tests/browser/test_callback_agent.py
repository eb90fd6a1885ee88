"""A callback agent's workbench: the callback queue, earliest due first, with each case's
title, handling department, result, due time and calls so far; a page per case with what the
department reported and whom to call, where the agent records a call that did not reach the
submitter, the submitter's answers, or issues a one-time rating link. A satisfied answer
closes the case, a dissatisfied one reopens it; problems are told next to their field."""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx
from playwright.async_api import expect

from common.vocabulary import Role
from tests.support.console import Console, error_of, log_in
from tests.support.kafka import eventually
from tests.support.loop import act, dispatch_case, submit, wait_state
from tests.support.stack import Stack
from tests.support.staff import headers_for

AGENT = headers_for(Role.CALLBACK_AGENT, username="callback-agent")
#: how many pages of the queue a test looks through for its case (other tests' tasks share it)
MAX_PAGES = 30


async def resolved_case(http: httpx.AsyncClient, stack: Stack, title: str, summary: str) -> str:
    """A citizen's case, signed and resolved by the department, with its callback due time."""
    case_id: str = (await submit(http, stack, title=title))["case_id"]
    await wait_state(http, stack, case_id, "assigned")
    assert (await act(http, stack, case_id, "sign")).status_code == 200
    resolved = await act(http, stack, case_id, "resolve", result="solved", summary=summary)
    assert resolved.status_code == 200, resolved.text

    async def due() -> str | None:
        response = await http.get(
            f"{stack.url('callback')}/api/v1/callbacks/{case_id}", headers=AGENT
        )
        tasks: list[dict[str, Any]] = response.json() if response.status_code == 200 else []
        return tasks[0]["due_at"] if tasks and tasks[0]["title"] else None

    await eventually(due)
    return case_id


async def place_in_queue(console: Console, case_id: str) -> tuple[int, int]:
    """The queue's page and the row the case is on, turning pages as an agent would."""
    page = console.page
    queue = page.get_by_test_id("callback-queue")
    for number in range(1, MAX_PAGES + 1):
        await expect(page.get_by_test_id("callback-page")).to_have_text(f"第 {number} 页")
        await expect(queue).to_have_attribute("aria-busy", "false")
        ids: list[str] = await page.get_by_test_id("callback-row").evaluate_all(
            "rows => rows.map(row => row.dataset.caseId)"
        )
        if case_id in ids:
            return number, ids.index(case_id)
        await page.get_by_test_id("callback-next-page").click()
    raise AssertionError(f"{case_id} is not in the first {MAX_PAGES} pages of the queue")


async def test_an_agent_records_a_failed_call_then_a_satisfied_answer_and_the_case_closes(
    desktop: Console, stack: Stack
) -> None:
    first_title = f"路灯不亮-{uuid.uuid4().hex[:6]}"
    async with httpx.AsyncClient(timeout=10) as http:
        first = await resolved_case(http, stack, first_title, "已更换线路，42盏路灯全部恢复")
        later = await resolved_case(http, stack, f"路灯不亮-{uuid.uuid4().hex[:6]}", "已修复")

    page = desktop.page
    await desktop.open("/login?next=/staff/callbacks")
    await log_in(desktop, "callback-agent", "demo-callback-agent")
    await expect(page.get_by_role("heading", name="回访队列")).to_be_visible()
    await expect(page.get_by_test_id("nav").get_by_role("link", name="回访队列")).to_be_visible()
    later_place = await place_in_queue(desktop, later)
    await desktop.open("/staff/callbacks")
    first_place = await place_in_queue(desktop, first)
    assert first_place < later_place, "the case resolved first is due first"
    row = page.get_by_test_id("callback-row").filter(has_text=first)
    await expect(row.get_by_test_id("callback-open")).to_have_text(first_title)
    await expect(row.get_by_test_id("callback-department")).to_have_text("城市管理局")
    await expect(row.get_by_test_id("callback-result")).to_have_text("已解决")
    await expect(row.get_by_test_id("callback-attempts")).to_have_text("0 次")
    due = row.get_by_test_id("callback-due")
    # a fresh limit: well before the first warning fraction, so calm (green), due in Shanghai
    await expect(due.get_by_test_id("callback-countdown")).to_have_text(re.compile(r"^剩余 \d"))
    await expect(due).to_have_class(re.compile(r"\bcalm\b"))
    await expect(due).to_contain_text(re.compile(r"（\d{4}-\d{2}-\d{2} \d{2}:\d{2} 到期）"))
    await desktop.screen("callback-queue")

    await row.get_by_test_id("callback-open").click()
    await expect(page.get_by_test_id("callback-title")).to_have_text(first_title)
    await expect(page.get_by_test_id("callback-summary")).to_have_text(
        "已更换线路，42盏路灯全部恢复"
    )
    await expect(page.get_by_test_id("callback-contact-name")).to_have_text("张先生")
    # the full number, as intake shows it to a callback agent
    await expect(page.get_by_test_id("callback-contact-phone")).to_have_text(
        re.compile(r"^\s*1380\d{7}\s*$")
    )
    await desktop.screen("callback-case")

    await page.get_by_test_id("callback-record-attempt").click()
    attempt = page.get_by_role("dialog", name="记录未接通")
    await page.get_by_test_id("callback-confirm-attempt").click()
    await expect(error_of(desktop, "回访情况")).to_have_text("请选择本次回访的情况")
    await attempt.get_by_text("已接通", exact=True).click()  # the API's own message, by the field
    await page.get_by_test_id("callback-confirm-attempt").click()
    await expect(error_of(desktop, "回访情况")).to_have_text(
        "已接通的回访请记录回访结果，而不是记为一次未接通"
    )
    await desktop.screen("callback-attempt-refused")
    await attempt.get_by_text("无人接听", exact=True).click()
    await attempt.get_by_label("备注").fill("上午无人接听，下午再打")
    await page.get_by_test_id("callback-confirm-attempt").click()
    await expect(page.get_by_test_id("callback-done")).to_contain_text("已记录：无人接听")
    history = page.get_by_test_id("callback-history")
    await expect(history).to_contain_text("无人接听")
    await expect(history).to_contain_text("上午无人接听，下午再打")
    await expect(page.get_by_test_id("callback-task-state")).to_contain_text("待回访")

    await page.get_by_test_id("callback-record-result").click()
    result = page.get_by_role("dialog", name="记录回访结果")
    await page.get_by_test_id("callback-confirm-result").click()
    await expect(error_of(desktop, "满意程度")).to_have_text("请选择满意程度")
    await expect(error_of(desktop, "问题是否解决")).to_have_text("请选择问题是否已解决")
    await result.get_by_text("满意", exact=True).click()
    await result.get_by_text("已解决", exact=True).click()
    await result.get_by_label("诉求人意见").fill("路灯都亮了，谢谢")
    await desktop.screen("callback-result")
    await page.get_by_test_id("callback-confirm-result").click()
    await expect(page.get_by_test_id("callback-task-state")).to_contain_text("已回访")
    await expect(page.get_by_test_id("callback-answer")).to_have_text(
        "满意，已解决：路灯都亮了，谢谢"
    )
    await expect(page.get_by_test_id("callback-aftermath")).to_contain_text("诉求已归档")
    await expect(page.get_by_test_id("callback-actions")).to_contain_text("本轮回访已结束")
    await desktop.screen("callback-case-closed")

    async with httpx.AsyncClient(timeout=10) as http:
        closed = await dispatch_case(http, stack, first)
    assert closed is not None and closed["state"] == "closed"


async def test_a_dissatisfied_answer_reopens_the_case_and_a_rating_link_opens_the_rating_page(
    desktop: Console, stack: Stack
) -> None:
    async with httpx.AsyncClient(timeout=10) as http:
        unhappy = await resolved_case(http, stack, f"路灯不亮-{uuid.uuid4().hex[:6]}", "已修复")
        rated = await resolved_case(http, stack, f"路灯不亮-{uuid.uuid4().hex[:6]}", "已修复")

    page = desktop.page
    await desktop.open(f"/login?next=/staff/callbacks/{unhappy}")
    await log_in(desktop, "callback-agent", "demo-callback-agent")
    await page.get_by_test_id("callback-record-result").click()
    result = page.get_by_role("dialog", name="记录回访结果")
    await result.get_by_text("不满意", exact=True).click()
    await result.get_by_text("未解决", exact=True).click()
    await result.get_by_label("诉求人意见").fill("还有3盏不亮")
    await page.get_by_test_id("callback-confirm-result").click()
    await expect(page.get_by_test_id("callback-aftermath")).to_have_text(
        "诉求已根据回访结果重新交办，进入第 2 轮办理"
    )
    await desktop.screen("callback-case-reopened")
    async with httpx.AsyncClient(timeout=10) as http:
        reopened = await wait_state(http, stack, unhappy, "assigned", round=2)
    assert reopened["actions"][-1]["action"] == "reopen"

    await desktop.open(f"/staff/callbacks/{rated}")
    await page.get_by_test_id("callback-issue-link").click()
    shown = page.get_by_test_id("callback-rating-link")
    url = shown.get_by_test_id("callback-rating-url")  # the input itself
    await expect(url).to_have_value(re.compile(r"^https?://[^/]+/rate/[A-Za-z0-9_-]{20,}$"))
    await expect(shown.get_by_test_id("callback-rating-expires")).to_have_text(
        re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2} 前有效")
    )
    await desktop.screen("callback-rating-link")

    path = re.sub(r"^https?://[^/]+", "", await url.input_value())
    await desktop.open(path)
    await expect(page.get_by_role("heading", name="办理结果评价")).to_be_visible()
    await expect(page.get_by_test_id("rated-case")).to_have_text(rated)
    await desktop.screen("callback-rating-page")
