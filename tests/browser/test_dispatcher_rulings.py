"""The dispatcher's other rulings, as a dispatcher takes them: a queued case with its dispatch
time limit counting down, 交办 under the category the dispatcher picks, 改类 on a routed case
(told whether the new category's lead differs), 退回甄别 with a reason the clerk then sees in
the screening queue, and 驳回 with a reason. What a ruling lacks is said next to its field."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from playwright.async_api import Locator, expect

from tests.support.console import Console, field_error, log_in, log_out, picker
from tests.support.loop import streetlight_case, wait_state
from tests.support.stack import Stack


def row_of(console: Console, case_id: str) -> Locator:
    return console.page.locator(f'[data-testid="queue-row"][data-case-id="{case_id}"]')


async def queued_case(http: httpx.AsyncClient, stack: Stack, title: str) -> dict[str, Any]:
    """A case of the category no rule routes, once it waits for a dispatcher."""
    body = streetlight_case(category="other", title=title, description=f"{title}，请尽快处理")
    response = await http.post(f"{stack.url('intake')}/api/v1/cases", json=body)
    assert response.status_code == 201, response.text
    case_id = response.json()["case_id"]
    waiting: dict[str, Any] = await wait_state(http, stack, case_id, "awaiting_dispatch")
    return waiting


async def open_case(console: Console, case_id: str) -> None:
    await console.open(f"/staff/dispatcher/cases/{case_id}")
    await expect(console.page.get_by_test_id("case-title")).to_be_visible()


async def take(console: Console, action: str, step: str) -> Locator:
    await console.page.get_by_test_id(f"action-{action}").click()
    dialog = console.page.get_by_role("dialog", name=step)
    await expect(dialog).to_be_visible()
    return dialog


async def choose(console: Console, field: str, name: str) -> None:
    await picker(console, field).click()
    await console.page.get_by_role("option", name=name, exact=True).click()


async def test_a_dispatcher_assigns_under_a_chosen_category_then_reclassifies(
    desktop: Console, stack: Stack
) -> None:
    title = f"路灯忽明忽暗-{uuid.uuid4().hex[:6]}"
    async with httpx.AsyncClient(timeout=10) as http:
        waiting = await queued_case(http, stack, title)
    case_id = waiting["case_id"]
    page = desktop.page

    await desktop.open("/login?next=/staff/dispatcher/queue")
    await log_in(desktop, "dispatcher", "demo-dispatcher")
    await expect(page.get_by_role("heading", name="派单队列")).to_be_visible()
    row = row_of(desktop, case_id)
    await expect(row.get_by_test_id("queue-row-limit")).to_contain_text("派单时限")
    await expect(row.get_by_test_id("queue-row-limit")).to_contain_text("到期")
    await desktop.screen("dispatcher-queue-limit")

    await row.get_by_test_id("queue-row-link").click()
    await expect(page.get_by_test_id("case-title")).to_have_text(title)
    assign = await take(desktop, "assign", "交办")
    await choose(desktop, "分类", "路灯照明")
    await choose(desktop, "主办单位", "城市管理局")
    await desktop.screen("dispatcher-assign-category")
    await assign.get_by_test_id("step-confirm").click()
    await expect(page.get_by_test_id("case-state")).to_have_text("已交办")
    await expect(page.get_by_test_id("case-category")).to_contain_text("路灯照明")
    await expect(page.get_by_test_id("timeline")).to_contain_text("改类")

    change = await take(desktop, "reclassify", "改类")
    await change.get_by_test_id("step-confirm").click()
    await expect(field_error(desktop, "新的分类（事项）")).to_have_text("请选择新的分类")
    await choose(desktop, "分类", "路灯照明")
    await change.get_by_test_id("step-confirm").click()
    await expect(field_error(desktop, "新的分类（事项）")).to_contain_text("无需改类")
    await choose(desktop, "分类", "工程建设项目推进")
    await change.get_by_label("改类理由（可选）").fill("实为在建工程施工影响照明")
    await change.get_by_test_id("step-confirm").click()
    done = page.get_by_test_id("done")
    await expect(done).to_contain_text("已改类为「工程建设项目推进」（原为「路灯照明」）")
    await expect(done).to_contain_text("与当前主办单位不同")
    await expect(page.get_by_test_id("case-category")).to_contain_text("工程建设项目推进")
    await expect(page.get_by_test_id("case-lead")).to_have_text("城市管理局")  # route stays
    await desktop.screen("dispatcher-reclassified")


async def test_a_dispatcher_sends_a_case_back_to_screening_and_the_clerk_sees_why(
    desktop: Console, stack: Stack
) -> None:
    title = f"反映问题-{uuid.uuid4().hex[:6]}"
    why = "诉求地点不清，请窗口联系诉求人补充具体位置"
    async with httpx.AsyncClient(timeout=10) as http:
        case_id = (await queued_case(http, stack, title))["case_id"]
    page = desktop.page

    await desktop.open(f"/login?next=/staff/dispatcher/cases/{case_id}")
    await log_in(desktop, "dispatcher", "demo-dispatcher")
    back = await take(desktop, "send_back", "退回甄别")
    await back.get_by_test_id("step-confirm").click()
    await expect(field_error(desktop, "退回理由（窗口工作人员将看到）")).to_have_text("请填写理由")
    await back.get_by_label("退回理由（窗口工作人员将看到）").fill(why)
    await back.get_by_test_id("step-confirm").click()
    await expect(page.get_by_test_id("case-state")).to_have_text("已退回甄别")
    await expect(page.get_by_test_id("actions")).to_contain_text("当前没有您可以进行的操作")

    await log_out(desktop)
    await desktop.open("/login?next=/staff/screening")
    await log_in(desktop, "clerk", "demo-clerk")
    line = page.get_by_test_id("queue").get_by_role("row").filter(has_text=case_id)
    await expect(line.get_by_test_id("sent-back-tag")).to_have_text("派单员退回")
    await expect(line.get_by_test_id("queued-reason")).to_have_text(f"派单员退回甄别：{why}")
    await desktop.screen("clerk-screening-sent-back")


async def test_a_dispatcher_rejects_a_case_outside_the_districts_remit(
    desktop: Console, stack: Stack
) -> None:
    title = f"市级事项-{uuid.uuid4().hex[:6]}"
    async with httpx.AsyncClient(timeout=10) as http:
        case_id = (await queued_case(http, stack, title))["case_id"]
    page = desktop.page

    await desktop.open(f"/login?next=/staff/dispatcher/cases/{case_id}")
    await log_in(desktop, "dispatcher", "demo-dispatcher")
    reject = await take(desktop, "reject", "驳回")
    await reject.get_by_label("驳回理由（将告知诉求人）").fill("属市级部门职责，请向市12345反映")
    await reject.get_by_test_id("step-confirm").click()
    await expect(page.get_by_test_id("case-state")).to_have_text("已驳回（不予受理）")
    await expect(page.get_by_test_id("timeline")).to_contain_text("属市级部门职责")
    await desktop.screen("dispatcher-rejected")
