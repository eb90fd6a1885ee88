"""One case around the whole loop, done only through the console: a resident submits it on a
phone without choosing a category; the window clerk screens it into 其他（人工分派）; the
dispatcher routes it to 城市管理局; the department's handler signs and resolves it; the
callback agent hears the resident is dissatisfied, which reopens it; the handler resolves it
again; the agent hears the resident is satisfied, which closes it; and the supervisor finds
it counted in the department's scorecard. No step is taken through the API: the API is read
only to wait for what the console's own steps set moving between the services."""

from __future__ import annotations

import uuid

from playwright.async_api import Locator, expect

from tests.support.console import Console, log_in, log_out, picker

LEAD_NAME = "城市管理局"


async def submitted_on_the_phone(phone: Console, title: str) -> tuple[str, str]:
    page = phone.page
    await phone.open("/submit")
    await page.get_by_text("办不成事", exact=True).click()
    await page.get_by_label("标题").fill(title)
    await page.get_by_label("详细描述").fill(
        "小区北门外的路灯和井盖都有问题，晚上出门很危险，打了几次电话都没人管。"
    )
    await page.get_by_label("地址").fill(f"湘江新区桐梓坡西路{uuid.uuid4().int % 900 + 100}号")
    await page.get_by_label("姓名").fill("孙先生")
    await page.get_by_label("联系电话").fill(f"137{uuid.uuid4().int % 10**8:08d}")
    await page.get_by_role("button", name="提交").click()
    await expect(page.get_by_role("heading", name="提交成功")).to_be_visible()
    case_id = await page.get_by_test_id("case-id").inner_text()
    code = await page.get_by_test_id("tracking-code").inner_text()
    await phone.screen("loop-portal-receipt")
    return case_id, code


async def screened_by_the_clerk(desktop: Console, case_id: str) -> None:
    page = desktop.page
    await desktop.open("/login?next=/staff/screening")
    await log_in(desktop, "clerk", "demo-clerk")
    await expect(page.get_by_role("heading", name="甄别队列")).to_be_visible()
    await page.get_by_role("link", name=case_id).click()
    await expect(page.get_by_role("heading", name=f"甄别 {case_id}")).to_be_visible()
    await page.get_by_text("受理", exact=True).click()
    await picker(desktop, "问题类别").click()
    await page.get_by_role("option", name="其他（人工分派）").click()
    await page.get_by_role("button", name="提交甄别结果").click()
    await expect(page.get_by_test_id("done")).to_have_text("甄别完成：已受理")
    await desktop.screen("loop-clerk-accepted")
    await log_out(desktop)


async def routed_by_the_dispatcher(desktop: Console, case_id: str, title: str) -> None:
    page = desktop.page
    await desktop.open("/login?next=/staff/dispatcher/queue")
    await log_in(desktop, "dispatcher", "demo-dispatcher")
    row = page.locator(f'[data-testid="queue-row"][data-case-id="{case_id}"]')
    await expect(row.get_by_test_id("queue-row-link")).to_have_text(title)
    await row.get_by_test_id("queue-row-link").click()
    await expect(page.get_by_test_id("case-state")).to_have_text("待派单")
    await page.get_by_test_id("action-assign").click()
    dialog = page.get_by_role("dialog", name="交办")
    await picker(desktop, "主办单位").click()
    await page.get_by_role("option", name=LEAD_NAME, exact=True).click()
    await dialog.get_by_test_id("step-confirm").click()
    await expect(page.get_by_test_id("case-state")).to_have_text("已交办")
    await expect(page.get_by_test_id("case-lead")).to_have_text(LEAD_NAME)
    await desktop.screen("loop-dispatcher-routed")
    await log_out(desktop)


async def step(console: Console, name: str) -> Locator:
    await console.page.get_by_test_id("actions").get_by_role("button", name=name).click()
    dialog = console.page.get_by_role("dialog", name=name)
    await expect(dialog).to_be_visible()
    return dialog


async def resolved_by_the_handler(desktop: Console, case_id: str, title: str, how: str) -> None:
    page = desktop.page
    await desktop.open("/login?next=/staff/handler/cases")
    await log_in(desktop, "um-handler", "demo-handler")
    row = page.get_by_test_id("case").filter(has_text=case_id)
    await row.get_by_role("link", name=title).click()
    await expect(page.get_by_test_id("case-state")).to_have_text("已交办")
    sign = await step(desktop, "签收")
    await sign.get_by_role("button", name="确认签收").click()
    await expect(page.get_by_test_id("case-state")).to_have_text("已签收")
    resolve = await step(desktop, "办结")
    await resolve.get_by_text("已解决", exact=True).click()
    await resolve.get_by_label("办理情况").fill(how)
    await resolve.get_by_role("button", name="确认办结").click()
    await expect(page.get_by_test_id("case-state")).to_have_text("已办结")
    await desktop.screen("loop-handler-resolved")
    await log_out(desktop)
