"""The supervisor's workbench: an overdue case shows as a signal, a page at a time; from it the
supervisor urges the department and issues a supervision order with an answer-by time, which
the department answers on its own screen and the supervisor then reads; a joint meeting and
an accountability measure with its evidence are recorded; a department's appeal is decided;
an item is added to the problem list, changed, and shown on the public list. Each form tells
its problems next to the field, the API's own among them."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
from playwright.async_api import Locator, Page, expect

from common.vocabulary import Role
from tests.support.console import Console, log_in
from tests.support.events import publish
from tests.support.ladder import LEAD, assigned, listed, new_case, overdue
from tests.support.stack import Stack
from tests.support.staff import headers_for

LEAD_NAME = "城市管理局"
OTHER_NAME = "住房和城乡建设局"
HANDLER = headers_for(Role.HANDLER, LEAD, "um-handler")
SHANGHAI = ZoneInfo("Asia/Shanghai")
#: logging in checks an Argon2 hash, slow on a busy machine
LOGIN_MS = 30_000
#: one more than the signal screen's page
SIGNALS_ON_BUSY_CASE = 21


def field_error(scope: Locator, label: str) -> Locator:
    """The message shown under a form field."""
    item = scope.locator(".el-form-item").filter(has=labelled(scope.page, label))
    return item.locator(".el-form-item__error")


def labelled(scope: Locator | Page, label: str) -> Locator:
    """The control of a form field by its label, whether or not the label is marked required."""
    return scope.get_by_label(re.compile(rf"^\*?{re.escape(label)}$"))


async def choose(console: Console, scope: Locator, label: str, option: str) -> None:
    """Picks an option of an Element Plus select, clicked on its box rather than its hidden
    input (its options live outside the dialog)."""
    await scope.locator(".el-select").filter(has=labelled(scope.page, label)).click()
    await console.page.get_by_role("option", name=option, exact=True).last.click()


async def switch_to(console: Console, username: str, password: str, path: str) -> None:
    page = console.page
    await page.get_by_role("button", name="退出登录").click()
    await expect(page.get_by_role("heading", name="工作人员登录")).to_be_visible()
    await console.open(f"/login?next={path}")
    await log_in(console, username, password)
    await expect(page.get_by_test_id("who")).to_be_visible(timeout=LOGIN_MS)


async def filter_by_case(console: Console, case_id: str) -> None:
    await console.page.get_by_test_id("filter-case").fill(case_id)
    await console.page.get_by_test_id("filter-apply").click()


async def test_a_supervisor_follows_an_overdue_case_from_its_signal_to_accountability(
    desktop: Console, stack: Stack
) -> None:
    case_id, busy_case = new_case(), new_case()
    await publish(
        stack.run.servers.kafka_bootstrap,
        stack.run.topic_prefix,
        [
            assigned(case_id),
            overdue(case_id),
            assigned(busy_case),
            *(overdue(busy_case) for _ in range(SIGNALS_ON_BUSY_CASE)),
        ],
    )
    async with httpx.AsyncClient(timeout=10) as http:
        await listed(http, stack, "signals", case_id, 1)
        await listed(http, stack, "signals", busy_case, SIGNALS_ON_BUSY_CASE)

    page = desktop.page
    await desktop.open("/login?next=/staff/supervision/signals")
    await log_in(desktop, "supervisor", "demo-supervisor")
    await expect(page.get_by_role("heading", name="督办信号")).to_be_visible(timeout=LOGIN_MS)
    nav = page.get_by_test_id("nav")
    for screen in ("督办信号", "催办与督办", "联席会议", "问责台账", "申诉裁决", "问题清单管理"):
        await expect(nav.get_by_role("link", name=screen)).to_be_visible()

    # the busy case's signals, a page at a time from the service
    await filter_by_case(desktop, busy_case)
    await expect(page.get_by_test_id("signal")).to_have_count(20)
    await page.get_by_test_id("page-next").click()
    await expect(page.get_by_test_id("page")).to_have_text("第 2 页")
    await expect(page.get_by_test_id("signal")).to_have_count(1)
    await expect(page.get_by_test_id("page-next")).to_be_disabled()

    # the overdue case's signal: its kind, department and reason in Chinese
    await filter_by_case(desktop, case_id)
    signal = page.get_by_test_id("signal").filter(has_text=case_id)
    await expect(signal).to_have_count(1)
    await expect(signal.get_by_test_id("signal-kind")).to_have_text("超期")
    await expect(signal.get_by_test_id("signal-department")).to_have_text(LEAD_NAME)
    await expect(signal.get_by_test_id("signal-detail")).to_have_text(
        re.compile(r"^办结时限已于\d{4}-\d{2}-\d{2} \d{2}:\d{2}届满，仍未完成")
    )
    await desktop.screen("supervisor-signals")

    # 催办: the reason is needed
    await signal.get_by_test_id("signal-urge").click()
    dialog = page.get_by_role("dialog", name="催办")
    await dialog.get_by_test_id("action-confirm").click()
    await expect(field_error(dialog, "催办事由")).to_have_text("请填写催办事由")
    await dialog.get_by_label("催办事由").fill("办结时限已过，请于今日内反馈办理进度")
    await dialog.get_by_test_id("action-confirm").click()
    await expect(dialog).to_be_hidden()
    await expect(page.get_by_test_id("notice")).to_have_text(f"已催办{LEAD_NAME}（{case_id}）")

    # 督办: the API refuses an answer-by time already past, next to that field
    await signal.get_by_test_id("signal-order").click()
    dialog = page.get_by_role("dialog", name="督办")
    await expect(dialog.get_by_test_id("action-evidence")).to_contain_text("超期：办结时限已于")
    await dialog.get_by_label("督办要求").fill("请于答复时限前书面报告整改情况")
    respond_by = labelled(dialog, "书面答复时限（北京时间）")
    await respond_by.fill("2020-01-01 18:00")
    await respond_by.press("Enter")
    await dialog.get_by_test_id("action-confirm").click()
    await expect(field_error(dialog, "书面答复时限（北京时间）")).to_have_text(
        "书面答复时限（respond_by）须晚于现在"
    )
    await desktop.screen("supervisor-order-refused")
    due = (datetime.now(UTC) + timedelta(days=3)).astimezone(SHANGHAI)
    await respond_by.fill(due.strftime("%Y-%m-%d %H:%M"))
    await respond_by.press("Enter")
    await dialog.get_by_test_id("action-confirm").click()
    await expect(dialog).to_be_hidden()
    await expect(page.get_by_test_id("notice")).to_have_text(f"已督办{LEAD_NAME}（{case_id}）")

    # 催办与督办: the order waits for its answer, the time left counting down
    await nav.get_by_role("link", name="催办与督办").click()
    order = page.get_by_test_id("order").filter(has_text=case_id)
    await expect(order.get_by_test_id("order-state")).to_have_text("待答复")
    await expect(order.get_by_test_id("answer-by")).to_have_text(
        re.compile(rf"书面答复时限 {re.escape(due.strftime('%Y-%m-%d %H:%M'))}（剩余 .+）")
    )
    await expect(order).to_contain_text(LEAD_NAME)
    urge = page.get_by_test_id("urge").filter(has_text=case_id)
    await expect(urge).to_contain_text("人工催办")
    await expect(urge).to_contain_text("办结时限已过，请于今日内反馈办理进度")
    await desktop.screen("supervisor-orders")

    # the department answers on its own screen
    await switch_to(desktop, "um-handler", "demo-handler", "/staff/handler/supervision")
    mine = page.get_by_test_id("order").filter(has_text=case_id)
    await mine.get_by_role("button", name="书面答复").click()
    answer = page.get_by_role("dialog", name="书面答复")
    await answer.get_by_label("答复内容").fill("已现场整改完毕，并向诉求人反馈")
    await answer.get_by_role("button", name="提交答复").click()
    await expect(mine.get_by_test_id("response")).to_contain_text("已现场整改完毕")

    # ... and the supervisor reads it
    await switch_to(desktop, "supervisor", "demo-supervisor", "/staff/supervision/orders")
    order = page.get_by_test_id("order").filter(has_text=case_id)
    await expect(order.get_by_test_id("order-state")).to_have_text("已答复")
    await expect(order.get_by_test_id("order-response")).to_contain_text(
        "书面答复：已现场整改完毕，并向诉求人反馈"
    )
    await desktop.screen("supervisor-orders-answered")

    await record_a_meeting(desktop, case_id)
    await hold_to_account(desktop, case_id)
    await decide_an_appeal(desktop, stack, case_id)
    await keep_the_problem_list(desktop, case_id)


async def record_a_meeting(desktop: Console, case_id: str) -> None:
    page = desktop.page
    await page.get_by_test_id("nav").get_by_role("link", name="联席会议").click()
    form = page.get_by_test_id("meeting-form")
    await form.get_by_label("受理编号").fill(case_id)
    await choose(desktop, form, "参会单位", LEAD_NAME)
    await page.get_by_role("option", name=OTHER_NAME, exact=True).click()
    await page.keyboard.press("Escape")
    await form.get_by_label("姓名 1").fill("张科长")
    await form.get_by_label("议定事项 1").fill(
        "由城市管理局牵头，住建局配合，一周内完成路灯线路改造"
    )
    await choose(desktop, form, "责任单位 1", LEAD_NAME)
    await form.get_by_test_id("meeting-confirm").click()
    meeting = page.get_by_test_id("meeting").filter(has_text=case_id)
    await expect(meeting).to_contain_text(f"参会单位：{LEAD_NAME}、{OTHER_NAME}")
    await expect(meeting).to_contain_text("一周内完成路灯线路改造（责任单位：城市管理局")
    await desktop.screen("supervisor-meetings")


async def hold_to_account(desktop: Console, case_id: str) -> None:
    page = desktop.page
    await page.get_by_test_id("nav").get_by_role("link", name="问责台账").click()
    await page.get_by_test_id("new-accountability").click()
    dialog = page.get_by_role("dialog", name="问责")
    await dialog.get_by_label("受理编号").fill(case_id)
    await choose(desktop, dialog, "单位", LEAD_NAME)
    await dialog.get_by_test_id("action-confirm").click()
    await expect(field_error(dialog, "问责方式")).to_have_text("请选择问责方式")
    await dialog.get_by_text("约谈", exact=True).click()
    await dialog.get_by_label("问责理由").fill("超期未办结，督办后方才整改")
    await dialog.get_by_text(re.compile("^超期：办结时限已于")).click()
    await dialog.get_by_test_id("action-confirm").click()
    await expect(dialog).to_be_hidden()
    record = page.get_by_test_id("accountability").filter(has_text=case_id)
    await expect(record.get_by_test_id("accountability-measure")).to_have_text("约谈")
    await expect(record).to_contain_text(LEAD_NAME)
    await expect(record.get_by_test_id("accountability-evidence")).to_contain_text(
        "超期：办结时限已于"
    )
    await desktop.screen("supervisor-accountability")


async def decide_an_appeal(desktop: Console, stack: Stack, case_id: str) -> None:
    async with httpx.AsyncClient(timeout=10) as http:
        filed = await http.post(
            f"{stack.url('supervision')}/api/v1/appeals",
            json={"case_id": case_id, "reason": "超期系因诉求人要求更改施工时间"},
            headers=HANDLER,
        )
        assert filed.status_code == 201, filed.text
    page = desktop.page
    await page.get_by_test_id("nav").get_by_role("link", name="申诉裁决").click()
    appeal = page.get_by_test_id("appeal").filter(has_text=case_id)
    await expect(appeal.get_by_test_id("appeal-state")).to_have_text("待裁决")
    await expect(appeal).to_contain_text(LEAD_NAME)
    await desktop.screen("supervisor-appeals")
    await appeal.get_by_test_id("appeal-decide").click()
    dialog = page.get_by_role("dialog", name=f"裁决申诉（{LEAD_NAME}）")
    await dialog.get_by_text("驳回", exact=True).click()
    await dialog.get_by_label("裁决理由").fill("施工时间变更未经登记，不予采信")
    await dialog.get_by_test_id("appeal-confirm").click()
    await expect(dialog).to_be_hidden()
    await expect(appeal).to_have_count(0)  # no longer pending
    await page.get_by_test_id("appeal-status").get_by_text("全部").click()
    await expect(appeal.get_by_test_id("appeal-state")).to_have_text("驳回")
    await expect(appeal.get_by_test_id("appeal-decision")).to_contain_text(
        "裁决理由：施工时间变更未经登记，不予采信"
    )
    await desktop.screen("supervisor-appeals-decided")


async def keep_the_problem_list(desktop: Console, case_id: str) -> None:
    page = desktop.page
    title = f"主干道路灯成片不亮-{uuid.uuid4().hex[:6]}"
    await page.get_by_test_id("nav").get_by_role("link", name="问题清单管理").click()
    await page.get_by_test_id("problem-new").click()
    dialog = page.get_by_role("dialog", name="新增问题")
    await dialog.get_by_test_id("problem-confirm").click()
    await expect(field_error(dialog, "问题")).to_have_text("请填写问题")
    await labelled(dialog, "问题").fill(title)
    await choose(desktop, dialog, "责任单位", LEAD_NAME)
    await dialog.get_by_label("关联案件（受理编号，每行一个）").fill(case_id)
    await dialog.get_by_test_id("problem-confirm").click()
    await expect(dialog).to_be_hidden()
    item = page.get_by_test_id("problem-item").filter(has_text=title)
    await expect(item.get_by_test_id("problem-status")).to_have_text("待整改")
    await expect(item).to_contain_text(LEAD_NAME)
    await expect(item).to_contain_text(case_id)

    await item.get_by_test_id("problem-edit").click()
    dialog = page.get_by_role("dialog", name=re.compile("^修改问题清单第"))
    await dialog.get_by_test_id("problem-state").get_by_text("整改中").click()
    await dialog.get_by_test_id("problem-confirm").click()
    await expect(dialog).to_be_hidden()
    await expect(item.get_by_test_id("problem-status")).to_have_text("整改中")
    await desktop.screen("supervisor-problem-list")

    await desktop.open("/problems")
    await expect(page.get_by_role("heading", name="问题清单")).to_be_visible()
    await expect(page.get_by_text(title)).to_be_visible()
    await desktop.screen("supervisor-problem-list-public")
