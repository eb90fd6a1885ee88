"""The dispatcher's workbench: the queue of what waits for a dispatcher (cases no rule could
route, returns to rule on, extension requests to decide), each with its words, who brought
it, why it waits and the classifier's confidence; the case page with its returns and the
decisions dispatch offers: 交办 with a co-handler, 退单仲裁 seeing who returned it, when and
why, and 延期审批, granted with the new limit shown, or refused with a reason. What a decision
lacks is said next to its field, by the console or the API."""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx
from playwright.async_api import Locator, expect

from tests.support.console import Console, field_error, log_in, picker, running, shanghai, timers_of
from tests.support.kafka import eventually
from tests.support.loop import act, streetlight_case, submit, wait_state
from tests.support.stack import Stack

LEAD = "urban-management"


def row_of(console: Console, case_id: str) -> Locator:
    return console.page.locator(f'[data-testid="queue-row"][data-case-id="{case_id}"]')


async def open_queue(console: Console) -> None:
    await console.open("/login?next=/staff/dispatcher/queue")
    await log_in(console, "dispatcher", "demo-dispatcher")
    await expect(console.page.get_by_role("heading", name="派单队列")).to_be_visible()


async def take(console: Console, action: str, step: str) -> Locator:
    """Opens the decision's form; the dialog it is in."""
    await console.page.get_by_test_id(f"action-{action}").click()
    dialog = console.page.get_by_role("dialog", name=step)
    await expect(dialog).to_be_visible()
    return dialog


async def choose(console: Console, field: str, *names: str) -> None:
    """Picks options of an Element Plus select by their names, then closes its list."""
    await picker(console, field).click()
    for name in names:
        await console.page.get_by_role("option", name=name, exact=True).click()
    await console.page.get_by_role("dialog").locator(".el-dialog__header").click()


async def returned_case(http: httpx.AsyncClient, stack: Stack, reason: str) -> str:
    case_id: str = (await submit(http, stack, title=f"路灯不亮-{uuid.uuid4().hex[:6]}"))["case_id"]
    await wait_state(http, stack, case_id, "assigned")
    response = await act(http, stack, case_id, "return", reason=reason)
    assert response.status_code == 200, response.text
    return case_id


async def resolution_due(stack: Stack, case_id: str) -> str | None:
    for timer in await timers_of(stack, case_id):
        if timer["stage"] == "resolution" and timer["state"] in {"running", "paused"}:
            due: str | None = timer["due_at"]
            return due
    return None


