"""One case around the whole loop, done only through the console: a resident submits it on a
phone without choosing a category; it reads like the resident's request of last week, so it
waits for the window clerk, who finds it is another matter and accepts it into 其他（人工分派）; the
dispatcher routes it to 观沙岭街道; the department's handler signs and resolves it; the
callback agent hears the resident is dissatisfied, which reopens it; the handler resolves it
again; the agent hears the resident is satisfied, which closes it; and the supervisor finds
it counted in the department's scorecard. No step is taken through the API: the API is read
only to file the resident's earlier request, to wait for what the console's own steps set
moving between the services, and to check
the figures the console shows. No other test gives 观沙岭街道 a case, so its figures this month
are this case's alone."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from playwright.async_api import Locator, expect

from common.vocabulary import Role
from tests.support.console import Console, log_in, log_out, picker
from tests.support.kafka import eventually
from tests.support.loop import submit, wait_state
from tests.support.stack import Stack
from tests.support.staff import headers_for

LEAD, LEAD_NAME = "street-guanshaling", "观沙岭街道"
HANDLER_LOGIN = ("gsl-handler", "demo-handler")


WORDS = "小区北门外的路灯和井盖都有问题，晚上出门很危险，打了几次电话都没人管。"


async def submitted_on_the_phone(phone: Console, title: str, number: str) -> tuple[str, str]:
    page = phone.page
    await phone.open("/submit")
    await page.get_by_text("办不成事", exact=True).click()
    await page.get_by_label("标题").fill(title)
    await page.get_by_label("详细描述").fill(WORDS)
    await page.get_by_label("地址").fill(f"湘江新区桐梓坡西路{uuid.uuid4().int % 900 + 100}号")
    await page.get_by_label("姓名").fill("孙先生")
    await page.get_by_label("联系电话").fill(number)
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
    await expect(page.get_by_test_id("original")).to_contain_text("同一诉求人")
    await page.get_by_label("排除理由").fill("上周反映的是南门的路灯，这次是北门，不是同一诉求")
    await page.get_by_role("button", name="排除疑似重复").click()
    await expect(page.get_by_test_id("done")).to_have_text("已排除疑似重复，可继续甄别")
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


async def resolved_by_the_handler(
    desktop: Console, case_id: str, title: str, how: str, round: int
) -> None:
    page = desktop.page
    await desktop.open("/login?next=/staff/handler/cases")
    await log_in(desktop, *HANDLER_LOGIN)
    row = page.get_by_test_id("case").filter(has_text=case_id)
    await row.get_by_role("link", name=title).click()
    await expect(page.get_by_test_id("case-title")).to_have_text(title)
    await expect(page.get_by_test_id("case-state")).to_have_text("已交办")
    sign = await step(desktop, "签收")
    await sign.get_by_role("button", name="确认签收").click()
    await expect(page.get_by_test_id("case-state")).to_have_text("已签收")
    resolve = await step(desktop, "办结")
    await resolve.get_by_text("已解决", exact=True).click()
    await resolve.get_by_label("办理情况").fill(how)
    await resolve.get_by_role("button", name="确认办结").click()
    await expect(page.get_by_test_id("case-state")).to_have_text("已办结")
    await desktop.screen(f"loop-handler-resolved-{round}")
    await log_out(desktop)


async def called_back(
    desktop: Console, case_id: str, answer: tuple[str, str, str], aftermath: str
) -> None:
    """The agent finds the case in the queue, records the submitter's answer, and reads on the
    page what dispatch did after it."""
    satisfaction, solved, comment = answer
    page = desktop.page
    await desktop.open("/login?next=/staff/callbacks")
    await log_in(desktop, "callback-agent", "demo-callback-agent")
    row = page.locator(f'[data-testid="callback-row"][data-case-id="{case_id}"]')
    queue = page.get_by_test_id("callback-queue")
    for number in range(1, 51):  # earliest due first: the newest may be on a later page
        await expect(page.get_by_test_id("callback-page")).to_have_text(f"第 {number} 页")
        await expect(queue).to_have_attribute("aria-busy", "false")
        if await row.count():
            break
        await page.get_by_test_id("callback-next-page").click()
    await expect(row.get_by_test_id("callback-department")).to_have_text(LEAD_NAME)
    await row.get_by_test_id("callback-open").click()
    await page.get_by_test_id("callback-record-result").click()
    result = page.get_by_role("dialog", name="记录回访结果")
    await result.get_by_text(satisfaction, exact=True).click()
    await result.get_by_text(solved, exact=True).click()
    await result.get_by_label("诉求人意见").fill(comment)
    await page.get_by_test_id("callback-confirm-result").click()
    await expect(page.get_by_test_id("callback-aftermath")).to_contain_text(aftermath)
    await desktop.screen("loop-callback-" + ("solved" if solved == "已解决" else "unsolved"))
    await log_out(desktop)


async def scorecard_row(http: httpx.AsyncClient, stack: Stack) -> dict[str, Any] | None:
    response = await http.get(
        f"{stack.url('supervision')}/api/v1/scorecards", headers=headers_for(Role.SUPERVISOR)
    )
    rows = [r for r in response.json() if r["department"] == LEAD and r["category"] is None]
    return rows[-1] if rows else None


async def test_one_case_goes_around_the_whole_loop_through_the_console_only(
    phone: Console, desktop: Console, stack: Stack
) -> None:
    title = f"路灯井盖无人管 {uuid.uuid4().hex[:6]}"
    number = f"137{uuid.uuid4().int % 10**8:08d}"
    async with httpx.AsyncClient(timeout=10) as http:
        # last week's request from the same phone, about the south gate
        await submit(
            http,
            stack,
            title="南门路灯不亮",
            description=WORDS.replace("北门", "南门"),
            submitter={"kind": "person", "name": "孙先生", "phone": number},
        )
    case_id, code = await submitted_on_the_phone(phone, title, number)
    async with httpx.AsyncClient(timeout=10) as http:
        await screened_by_the_clerk(desktop, case_id)
        await wait_state(http, stack, case_id, "awaiting_dispatch")
        await routed_by_the_dispatcher(desktop, case_id, title)

        await resolved_by_the_handler(desktop, case_id, title, "已修复路灯并更换井盖", 1)
        await eventually(lambda: callback_open(http, stack, case_id, 1))
        await called_back(
            desktop,
            case_id,
            ("不满意", "未解决", "井盖还是松的"),
            "诉求已根据回访结果重新交办，进入第 2 轮办理",
        )
        await wait_state(http, stack, case_id, "assigned", round=2)

        await resolved_by_the_handler(desktop, case_id, title, "已重新固定井盖并复查", 2)
        await eventually(lambda: callback_open(http, stack, case_id, 2))
        await called_back(desktop, case_id, ("满意", "已解决", "这次修好了"), "诉求已归档")
        closed = await wait_state(http, stack, case_id, "closed", round=2)
        assert closed["lead_department"] == LEAD

        async def counted() -> dict[str, Any] | None:
            row = await scorecard_row(http, stack)
            return row if row and row["counts"]["callbacks"] == 2 else None

        figures = await eventually(counted)
    assert (figures["accepted"], figures["resolved"]) == (1, 1)

    # the resident sees the case closed on the phone
    await phone.open("/track")
    await phone.page.get_by_label("受理编号").fill(case_id)
    await phone.page.get_by_label("查询码").fill(code)
    await phone.page.get_by_role("button", name="查询").click()
    await expect(phone.page.get_by_test_id("timeline")).to_contain_text("已办结归档")
    await phone.screen("loop-portal-closed")

    # and the supervisor finds it in the department's scorecard
    page = desktop.page
    await desktop.open("/login?next=/staff/figures/scorecards")
    await log_in(desktop, "supervisor", "demo-supervisor")
    row = page.get_by_test_id("scorecard-table").locator("tr").filter(has_text=LEAD_NAME)
    await expect(row.get_by_test_id("rate-solved")).to_have_text("50.0%（1/2）")
    await expect(row.get_by_test_id("rate-satisfaction")).to_have_text("50.0%（1/2）")
    await expect(row.get_by_test_id("rate-on-time")).to_have_text("100.0%（2/2）")
    counts = figures["counts"]
    assert isinstance(counts, dict)
    await expect(row.get_by_test_id("rate-response")).to_have_text(
        f"100.0%（{counts['signed_in_time']}/{counts['response_due']}）"
    )
    await desktop.screen("loop-supervisor-scorecard")


async def callback_open(http: httpx.AsyncClient, stack: Stack, case_id: str, round: int) -> bool:
    response = await http.get(
        f"{stack.url('callback')}/api/v1/callbacks/{case_id}",
        headers=headers_for(Role.CALLBACK_AGENT),
    )
    tasks = response.json() if response.status_code == 200 else []
    return any(task["round"] == round and task["state"] == "open" for task in tasks)
