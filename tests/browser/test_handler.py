"""A department handler's workbench: the department's cases with the live countdown of their
time limits, a case page that offers the steps dispatch allows (sign, first contact,
extension request, suspend and resume, resolve, return), and the urges and supervision orders
addressed to the department with their answer-by times; each step a form whose problems are
told next to the field they concern."""

from __future__ import annotations

import re
import uuid
from zoneinfo import ZoneInfo

import httpx
from playwright.async_api import expect

from common.vocabulary import EscalationStep, Role
from tests.support.console import Console, confirm, error_of, log_in, running, shanghai, take
from tests.support.events import publish
from tests.support.kafka import eventually
from tests.support.ladder import assigned, escalated, listed, new_case
from tests.support.loop import submit, wait_state
from tests.support.stack import Stack
from tests.support.staff import headers_for

DEPARTMENT = "urban-management"
HANDLER = headers_for(Role.HANDLER, DEPARTMENT, "um-handler")
SHANGHAI = ZoneInfo("Asia/Shanghai")


async def test_a_handler_signs_contacts_extends_suspends_resumes_and_resolves(
    desktop: Console, stack: Stack
) -> None:
    title = f"路灯不亮-{uuid.uuid4().hex[:6]}"
    async with httpx.AsyncClient(timeout=10) as http:
        case_id: str = (await submit(http, stack, title=title))["case_id"]
        await wait_state(http, stack, case_id, "assigned")
    await eventually(lambda: running(stack, case_id, "sign"))

    page = desktop.page
    await desktop.open("/login?next=/staff/handler/cases")
    await log_in(desktop, "um-handler", "demo-handler")
    await expect(page.get_by_role("heading", name="本单位诉求")).to_be_visible()
    await expect(page.get_by_test_id("nav").get_by_role("link", name="本单位诉求")).to_be_visible()
    row = page.get_by_test_id("case").filter(has_text=case_id)
    await expect(row.get_by_role("link", name=title)).to_be_visible()
    await expect(row.get_by_test_id("state")).to_have_text("已交办")
    await expect(row).to_contain_text("路灯")
    sign_timer = row.get_by_test_id("timer").filter(has_text="签收时限")
    await expect(sign_timer.get_by_test_id("countdown")).to_have_text(
        # a fresh limit: well before the first warning fraction, so calm (green)
        re.compile(r"^剩余 \d")
    )
    await expect(sign_timer).to_have_class(re.compile(r"\bcalm\b"))
    await desktop.screen("handler-cases")

    await row.get_by_role("link", name=title).click()
    await expect(page.get_by_test_id("case-title")).to_have_text(title)
    await expect(page.get_by_test_id("case-state")).to_have_text("已交办")
    await desktop.screen("handler-case-assigned")

    sign = await take(desktop, "签收")
    await confirm(sign, "签收")
    await expect(page.get_by_test_id("case-state")).to_have_text("已签收")
    await expect(page.get_by_test_id("timeline")).to_contain_text("签收")

    contact = await take(desktop, "首次联系")
    await confirm(contact, "首次联系")
    await expect(error_of(desktop, "联系情况")).to_have_text("请填写联系情况")
    await contact.get_by_label("联系情况").fill("已电话联系张先生，约定明日现场查看")
    await confirm(contact, "首次联系")
    await expect(page.get_by_test_id("timeline")).to_contain_text("约定明日现场查看")

    extension = await take(desktop, "申请延期")
    await extension.get_by_label("延期工作日数").fill("3")
    await extension.get_by_label("理由").fill("   ")  # blank: the API's own message, by the field
    await confirm(extension, "申请延期")
    await expect(error_of(desktop, "理由")).to_contain_text("不能为空")
    await desktop.screen("handler-extension-refused")
    await extension.get_by_label("理由").fill("需协调供电公司更换线路")
    await confirm(extension, "申请延期")
    await expect(page.get_by_text("3 个工作日：需协调供电公司更换线路")).to_be_visible()

    suspend = await take(desktop, "挂起")
    await suspend.get_by_label("理由").fill("等待群众提供具体路段")
    await confirm(suspend, "挂起")
    await expect(page.get_by_test_id("case-state")).to_have_text("已挂起")
    await eventually(lambda: running(stack, case_id, "resolution", paused=True))
    await page.reload()
    resolution = page.get_by_test_id("timer").filter(has_text="办结时限")
    await expect(resolution.get_by_test_id("countdown")).to_have_text("已暂停")
    await desktop.screen("handler-case-suspended")

    resume = await take(desktop, "恢复办理")
    await confirm(resume, "恢复办理")
    await expect(page.get_by_test_id("case-state")).to_have_text("已签收")

    resolve = await take(desktop, "办结")
    await confirm(resolve, "办结")
    await expect(error_of(desktop, "办理结果")).to_have_text("请选择办理结果")
    await expect(error_of(desktop, "办理情况")).to_have_text("请填写办理结果")
    await resolve.get_by_text("已解决", exact=True).click()
    await resolve.get_by_label("办理情况").fill("已更换线路，42盏路灯全部恢复")
    await desktop.screen("handler-resolve")
    await confirm(resolve, "办结")
    await expect(page.get_by_test_id("case-state")).to_have_text("已办结")
    await expect(page.get_by_test_id("actions")).to_contain_text("当前没有您可以进行的操作")
    await desktop.screen("handler-case-resolved")


