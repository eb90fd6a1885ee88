"""More of a department handler's workbench: another department's case opened by its address
is refused in words, not shown; a co-handling department files its 协办意见 and the lead
department reads it on its case page; and a case waits (挂起) only once signed, as the
lifecycle has it (suspension belongs to handling, DOMAIN.md), with its countdown paused while
it waits, on the list as on the case page."""

from __future__ import annotations

import re
import uuid

import httpx
from playwright.async_api import expect

from common.vocabulary import Role
from tests.support.console import Console, confirm, error_of, log_in, running, take
from tests.support.kafka import eventually
from tests.support.loop import submit, wait_state
from tests.support.stack import Stack
from tests.support.staff import headers_for

LEAD = "urban-management"


async def new_case(stack: Stack, category: str = "streetlight") -> tuple[str, str]:
    """A submitted case of the category, once dispatch has assigned it: its id and title."""
    title = f"诉求-{uuid.uuid4().hex[:6]}"
    async with httpx.AsyncClient(timeout=10) as http:
        case_id: str = (await submit(http, stack, title=title, category=category))["case_id"]
        await wait_state(http, stack, case_id, "assigned")
    return case_id, title


async def test_another_departments_case_opened_by_its_address_is_refused_in_words(
    desktop: Console, stack: Stack
) -> None:
    # property management: housing-construction leads, urban-management has no part in it
    case_id, title = await new_case(stack, "property-management")
    own_id, own_title = await new_case(stack)

    page = desktop.page
    await desktop.open(f"/login?next=/staff/handler/cases/{case_id}")
    await log_in(desktop, "um-handler", "demo-handler")
    refusal = page.get_by_role("alert")
    await expect(refusal).to_have_text(
        re.compile(rf"未找到案件 {case_id}，或不在本部门的办理范围内")
    )
    await expect(page.get_by_role("link", name="← 本单位诉求")).to_be_visible()
    await expect(page.get_by_test_id("case-title")).to_have_count(0)
    await expect(page.get_by_test_id("actions")).to_have_count(0)
    await expect(page.locator("main")).not_to_contain_text(title)
    await desktop.screen("handler-case-of-another-department")

    await page.get_by_role("link", name="← 本单位诉求").click()
    await expect(page.locator(f'[data-case-id="{own_id}"]')).to_contain_text(own_title)
    await expect(page.get_by_test_id("total")).to_have_text(re.compile(r"^共 [1-9]\d* 件$"))
    await expect(page.locator(f'[data-case-id="{case_id}"]')).to_have_count(0)
    await expect(page.get_by_test_id("cases")).not_to_contain_text(title)


async def test_a_co_handler_files_its_opinion_and_the_lead_reads_it_on_its_case_page(
    desktop: Console, stack: Stack
) -> None:
    # road maintenance: urban-management leads, street-yuelu co-handles
    case_id, title = await new_case(stack, "road-maintenance")
    opinion = "岳麓街道已安排人员配合现场围挡，建议夜间施工"

    page = desktop.page
    await desktop.open("/login?next=/staff/handler/cases")
    await log_in(desktop, "yl-handler", "demo-handler")
    row = page.locator(f'[data-case-id="{case_id}"]')
    await expect(row.get_by_role("link", name=title)).to_be_visible()
    await expect(row).to_contain_text("协办")
    await row.get_by_role("link", name=title).click()
    await expect(page.get_by_test_id("case-title")).to_have_text(title)
    await expect(page.get_by_test_id("opinions")).to_contain_text("协办单位尚未提交意见")

    filing = await take(desktop, "协办意见")
    await confirm(filing, "协办意见")
    await expect(error_of(desktop, "协办意见")).to_have_text("请填写协办意见")
    await filing.get_by_label("协办意见").fill(opinion)
    await desktop.screen("handler-co-handler-opinion")
    await confirm(filing, "协办意见")
    await expect(page.get_by_test_id("opinion")).to_contain_text(opinion)

    await page.get_by_role("button", name="退出登录").click()
    await desktop.open(f"/login?next=/staff/handler/cases/{case_id}")
    await log_in(desktop, "um-handler", "demo-handler")
    await expect(page.get_by_test_id("case-title")).to_have_text(title)
    shown = page.get_by_test_id("opinion")
    await expect(shown).to_contain_text("岳麓街道")
    await expect(shown).to_contain_text(opinion)
    await expect(shown).to_contain_text("第 1 轮")
    await desktop.screen("handler-lead-reads-opinion")


async def test_a_case_is_suspended_once_signed_and_its_countdown_waits_meanwhile(
    desktop: Console, stack: Stack
) -> None:
    case_id, title = await new_case(stack)
    await eventually(lambda: running(stack, case_id, "sign"))

    # assigned, not yet signed: not handled yet, so nothing to suspend; the console offers
    # no 挂起 and dispatch refuses it in words
    async with httpx.AsyncClient(timeout=10) as http:
        refused = await http.post(
            f"{stack.url('dispatch')}/api/v1/cases/{case_id}/suspend",
            json={"reason": "等待群众补充材料"},
            headers=headers_for(Role.HANDLER, LEAD),
        )
    assert refused.status_code == 409, refused.text
    assert refused.json()["allowed_actions"] == ["sign", "return"]
    assert "已交办" in refused.json()["message"] and "挂起" in refused.json()["message"]

    page = desktop.page
    await desktop.open(f"/login?next=/staff/handler/cases/{case_id}")
    await log_in(desktop, "um-handler", "demo-handler")
    actions = page.get_by_test_id("actions")
    await expect(actions.get_by_role("button", name="签收")).to_be_visible()
    await expect(actions.get_by_role("button", name="挂起")).to_have_count(0)

    await confirm(await take(desktop, "签收"), "签收")
    await expect(page.get_by_test_id("case-state")).to_have_text("已签收")
    suspend = await take(desktop, "挂起")
    await suspend.get_by_label("理由").fill("等待群众补充材料")
    await confirm(suspend, "挂起")
    await expect(page.get_by_test_id("case-state")).to_have_text("已挂起")
    await eventually(lambda: running(stack, case_id, "resolution", paused=True))

    await page.get_by_role("link", name="← 本单位诉求").click()
    row = page.locator(f'[data-case-id="{case_id}"]')
    await expect(row.get_by_test_id("state")).to_have_text("已挂起")
    waiting = row.get_by_test_id("timer").filter(has_text="办结时限")
    await expect(waiting.get_by_test_id("countdown")).to_have_text("已暂停")
    await desktop.screen("handler-cases-suspended")

    await row.get_by_role("link", name=title).click()
    await confirm(await take(desktop, "恢复办理"), "恢复办理")
    await expect(page.get_by_test_id("case-state")).to_have_text("已签收")
    await eventually(lambda: running(stack, case_id, "resolution", paused=False))
    await page.get_by_role("link", name="← 本单位诉求").click()
    row = page.locator(f'[data-case-id="{case_id}"]')
    await expect(row.get_by_test_id("state")).to_have_text("已签收")
    resumed = row.get_by_test_id("timer").filter(has_text="办结时限")
    await expect(resumed.get_by_test_id("countdown")).to_have_text(re.compile(r"^剩余 \d"))
