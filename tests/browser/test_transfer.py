"""转办 in the console: the dispatcher hands a queued case to an outside unit (the demo's
water company) with a note; the unit's handler sees it on its own list with its
acknowledgement limit, acknowledges (确认接收) and answers (答复); the callback agent then
has the case to call back, marked as the unit's answer."""

from __future__ import annotations

import uuid

import httpx
from playwright.async_api import Locator, expect

from tests.support.console import Console, field_error, log_in, log_out, picker
from tests.support.kafka import eventually
from tests.support.loop import CALLBACK_AGENT, submit, wait_state
from tests.support.stack import Stack

UNIT_NAME = "长沙水业集团供水公司"


async def step(console: Console, name: str) -> Locator:
    await console.page.get_by_test_id("actions").get_by_role("button", name=name).click()
    dialog = console.page.get_by_role("dialog", name=name)
    await expect(dialog).to_be_visible()
    return dialog


async def callback_task_open(stack: Stack, case_id: str) -> bool:
    async with httpx.AsyncClient(timeout=10) as http:
        response = await http.get(
            f"{stack.url('callback')}/api/v1/callbacks/{case_id}", headers=CALLBACK_AGENT
        )
    return response.status_code == 200 and bool(response.json())


async def test_a_dispatcher_transfers_the_unit_acknowledges_and_answers_and_callback_follows(
    desktop: Console, stack: Stack
) -> None:
    title = f"小区停水-{uuid.uuid4().hex[:6]}"
    async with httpx.AsyncClient(timeout=10) as http:
        receipt = await submit(
            http,
            stack,
            category="other",
            title=title,
            description="小区从昨天早上开始停水，没有任何通知。",
        )
        case_id: str = receipt["case_id"]
        await wait_state(http, stack, case_id, "awaiting_dispatch")
    page = desktop.page

    # the dispatcher hands it over from the queue
    await desktop.open("/login?next=/staff/dispatcher/queue")
    await log_in(desktop, "dispatcher", "demo-dispatcher")
    row = page.locator(f'[data-testid="queue-row"][data-case-id="{case_id}"]')
    await row.get_by_test_id("queue-row-link").click()
    await expect(page.get_by_test_id("case-state")).to_have_text("待派单")
    await page.get_by_test_id("action-transfer").click()
    dialog = page.get_by_role("dialog", name="转办")
    await dialog.get_by_test_id("step-confirm").click()
    await expect(field_error(desktop, "转办单位（外单位）")).to_have_text("请选择转办单位")
    await picker(desktop, "转办单位").click()
    await page.get_by_role("option", name=UNIT_NAME, exact=True).click()
    await dialog.get_by_label("转办说明").fill("供水管网故障，属供水公司职责，请抢修并答复")
    await desktop.screen("dispatcher-transfer")
    await dialog.get_by_test_id("step-confirm").click()
    await expect(page.get_by_test_id("case-state")).to_have_text("已转办待确认")
    await expect(page.get_by_test_id("case-lead")).to_have_text(UNIT_NAME)
    await expect(page.get_by_test_id("timeline")).to_contain_text("属供水公司职责")
    await log_out(desktop)

    # the unit sees it on its own list, with its own limit, acknowledges and answers
    await desktop.open("/login?next=/staff/handler/cases")
    await log_in(desktop, "water-handler", "demo-handler")
    await expect(page.get_by_role("heading", name="本单位诉求")).to_be_visible()
    listed = page.get_by_test_id("case").filter(has_text=case_id)
    await expect(listed.get_by_test_id("state")).to_have_text("已转办待确认")
    await expect(listed.get_by_test_id("timer").filter(has_text="转办确认接收时限")).to_be_visible()
    await desktop.screen("unit-cases")
    await listed.get_by_role("link", name=title).click()
    await expect(page.get_by_test_id("case-title")).to_have_text(title)
    acknowledge = await step(desktop, "确认接收")
    await acknowledge.get_by_role("button", name="确认接收", exact=True).click()
    await expect(page.get_by_test_id("case-state")).to_have_text("外单位办理中")
    answer = await step(desktop, "答复")
    await answer.get_by_text("已解决", exact=True).click()
    await answer.get_by_label("办理情况").fill("已抢修爆裂水管，当晚恢复供水")
    await desktop.screen("unit-answer")
    await answer.get_by_role("button", name="确认答复").click()
    await expect(page.get_by_test_id("case-state")).to_have_text("已办结")
    await expect(page.get_by_test_id("actions")).to_contain_text("当前没有您可以进行的操作")
    await log_out(desktop)

    # the callback agent has it to call back, as the unit's answer
    await eventually(lambda: callback_task_open(stack, case_id))
    await desktop.open(f"/login?next=/staff/callbacks/{case_id}")
    await log_in(desktop, "callback-agent", "demo-callback-agent")
    await expect(page.get_by_test_id("callback-department")).to_have_text(
        f"{UNIT_NAME}（转办答复）"
    )
    await expect(page.get_by_test_id("callback-summary")).to_have_text(
        "已抢修爆裂水管，当晚恢复供水"
    )
    await desktop.screen("callback-transfer")