async def test_a_case_no_one_could_route_waits_in_the_queue_and_is_assigned_with_a_co_handler(
    desktop: Console, stack: Stack
) -> None:
    vague = streetlight_case(category=None, title="你好", description="请回电话给我")
    async with httpx.AsyncClient(timeout=10) as http:
        response = await http.post(f"{stack.url('intake')}/api/v1/cases", json=vague)
        assert response.status_code == 201, response.text
        case_id: str = response.json()["case_id"]
        waiting: dict[str, Any] = await wait_state(http, stack, case_id, "awaiting_dispatch")
        categories = (await http.get(f"{stack.url('intake')}/api/v1/categories")).json()
    category = next(c["name"] for c in categories if c["code"] == waiting["category"])
    percent = round(waiting["classification_confidence"] * 100)

    page = desktop.page
    await open_queue(desktop)
    await expect(page.get_by_test_id("nav").get_by_role("link", name="派单队列")).to_be_visible()
    row = row_of(desktop, case_id)
    await expect(row.get_by_test_id("queue-row-link")).to_have_text("你好")
    await expect(row.get_by_test_id("queue-row-excerpt")).to_have_text("请回电话给我")
    await expect(row.get_by_test_id("queue-row-submitter")).to_have_text("个人")
    await expect(row.get_by_test_id("queue-row-state")).to_have_text("待派单")
    await expect(row.get_by_test_id("queue-row-reason")).to_have_text(waiting["queued_reason"])
    await expect(row.get_by_test_id("queue-row-reason")).to_contain_text("由系统自动识别")
    await expect(row.get_by_test_id("queue-row-category")).to_have_text(
        re.compile(rf"^\s*{re.escape(category)}（置信度 {percent}%）\s*$")
    )
    await expect(row.get_by_test_id("queue-row-updated")).to_have_text(
        shanghai(waiting["updated_at"])
    )
    await expect(page.get_by_test_id("queue-page")).to_have_text("第 1 页")
    await desktop.screen("dispatcher-queue")

    await row.get_by_test_id("queue-row-link").click()
    await expect(page.get_by_test_id("case-title")).to_have_text("你好")
    await expect(page.get_by_test_id("case-text")).to_have_text("请回电话给我")
    await expect(page.get_by_test_id("case-state")).to_have_text("待派单")
    await expect(page.get_by_test_id("case-queued-reason")).to_have_text(waiting["queued_reason"])
    await desktop.screen("dispatcher-case-awaiting")

    assign = await take(desktop, "assign", "交办")
    await assign.get_by_test_id("step-confirm").click()
    await expect(field_error(desktop, "主办单位")).to_have_text("请选择主办单位")
    await choose(desktop, "主办单位", "城市管理局")
    await choose(desktop, "协办单位", "岳麓街道")
    await assign.get_by_label("交办说明（可选）").fill("群众来电反映路灯，城管主办，街道协办")
    await desktop.screen("dispatcher-assign")
    await assign.get_by_test_id("step-confirm").click()
    await expect(page.get_by_test_id("case-state")).to_have_text("已交办")
    await expect(page.get_by_test_id("case-lead")).to_have_text("城市管理局")
    await expect(page.get_by_test_id("case-co-handlers")).to_have_text("岳麓街道")
    await expect(page.get_by_test_id("timeline")).to_contain_text("城管主办，街道协办")
    # a routed case not yet signed may still be handed to an outside unit (转办) or have its
    # category corrected (改类), nothing else
    await expect(page.get_by_test_id("actions").get_by_role("button")).to_have_text(
        ["转办", "改类"]
    )
    await desktop.screen("dispatcher-case-assigned")


async def test_the_dispatcher_rules_on_a_return_seeing_who_returned_it_when_and_why(
    desktop: Console, stack: Stack
) -> None:
    why = "该路段路灯由高速公路管理处维护，不属于本单位职责"
    async with httpx.AsyncClient(timeout=10) as http:
        case_id = await returned_case(http, stack, why)
        waiting = await wait_state(http, stack, case_id, "returned")
    (back,) = waiting["return_history"]

    page = desktop.page
    await open_queue(desktop)
    row = row_of(desktop, case_id)
    await expect(row.get_by_test_id("queue-row-state")).to_have_text("已退单待仲裁")
    await expect(row.get_by_test_id("queue-row-reason")).to_have_text(
        f"城市管理局退单待仲裁：{why}"
    )
    await expect(row.get_by_test_id("queue-row-category")).to_contain_text("路灯照明（人工选定）")
    await row.get_by_test_id("queue-row-link").click()

    history = page.get_by_test_id("return-history")
    first = history.get_by_role("row").filter(has_text="第 1 次")
    await expect(first).to_contain_text("城市管理局")
    await expect(first).to_contain_text(back["returned_by"])
    await expect(first).to_contain_text(shanghai(back["returned_at"]))
    await expect(first).to_contain_text(why)
    await expect(first).to_contain_text("待仲裁")
    await desktop.screen("dispatcher-case-returned")

    ruling = await take(desktop, "arbitrate", "退单仲裁")
    await expect(ruling.get_by_test_id("ruling-on")).to_contain_text(
        f"城市管理局于 {shanghai(back['returned_at'])} 退单：{why}"
    )
    await ruling.get_by_text("同意退单，改派", exact=True).click()
    await ruling.get_by_test_id("step-confirm").click()
    await expect(field_error(desktop, "主办单位")).to_have_text("请选择主办单位")
    await picker(desktop, "主办单位").click()
    # the returning department is not offered as the new lead
    await expect(page.get_by_role("option", name="城市管理局", exact=True)).to_have_count(0)
    await page.get_by_role("option", name="岳麓街道", exact=True).click()
    await ruling.get_by_label("仲裁理由").fill("   ")  # blank: the API's own message, by the field
    await ruling.get_by_test_id("step-confirm").click()
    await expect(field_error(desktop, "仲裁理由")).to_contain_text("不能为空")
    await desktop.screen("dispatcher-arbitrate-refused")
    await ruling.get_by_label("仲裁理由").fill("路段属岳麓街道辖区，改由街道主办")
    await ruling.get_by_test_id("step-confirm").click()

    await expect(page.get_by_test_id("case-state")).to_have_text("已交办")
    await expect(page.get_by_test_id("case-lead")).to_have_text("岳麓街道")
    await expect(first).to_contain_text("同意退单，改派至岳麓街道")
    await expect(first).to_contain_text("dispatcher")
    await desktop.screen("dispatcher-case-rerouted")


