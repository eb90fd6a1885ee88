"""Campaign ledgers (专项整治台账) through the console: a supervisor opens a ledger, tags a case
into it by its number and records two collected opinions, decides each entry's disposition,
responsible unit and time limit, and reads the figures the way Gaoyou reports them; the
responsible unit's handler reports one rectified on its own screen; the supervisor publishes the
ledger and the public problem list shows it, without who raised what."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
from playwright.async_api import Locator, expect

from tests.support.console import Console, field_error, log_in, log_out, picker
from tests.support.events import publish
from tests.support.ladder import assigned, listed, new_case, overdue
from tests.support.stack import Stack

LEAD_NAME = "城市管理局"
SHANGHAI = ZoneInfo("Asia/Shanghai")
#: logging in checks an Argon2 hash, slow on a busy machine
LOGIN_MS = 30_000


async def as_staff(console: Console, username: str, password: str, path: str) -> None:
    await console.open(f"/login?next={path}")
    await log_in(console, username, password)
    await expect(console.page.get_by_test_id("who")).to_be_visible(timeout=LOGIN_MS)


async def decide(
    console: Console, entry: Locator, disposition: str, unit: str | None, time_limit: str
) -> None:
    await entry.get_by_test_id("entry-edit").click()
    dialog = console.page.get_by_role("dialog", name=re.compile("^处置第"))
    await dialog.get_by_test_id("entry-disposition-choice").get_by_text(disposition).click()
    if unit:
        await picker(console, "责任单位").click()
        await console.page.get_by_role("option", name=unit, exact=True).last.click()
    limit = dialog.get_by_label("整改时限")
    await limit.fill(time_limit)
    await limit.press("Enter")
    await dialog.get_by_test_id("entry-save").click()
    await expect(dialog).to_be_hidden()


async def add_opinion(console: Console, text: str, raised_by: str) -> None:
    page = console.page
    await page.get_by_test_id("entry-new").click()
    dialog = page.get_by_role("dialog", name="登记台账条目")
    await dialog.get_by_test_id("entry-source").get_by_text("群众意见").click()
    await dialog.get_by_test_id("entry-confirm").click()
    await expect(field_error(console, "意见内容")).to_have_text("请填写意见内容")
    await dialog.get_by_label("意见内容").fill(text)
    await dialog.get_by_label("提出方（企业名称、镇街等，可不填）").fill(raised_by)
    await dialog.get_by_test_id("entry-confirm").click()
    await expect(dialog).to_be_hidden()


async def test_a_supervisor_keeps_a_campaign_ledger_and_publishes_it(
    desktop: Console, stack: Stack
) -> None:
    case_id = new_case()
    await publish(
        stack.run.servers.kafka_bootstrap,
        stack.run.topic_prefix,
        [assigned(case_id), overdue(case_id)],
    )
    async with httpx.AsyncClient(timeout=10) as http:
        await listed(http, stack, "signals", case_id, 1)  # supervision knows the case

    page = desktop.page
    title = f"营商环境专项整治-{uuid.uuid4().hex[:6]}"
    await as_staff(desktop, "supervisor", "demo-supervisor", "/staff/evaluations/ledgers")
    await expect(page.get_by_role("heading", name="专项整治台账")).to_be_visible()
    await page.get_by_test_id("ledger-new").click()
    dialog = page.get_by_role("dialog", name="新建专项整治台账")
    await dialog.get_by_test_id("ledger-confirm").click()
    await expect(field_error(desktop, "台账名称")).to_have_text("请填写台账名称")
    await dialog.get_by_label("台账名称").fill(title)
    await dialog.get_by_label("说明").fill("向企业征集的政府承诺未兑现问题")
    await dialog.get_by_test_id("ledger-confirm").click()
    await expect(page.get_by_role("heading", name=title)).to_be_visible()
    await expect(page.get_by_test_id("ledger-dispositions")).to_have_text(
        "0 件：立行立改 0 / 列入专项研究 0 / 重点督办 0"
    )

    # a case by its number: a number supervision does not know is refused next to the field
    await page.get_by_test_id("entry-new").click()
    dialog = page.get_by_role("dialog", name="登记台账条目")
    await dialog.get_by_label("受理编号").fill("SUP-unknown")
    await dialog.get_by_test_id("entry-confirm").click()
    await expect(dialog.get_by_role("alert")).to_contain_text("SUP-unknown")
    await dialog.get_by_label("受理编号").fill(case_id)
    await dialog.get_by_test_id("entry-confirm").click()
    await expect(dialog).to_be_hidden()
    await expect(page.get_by_test_id("notice")).to_have_text(re.compile(r"^已登记第 \d+ 条$"))

    await add_opinion(desktop, "承诺的厂房水电增容至今未落实", "某某机械有限公司")
    await add_opinion(desktop, "企业开办补贴迟迟未兑现", "东湖街道")
    rows = page.get_by_test_id("entry-table").locator(".el-table__body tr")
    await expect(rows).to_have_count(3)
    await expect(page.get_by_test_id("ledger-dispositions")).to_have_text(
        "3 件：立行立改 0 / 列入专项研究 0 / 重点督办 0 / 待定 3"
    )
    await desktop.screen("evaluations-ledger-entries")

    due = (datetime.now(UTC) + timedelta(days=10)).astimezone(SHANGHAI).date()
    soon = due.isoformat()
    await decide(desktop, rows.filter(has_text=case_id), "立行立改", None, soon)
    await decide(desktop, rows.filter(has_text="水电增容"), "重点督办", LEAD_NAME, soon)
    await decide(desktop, rows.filter(has_text="开办补贴"), "列入专项研究", LEAD_NAME, soon)
    await expect(page.get_by_test_id("ledger-dispositions")).to_have_text(
        "3 件：立行立改 1 / 列入专项研究 1 / 重点督办 1"
    )
    await expect(rows.filter(has_text=case_id)).to_contain_text(LEAD_NAME)
    await expect(page.get_by_test_id("ledger-progress")).to_contain_text(
        "已整改 0 件（按期 0 件），逾期 0 件，未整改 3 件"
    )
    await desktop.screen("evaluations-ledger-decided")

    # the responsible unit's handler reports one rectified: the outcome is needed
    await log_out(desktop)
    await as_staff(desktop, "um-handler", "demo-handler", "/staff/evaluations/ledger-entries")
    mine = page.get_by_test_id("my-entry").filter(has_text="水电增容")
    await expect(mine).to_contain_text(f"整改时限{due.year}年{due.month}月{due.day}日")
    await mine.get_by_test_id("my-entry-report").click()
    dialog = page.get_by_role("dialog", name=re.compile("^报送第"))
    await dialog.get_by_test_id("entry-progress-choice").get_by_text("已整改").click()
    await dialog.get_by_test_id("entry-save").click()
    await expect(field_error(desktop, "整改结果")).to_have_text("整改完成须填写整改结果")
    await dialog.get_by_label("整改结果").fill("已协调供电公司完成增容")
    await dialog.get_by_test_id("entry-save").click()
    await expect(dialog).to_be_hidden()
    await expect(mine).to_contain_text("已整改")
    await desktop.screen("evaluations-handler-entries")

    # the supervisor reads the figures and publishes the ledger
    await log_out(desktop)
    await as_staff(desktop, "supervisor", "demo-supervisor", "/staff/evaluations/ledgers")
    row = page.get_by_test_id("ledger-row").filter(has_text=title)
    await expect(row.get_by_test_id("ledger-dispositions")).to_have_text(
        "3 件：立行立改 1 / 列入专项研究 1 / 重点督办 1"
    )
    await row.get_by_test_id("ledger-open").click()
    await expect(page.get_by_test_id("ledger-progress")).to_contain_text(
        "已整改 1 件（按期 1 件），逾期 0 件，未整改 2 件"
    )
    await page.get_by_test_id("ledger-publish").click()
    await expect(page.get_by_test_id("ledger-published")).to_contain_text("公开")
    await expect(page.get_by_test_id("ledger-publish")).to_have_text("撤回公开")
    await desktop.screen("evaluations-ledger-published")

    await desktop.open("/problems")
    public = page.get_by_test_id("public-ledger").filter(has_text=title)
    await expect(public.get_by_test_id("public-ledger-dispositions")).to_have_text(
        "3 件：立行立改 1 / 列入专项研究 1 / 重点督办 1"
    )
    await desktop.screen("evaluations-problem-list-ledgers")
    await public.get_by_role("link", name=title).click()
    await expect(page.get_by_role("heading", name=title)).to_be_visible()
    await expect(page.get_by_test_id("public-entry")).to_have_count(3)
    await expect(page.get_by_text("已协调供电公司完成增容")).to_be_visible()
    await expect(page.get_by_text("某某机械有限公司")).to_have_count(0)  # who raised it: not public
    await desktop.screen("evaluations-public-ledger")