async def test_a_handler_returns_a_case_that_is_not_its_departments_with_a_reason(
    desktop: Console, stack: Stack
) -> None:
    title = f"路灯不亮-{uuid.uuid4().hex[:6]}"
    async with httpx.AsyncClient(timeout=10) as http:
        case_id: str = (await submit(http, stack, title=title))["case_id"]
        await wait_state(http, stack, case_id, "assigned")

    page = desktop.page
    await desktop.open(f"/login?next=/staff/handler/cases/{case_id}")
    await log_in(desktop, "um-handler", "demo-handler")
    await expect(page.get_by_test_id("case-title")).to_have_text(title)
    back = await take(desktop, "退回")
    await confirm(back, "退回")
    await expect(error_of(desktop, "理由")).to_have_text("请填写理由")
    await back.get_by_label("理由").fill("该路段路灯由高速公路管理处维护，不属于本单位职责")
    await desktop.screen("handler-return")
    await confirm(back, "退回")
    await expect(page.get_by_test_id("case-state")).to_have_text("已退单待仲裁")
    await expect(page.get_by_test_id("timeline")).to_contain_text("不属于本单位职责")
    await expect(page.get_by_test_id("actions")).to_contain_text("当前没有您可以进行的操作")


async def test_a_handler_reads_its_urges_and_answers_a_supervision_order_in_time(
    desktop: Console, stack: Stack
) -> None:
    case_id = new_case()
    await publish(
        stack.run.servers.kafka_bootstrap,
        stack.run.topic_prefix,
        [
            assigned(case_id),
            escalated(case_id, EscalationStep.URGE, 1),
            escalated(case_id, EscalationStep.SUPERVISION_ORDER, 3),
        ],
    )
    async with httpx.AsyncClient(timeout=10) as http:
        (order,) = await listed(http, stack, "orders", case_id, 1)
        await listed(http, stack, "urges", case_id, 1)

    page = desktop.page
    await desktop.open("/login?next=/staff/handler/supervision")
    await log_in(desktop, "um-handler", "demo-handler")
    await expect(page.get_by_role("heading", name="督办催办")).to_be_visible()
    urge = page.get_by_test_id("urge").filter(has_text=case_id)
    await expect(urge).to_contain_text("超期自动催办")
    shown = page.get_by_test_id("order").filter(has_text=case_id)
    await expect(shown.get_by_test_id("answer-by")).to_have_text(
        re.compile(rf"^\s*书面答复时限 {re.escape(shanghai(order['respond_by']))}（剩余 .+）\s*$")
    )
    await desktop.screen("handler-supervision")

    await shown.get_by_role("button", name="书面答复").click()
    dialog = page.get_by_role("dialog", name="书面答复")
    await dialog.get_by_role("button", name="提交答复").click()
    await expect(error_of(desktop, "答复内容")).to_have_text("请填写书面答复")
    await dialog.get_by_label("答复内容").fill("已组织人员现场整改，路灯已全部恢复")
    await dialog.get_by_role("button", name="提交答复").click()
    await expect(shown.get_by_test_id("response")).to_have_text(
        "答复：已组织人员现场整改，路灯已全部恢复"
    )
    await expect(shown.get_by_test_id("answer-by")).to_contain_text("答复）")
    await expect(shown.get_by_test_id("answer-by")).to_have_class(re.compile(r"\banswered\b"))
    await desktop.screen("handler-supervision-answered")