async def test_the_dispatcher_grants_an_extension_with_its_new_limit_and_denies_another(
    desktop: Console, stack: Stack
) -> None:
    title = f"路灯不亮-{uuid.uuid4().hex[:6]}"
    async with httpx.AsyncClient(timeout=10) as http:
        case_id: str = (await submit(http, stack, title=title))["case_id"]
        await wait_state(http, stack, case_id, "assigned")
        assert (await act(http, stack, case_id, "sign")).status_code == 200
        asked = await act(
            http, stack, case_id, "extensions", working_days=3, reason="需协调供电公司"
        )
        assert asked.status_code == 200, asked.text
    await eventually(lambda: running(stack, case_id, "resolution"))
    before = await resolution_due(stack, case_id)
    assert before is not None

    page = desktop.page
    await open_queue(desktop)
    row = row_of(desktop, case_id)
    await expect(row.get_by_test_id("queue-row-reason")).to_have_text(
        "城市管理局申请延期 3 个工作日：需协调供电公司"
    )
    await expect(row.get_by_test_id("queue-row-departments")).to_have_text("城市管理局主办")
    await row.get_by_test_id("queue-row-link").click()
    await expect(page.get_by_test_id("case-title")).to_have_text(title)
    await expect(page.get_by_test_id("pending-extension")).to_contain_text(
        "城市管理局申请延期 3 个工作日：需协调供电公司"
    )
    await desktop.screen("dispatcher-case-extension")

    grant = await take(desktop, "grant_extension", "批准延期")
    await expect(grant.get_by_test_id("grant-summary")).to_contain_text(
        f"当前办结时限 {shanghai(before)}"
    )
    await grant.get_by_test_id("step-confirm").click()
    await expect(page.get_by_test_id("done")).to_contain_text("已批准延期")

    async def moved() -> str | None:
        due = await resolution_due(stack, case_id)
        return due if due and due != before else None

    after = await eventually(moved)
    await expect(page.get_by_test_id("new-limit")).to_have_text(
        f"办结时限已顺延至 {shanghai(after)}", timeout=30_000
    )
    await expect(page.get_by_test_id("pending-extension")).to_have_count(0)
    await expect(page.get_by_test_id("action-grant_extension")).to_have_count(0)
    await desktop.screen("dispatcher-extension-granted")

    async with httpx.AsyncClient(timeout=10) as http:
        again = await act(http, stack, case_id, "extensions", working_days=2, reason="材料未齐")
        assert again.status_code == 200, again.text
    await page.reload()
    deny = await take(desktop, "deny_extension", "不同意延期")
    await deny.get_by_test_id("step-confirm").click()
    await expect(field_error(desktop, "不同意理由")).to_have_text("请填写理由")
    await deny.get_by_label("不同意理由").fill("  ")  # blank: the API's own message, by the field
    await deny.get_by_test_id("step-confirm").click()
    await expect(field_error(desktop, "不同意理由")).to_contain_text("不能为空")
    await desktop.screen("dispatcher-deny-refused")
    await deny.get_by_label("不同意理由").fill("已延期一次，请按期办结")
    await deny.get_by_test_id("step-confirm").click()
    await expect(page.get_by_test_id("done")).to_contain_text("已不同意延期")
    await expect(page.get_by_test_id("pending-extension")).to_have_count(0)
    await expect(page.get_by_test_id("timeline")).to_contain_text("已延期一次，请按期办结")
