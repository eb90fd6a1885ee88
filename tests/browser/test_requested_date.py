"""The submitter's requested completion date (期望办结日期) in the console: a citizen picks it
on the portal's form on a phone; the handler of the department the case goes to sees it on
the case list and the case page, with the warning that the policy's limit falls after it."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

import httpx
from playwright.async_api import expect

from common.clock import local_date, utcnow
from tests.support.console import Console, log_in, timers_of
from tests.support.kafka import eventually
from tests.support.loop import wait_state
from tests.support.stack import Stack


async def flagged_resolution(stack: Stack, case_id: str) -> dict[str, Any] | None:
    timers = await timers_of(stack, case_id)
    late = [t for t in timers if t["stage"] == "resolution" and t["later_than_requested"]]
    return late[0] if late else None


async def test_a_date_picked_on_the_portal_reaches_the_handler_with_the_warning(
    phone: Console, desktop: Console, stack: Stack
) -> None:
    # 办不成事 is resolved within 3 working days: tomorrow is earlier than that limit
    wanted = (local_date(utcnow()) + timedelta(days=1)).isoformat()
    title = f"路灯不亮请尽快修 {uuid.uuid4().hex[:6]}"
    page = phone.page
    await phone.open("/")
    await page.get_by_role("link", name="我要反映").first.click()
    await expect(page.get_by_role("heading", name="我要反映")).to_be_visible()
    await page.get_by_text("办不成事", exact=True).click()
    await (
        page.locator(".el-select").filter(has=page.get_by_role("combobox", name="问题类别")).click()
    )
    await page.get_by_role("option", name="路灯照明").click()
    await page.get_by_label("标题").fill(title)
    await page.get_by_label("详细描述").fill("厂区门口的路灯坏了一个月，夜班工人下班看不清路。")
    await page.get_by_label("地址").fill(f"湘江新区期望路{uuid.uuid4().int % 10**6}号")
    await page.get_by_label("姓名").fill("钱经理")
    await page.get_by_label("联系电话").fill(f"136{uuid.uuid4().int % 10**8:08d}")
    requested = page.get_by_label("期望办结日期", exact=True)
    await requested.fill(wanted)
    await requested.press("Enter")
    await expect(requested).to_have_value(wanted)
    await phone.screen("portal-submit-requested-date")
    await page.get_by_role("button", name="提交").click()
    await expect(page.get_by_role("heading", name="提交成功")).to_be_visible()
    case_id = await page.get_by_test_id("case-id").inner_text()

    async with httpx.AsyncClient(timeout=10) as http:
        await wait_state(http, stack, case_id, "assigned")
    timer = await eventually(lambda: flagged_resolution(stack, case_id))
    due = local_date(datetime.fromisoformat(timer["due_at"])).isoformat()
    warning = f"政策时限晚于群众期望日期：办结时限 {due}，期望办结 {wanted}"

    screen = desktop.page
    await desktop.open("/login?next=/staff/handler/cases")
    await log_in(desktop, "um-handler", "demo-handler")
    row = screen.get_by_test_id("case").filter(has_text=case_id)
    # the first page of a freshly started stack may take a while on a busy machine
    await expect(row).to_be_visible(timeout=30_000)
    await expect(row.get_by_test_id("requested-by")).to_have_text(f"期望办结：{wanted}")
    await expect(row.get_by_test_id("requested-warning")).to_contain_text(warning)
    await desktop.screen("handler-cases-requested-date")

    await row.get_by_role("link", name=title).click()
    await expect(screen.get_by_test_id("case-title")).to_have_text(title)
    await expect(screen.get_by_test_id("requested-by")).to_have_text(f"期望办结：{wanted}")
    await expect(screen.get_by_test_id("requested-warning")).to_contain_text(warning)
    await desktop.screen("handler-case-requested-date")
