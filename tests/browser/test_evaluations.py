"""Campaign ledgers (专项整治台账) and evaluation campaigns (三项评议) through the console.

A supervisor opens a ledger, tags a case into it by its number and records two collected
opinions, decides each entry's disposition, responsible unit and time limit, and reads the
figures the way Gaoyou reports them; the responsible unit's handler reports one rectified on its
own screen; the supervisor publishes the ledger and the public problem list shows it, without
who raised what.

A supervisor drafts and opens a 群众评服务 campaign and makes invitation codes; a resident
answers in the portal with a code from the link, once; an enterprise answers 企业评政府 with
its credit code, a wrong check character refused next to the field. In a 基层评机关 campaign a
street office's handler answers in the console; the supervisor closes it, reads the results
and the talk (约谈) it led to; the summoned department's handler writes its commitment and the
portal shows it; the scorecard shows the department's result beside its case figures."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
from playwright.async_api import Locator, expect

from tests.support.console import Console, field_error, log_in, log_out, picker
from tests.support.events import publish
from tests.support.ladder import LEAD, SUPERVISOR, assigned, listed, new_case, overdue
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
    async with page.expect_download() as download:
        await page.get_by_test_id("export-xlsx").click()
    assert (await download.value).suggested_filename == f"专项整治台账-{title}.xlsx"
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


async def test_campaigns_are_answered_in_the_portal_and_the_console_and_closed(
    desktop: Console, stack: Stack
) -> None:
    page = desktop.page
    title = f"窗口服务群众评议-{uuid.uuid4().hex[:6]}"
    await as_staff(desktop, "supervisor", "demo-supervisor", "/staff/evaluations/campaigns")
    await expect(page.get_by_role("heading", name="三项评议")).to_be_visible()
    await page.get_by_test_id("campaign-new").click()
    dialog = page.get_by_role("dialog", name="新建评议")
    await dialog.get_by_test_id("campaign-confirm").click()
    await expect(field_error(desktop, "评议名称")).to_have_text("请填写评议名称")
    await dialog.get_by_label("评议名称").fill(title)
    await picker(desktop, "被评议单位").click()
    await page.get_by_role("option", name=LEAD_NAME, exact=True).last.click()
    await page.keyboard.press("Escape")
    await dialog.get_by_test_id("campaign-min").locator("input").fill("1")
    await dialog.get_by_test_id("campaign-confirm").click()
    await expect(page.get_by_role("heading", name=title)).to_be_visible()
    await expect(page.get_by_test_id("campaign-status")).to_have_text("草稿")
    await page.get_by_test_id("campaign-start").click()
    await expect(page.get_by_test_id("campaign-status")).to_have_text("进行中")

    await page.get_by_label("邀请码数量").fill("2")
    await page.get_by_test_id("invitations-make").click()
    invitations = page.get_by_test_id("invitation")
    await expect(invitations).to_have_count(2)
    link = (await invitations.first.locator(".link").inner_text()).strip()
    assert link.startswith(f"{desktop.base_url}/campaigns/"), link
    await desktop.screen("evaluations-campaign-invitations")

    # a resident follows the link: no login, the code already filled in
    await log_out(desktop)
    await page.goto(link)
    await expect(page.get_by_role("heading", name=title)).to_be_visible()
    target = page.get_by_test_id("rate-target").filter(has_text=LEAD_NAME)
    await page.get_by_test_id("rate-send").click()
    form_alert = page.get_by_test_id("questionnaire").get_by_role("alert")
    await expect(form_alert).to_contain_text("请至少对一个单位选择满意度")
    await target.get_by_text("推诿扯皮").click()
    await target.get_by_test_id("rate-satisfaction").get_by_text("满意", exact=True).click()
    await target.get_by_label(f"{LEAD_NAME}：意见建议").fill("窗口人员态度好，但材料要跑两趟")
    await desktop.screen("evaluations-portal-questionnaire")
    await page.get_by_test_id("rate-send").click()
    await expect(page.get_by_test_id("thanks")).to_contain_text("感谢您的评议")
    await desktop.screen("evaluations-portal-thanks")
    await page.goto(link)  # the same code again: refused
    await page.get_by_test_id("rate-target").get_by_text("很满意").click()
    await page.get_by_test_id("rate-send").click()
    await expect(form_alert).to_contain_text("邀请码")
    await expect(page.get_by_test_id("thanks")).to_have_count(0)

    # the results as they come in
    await as_staff(desktop, "supervisor", "demo-supervisor", "/staff/evaluations/campaigns")
    await (
        page.get_by_test_id("campaign-row")
        .filter(has_text=title)
        .get_by_test_id("campaign-open")
        .click()
    )
    results = page.get_by_test_id("campaign-results")
    await expect(results.get_by_role("heading")).to_have_text("评议结果（1 份答卷）")
    row = results.locator(".el-table__body tr").filter(has_text=LEAD_NAME)
    await expect(row.get_by_test_id("result-rank")).to_have_text("第 1 名")
    async with page.expect_download() as download:
        await results.get_by_test_id("export-csv").click()
    assert (await download.value).suggested_filename == f"评议结果-{title}.csv"
    await desktop.screen("evaluations-campaign-results")

    await an_enterprise_answers(desktop, stack)
    await grassroots_rate_and_commit(desktop, stack)


async def opened_campaign(stack: Stack, title: str, kind: str) -> str:
    """A campaign rating the lead department, drafted and opened through the API."""
    today = datetime.now(SHANGHAI).date()
    async with httpx.AsyncClient(timeout=10) as http:
        made = await http.post(
            f"{stack.url('supervision')}/api/v1/campaigns",
            headers=SUPERVISOR,
            json={
                "title": title,
                "kind": kind,
                "targets": [LEAD],
                "opens_on": today.isoformat(),
                "closes_on": (today + timedelta(days=7)).isoformat(),
                "questionnaire": {
                    "indicators": [
                        {"code": "buck_passing", "text": "推诿扯皮", "weight": 0.5},
                        {"code": "dragging", "text": "办事拖沓", "weight": 0.5},
                    ],
                    "satisfaction_labels": ["很不满意", "不满意", "一般", "满意", "很满意"],
                },
                "weights": {"negative_list": 0.4, "satisfaction": 0.6},
                "min_responses": 1,
                "threshold": 80,
            },
        )
        assert made.status_code == 201, made.text
        campaign_id: str = made.json()["campaign_id"]
        opened = await http.post(
            f"{stack.url('supervision')}/api/v1/campaigns/{campaign_id}/open", headers=SUPERVISOR
        )
        assert opened.status_code == 200, opened.text
    return campaign_id


async def an_enterprise_answers(desktop: Console, stack: Stack) -> None:
    """An enterprise answers 企业评政府 in the portal with its credit code, checked as typed."""
    page = desktop.page
    title = f"企业评政府-{uuid.uuid4().hex[:6]}"
    campaign_id = await opened_campaign(stack, title, "enterprises_rate_government")
    await log_out(desktop)
    await desktop.open(f"/campaigns/{campaign_id}")
    await expect(page.get_by_role("heading", name=title)).to_be_visible()
    await page.get_by_label("统一社会信用代码").fill("91350100M000100Y44")
    await page.get_by_label("企业名称").fill("某某机械有限公司")
    target = page.get_by_test_id("rate-target").filter(has_text=LEAD_NAME)
    await target.get_by_test_id("rate-satisfaction").get_by_text("一般", exact=True).click()
    await page.get_by_test_id("rate-send").click()
    await expect(field_error(desktop, "统一社会信用代码")).to_have_text(
        "统一社会信用代码校验位不符，请核对"
    )
    await desktop.screen("evaluations-portal-enterprise-refused")
    await page.get_by_label("统一社会信用代码").fill("91350100m000100y43")
    await page.get_by_test_id("rate-send").click()
    await expect(page.get_by_test_id("thanks")).to_contain_text("感谢您的评议")


async def grassroots_rate_and_commit(desktop: Console, stack: Stack) -> None:
    page = desktop.page
    title = f"基层评机关-{uuid.uuid4().hex[:6]}"
    campaign_id = await opened_campaign(stack, title, "grassroots_rate_agencies")

    # a street office's handler rates the department in the console
    await as_staff(desktop, "yl-handler", "demo-handler", "/staff/evaluations/office-ratings")
    office = page.get_by_test_id("office-campaign").filter(has_text=title)
    await office.get_by_test_id("office-campaign-answer").click()
    target = page.get_by_test_id("rate-target").filter(has_text=LEAD_NAME)
    await target.get_by_text("办事拖沓").click()
    await target.get_by_test_id("rate-satisfaction").get_by_text("不满意", exact=True).click()
    await desktop.screen("evaluations-office-questionnaire")
    await page.get_by_test_id("rate-send").click()
    await expect(page.get_by_test_id("notice")).to_have_text(f"已提交“{title}”的评议，感谢参与")
    await expect(office.get_by_text("已评议")).to_be_visible()

    # the supervisor closes it: the department below the threshold is summoned
    await log_out(desktop)
    await as_staff(
        desktop, "supervisor", "demo-supervisor", f"/staff/evaluations/campaigns/{campaign_id}"
    )
    await page.get_by_test_id("campaign-close").click()
    await page.get_by_role("dialog", name="结束评议").get_by_role("button", name="结束评议").click()
    await expect(page.get_by_test_id("campaign-status")).to_have_text("已结束")
    row = page.get_by_test_id("campaign-results").locator(".el-table__body tr")
    await expect(row.filter(has_text=LEAD_NAME).get_by_test_id("result-summoned")).to_be_visible()
    commitment = page.get_by_test_id("campaign-commitment").filter(has_text=LEAD_NAME)
    await expect(commitment).to_contain_text("尚未作出公开承诺")
    await desktop.screen("evaluations-campaign-closed")

    # the summoned department writes its commitment, public on the problem list
    promise = f"一个月内推行材料一次告知、一窗受理-{uuid.uuid4().hex[:4]}"
    await log_out(desktop)
    await as_staff(desktop, "um-handler", "demo-handler", "/staff/evaluations/commitments")
    mine = page.get_by_test_id("commitment").filter(has_text=title)
    await expect(mine.get_by_test_id("commitment-state")).to_have_text("待承诺")
    await mine.get_by_test_id("commitment-write").click()
    dialog = page.get_by_role("dialog", name="公开承诺")
    await dialog.get_by_test_id("commitment-confirm").click()
    await expect(field_error(desktop, "承诺内容")).to_have_text("请填写承诺内容")
    await dialog.get_by_label("承诺内容").fill(promise)
    await dialog.get_by_test_id("commitment-confirm").click()
    await expect(mine.get_by_test_id("commitment-state")).to_have_text("已承诺")
    await desktop.screen("evaluations-handler-commitments")

    await desktop.open("/problems")
    public = page.get_by_test_id("public-commitment").filter(has_text=promise)
    await expect(public).to_contain_text(LEAD_NAME)
    await expect(public).to_contain_text(title)
    await desktop.screen("evaluations-problem-list-commitments")

    # the scorecard shows the campaign's result beside the department's case figures
    case_id = new_case()
    await publish(
        stack.run.servers.kafka_bootstrap,
        stack.run.topic_prefix,
        [assigned(case_id), overdue(case_id)],
    )
    async with httpx.AsyncClient(timeout=10) as http:
        await listed(http, stack, "signals", case_id, 1)  # supervision has counted the case
    await desktop.open("/staff")
    await log_out(desktop)
    await as_staff(desktop, "supervisor", "demo-supervisor", "/staff/figures/scorecards")
    evaluations = page.get_by_test_id("evaluation-figures").locator(".el-table__body tr")
    grassroots = evaluations.filter(has_text=LEAD_NAME).get_by_test_id(
        "evaluation-grassroots_rate_agencies"
    )
    await expect(grassroots).to_contain_text("约谈")
    await desktop.screen("evaluations-scorecard")
