"""Batch intake in the console: a clerk uploads a meeting's opinions with one bad row and sees
the row report (nothing imported), fixes the file, imports it, follows the progress, finds the
batch in the list and its cases in the screening queue; a dispatcher selects two cases in the
queue and assigns them to one lead with a co-handler in one action."""

from __future__ import annotations

import uuid

import httpx
from playwright.async_api import expect

from intake.domain.batch_rows import COLUMNS
from tests.support.console import Console, log_in, log_out, picker
from tests.support.loop import streetlight_case, wait_state
from tests.support.stack import Stack

HEADERS = [c.header for c in COLUMNS]


def csv_of(rows: list[dict[str, str]]) -> bytes:
    lines = [",".join(HEADERS), *(",".join(r.get(h, "") for h in HEADERS) for r in rows)]
    return ("\r\n".join(lines) + "\r\n").encode("gb18030")


def opinion(tag: str, n: int, phone: str) -> dict[str, str]:
    return {
        "诉求标题": f"座谈会意见{tag}-{n}",
        "诉求内容": f"企业座谈会上反映观沙岭片区第{n}处路灯不亮，夜间出行不便",
        "诉求人类型": "群众",
        "姓名/单位名称": "王先生",
        "联系电话": phone,
        "地址": f"观沙岭街道批量导入路{tag}{n}号",
        "所属街道": "观沙岭街道",
    }


async def test_a_clerk_imports_a_batch_after_fixing_its_bad_row(
    desktop: Console, stack: Stack
) -> None:
    tag = uuid.uuid4().hex[:6]
    phones = [f"136{uuid.uuid4().int % 10**8:08d}" for _ in range(2)]
    rows = [opinion(tag, 1, phones[0]), opinion(tag, 2, "不知道")]
    page = desktop.page
    await desktop.open("/login?next=/staff/batches/import")
    await log_in(desktop, "clerk", "demo-clerk")
    await expect(page.get_by_role("heading", name="批量导入")).to_be_visible()
    await expect(page.get_by_test_id("template-xlsx")).to_have_attribute(
        "href", "/api/intake/api/v1/batches/template.xlsx"
    )
    await page.get_by_test_id("batch-title").fill(f"观沙岭企业座谈会 {tag}")
    await page.get_by_test_id("batch-file").set_input_files(
        {"name": "座谈会.csv", "mimeType": "text/csv", "buffer": csv_of(rows)}
    )
    await page.get_by_test_id("batch-start").click()
    result = page.get_by_test_id("batch-result")
    await expect(result).to_have_attribute("data-state", "refused")
    problems = page.get_by_test_id("batch-problems")
    await expect(problems).to_contain_text("3")
    await expect(problems).to_contain_text("联系电话")
    await expect(page.get_by_test_id("batch-counts")).to_contain_text("已登记 0 行，错误 1 行")
    await expect(page.get_by_test_id("batch-good-rows-only")).to_be_visible()
    await desktop.screen("batch-import-report")

    rows[1]["联系电话"] = phones[1]
    await page.get_by_test_id("batch-file").set_input_files(
        {"name": "座谈会-改.csv", "mimeType": "text/csv", "buffer": csv_of(rows)}
    )
    await page.get_by_test_id("batch-start").click()
    await expect(result).to_have_attribute("data-state", "imported")
    await expect(page.get_by_test_id("batch-done")).to_contain_text("已登记 2 件诉求")
    await expect(page.get_by_test_id("batch-progress")).to_have_attribute("aria-valuenow", "100")
    await desktop.screen("batch-import-done")

    await page.get_by_test_id("nav").get_by_role("link", name="导入批次").click()
    listed = page.get_by_test_id("batch-list").locator("tr", has_text=f"观沙岭企业座谈会 {tag}")
    await expect(listed).to_have_count(2)
    await expect(listed.filter(has_text="已导入")).to_contain_text("座谈会")
    await desktop.screen("batch-list")

    await page.get_by_test_id("nav").get_by_role("link", name="甄别队列").click()
    queue = page.get_by_test_id("queue")
    for n in (1, 2):
        await expect(queue).to_contain_text(f"座谈会意见{tag}-{n}")


async def test_a_dispatcher_assigns_two_selected_cases_at_once(
    desktop: Console, stack: Stack
) -> None:
    tag = uuid.uuid4().hex[:6]
    case_ids = []
    async with httpx.AsyncClient(timeout=10) as http:
        for n in (1, 2):
            vague = streetlight_case(
                category=None, title=f"你好{tag}{n}", description="请回电话给我"
            )
            response = await http.post(f"{stack.url('intake')}/api/v1/cases", json=vague)
            assert response.status_code == 201, response.text
            case_ids.append(response.json()["case_id"])
        for case_id in case_ids:
            await wait_state(http, stack, case_id, "awaiting_dispatch")
    page = desktop.page
    await desktop.open("/login?next=/staff/dispatcher/queue")
    await log_in(desktop, "dispatcher", "demo-dispatcher")
    await expect(page.get_by_role("heading", name="派单队列")).to_be_visible()
    for case_id in case_ids:
        row = page.locator(f'[data-testid="queue-row"][data-case-id="{case_id}"]')
        await row.get_by_test_id("queue-row-select").click()
    await expect(page.get_by_test_id("bulk-count")).to_have_text("2")
    await picker(desktop, "批量交办主办单位").click()
    await page.get_by_role("option", name="城市管理局", exact=True).click()
    await picker(desktop, "批量交办协办单位").click()
    await page.get_by_role("option", name="观沙岭街道", exact=True).click()
    await page.keyboard.press("Escape")
    await desktop.screen("dispatcher-bulk-assign")
    await page.get_by_test_id("bulk-submit").click()
    results = page.get_by_test_id("bulk-results")
    for case_id in case_ids:
        item = results.locator(f'li[data-case-id="{case_id}"]')
        await expect(item).to_have_attribute("data-outcome", "assigned")
        await expect(item).to_contain_text("已交办城市管理局")
        await expect(
            page.locator(f'[data-testid="queue-row"][data-case-id="{case_id}"]')
        ).to_have_count(0)
    async with httpx.AsyncClient(timeout=10) as http:
        for case_id in case_ids:
            assigned = await wait_state(http, stack, case_id, "assigned")
            assert assigned["co_handlers"] == ["street-guanshaling"]
    await log_out(desktop)
