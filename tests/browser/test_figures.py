"""The figures screens of supervisors and leaders (领导): the scorecard per department with its
rates as percentages and the counts beside them, the rates period by period and the overdue
and unfinished cases as charts, the period switched, the ranking, the hotspots by category
and street, recurring matters, and each as a CSV and an Excel file. A leader lands on the
figures after login and is offered no screen that acts on a case.

Four cases go around the loop for 自然资源和规划局, a department no other test makes the lead
of a case, so that its figures for this month are exactly these:
  1 signed, resolved, callback 满意 and solved (closed)
  2 signed, resolved, callback 基本满意 and solved (closed)
  3 signed, resolved, callback 不满意 and unsolved (reopened: round 2 unresolved)
  4 signed, not resolved
响应率 4/4, 解决率 2/3, 满意率 2/3, 按时办结率 3/3; 受理 4, 办结 2, 未办结 2."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import httpx
import pytest_asyncio
from openpyxl import load_workbook
from playwright.async_api import Locator, Page, expect

from common.vocabulary import Role
from tests.support.console import Console, log_in
from tests.support.loop import act, callback, submit, wait_state
from tests.support.stack import Stack
from tests.support.staff import headers_for

DEPARTMENT, NAME = "natural-resources", "自然资源和规划局"
DISPATCHER = headers_for(Role.DISPATCHER, "service-centre", "dispatcher-figures")
CALLBACKS = [
    {"satisfaction": "satisfied", "solved": True},
    {"satisfaction": "basically_satisfied", "solved": True},
    {"satisfaction": "dissatisfied", "solved": False, "comment": "问题依旧"},
]
FIGURE_SCREENS = ["考核评价", "排名", "热点", "重复诉求", "分类准确率"]


async def one_case(http: httpx.AsyncClient, stack: Stack, outcome: dict[str, Any] | None) -> str:
    """A case the dispatcher gives the department, which signs it; with an outcome, it is
    resolved and the submitter answers the callback so."""
    case_id: str = (await submit(http, stack, category="other"))["case_id"]
    await wait_state(http, stack, case_id, "awaiting_dispatch")
    assigned = await http.post(
        f"{stack.url('dispatch')}/api/v1/cases/{case_id}/assign",
        json={"lead": DEPARTMENT, "co_handlers": [], "reason": "涉及规划审批"},
        headers=DISPATCHER,
    )
    assert assigned.status_code == 200, assigned.text
    assert (await act(http, stack, case_id, "sign", department=DEPARTMENT)).status_code == 200
    if outcome is None:
        return case_id
    resolved = await act(
        http, stack, case_id, "resolve", department=DEPARTMENT, result="solved", summary="已办理"
    )
    assert resolved.status_code == 200, resolved.text
    await callback(http, stack, case_id, 1, **outcome)
    return case_id


@pytest_asyncio.fixture(scope="module")
async def looped(stack: Stack) -> list[str]:
    async with httpx.AsyncClient(timeout=10) as http:
        cases = [await one_case(http, stack, outcome) for outcome in [*CALLBACKS, None]]
        await wait_state(http, stack, cases[0], "closed")
        await wait_state(http, stack, cases[2], "assigned", round=2)
    return cases


def row_of(page: Page) -> Locator:
    return page.get_by_test_id("scorecard-table").locator("tr").filter(has_text=NAME)


async def expect_department_figures(page: Page) -> None:
    row = row_of(page)
    await expect(row.get_by_test_id("rate-response")).to_have_text("100.0%（4/4）")
    await expect(row.get_by_test_id("rate-solved")).to_have_text("66.7%（2/3）")
    await expect(row.get_by_test_id("rate-satisfaction")).to_have_text("66.7%（2/3）")
    await expect(row.get_by_test_id("rate-on-time")).to_have_text("100.0%（3/3）")


async def saved(page: Page, button: str) -> tuple[str, Path]:
    async with page.expect_download() as started:
        await page.get_by_test_id(button).click()
    download = await started.value
    path = await download.path()
    assert path is not None
    return download.suggested_filename, Path(path)


async def check_scorecard_files(page: Page) -> None:
    name, path = await saved(page, "export-csv")
    assert name.startswith("考核评价-按") and name.endswith(".csv")
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))
    assert rows[0][:6] == ["统计期间", "承办单位", "问题类别", "受理量", "办结量", "响应率"]
    (ours,) = [r for r in rows[1:] if r[1] == NAME]
    assert (ours[3], ours[4], ours[5], ours[8]) == ("4", "2", "1.0", "0.6667")

    name, path = await saved(page, "export-xlsx")
    assert name.startswith("考核评价-按") and name.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(path.read_bytes())).active
    assert sheet is not None and sheet.title == "考核统计"
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    (ours_xlsx,) = [r for r in values[1:] if r[1] == NAME]
    assert ours_xlsx[3:6] == [4, 2, 1.0] and ours_xlsx[8] == 0.6667


async def walk_the_figures(console: Console, who: str) -> None:
    page = console.page
    await expect(page.get_by_role("heading", name="考核评价")).to_be_visible()
    await expect(page.get_by_test_id("shown-period")).to_contain_text("月")
    await expect_department_figures(page)
    row = row_of(page)
    await expect(row).to_contain_text("4")  # 受理量
    await expect(page.get_by_test_id("trend-chart").locator("svg")).to_be_visible()
    await expect(page.get_by_test_id("backlog-chart").locator("svg")).to_be_visible()
    await expect(page.get_by_test_id("backlog-chart")).to_have_attribute(
        "aria-label", re.compile(f"{NAME} 超期 0 件、未办结 2 件")
    )
    await console.screen(f"figures-scorecards-{who}")
    await check_scorecard_files(page)

    await page.get_by_test_id("period-week").click()
    await expect(page).to_have_url(re.compile(r"period=week"))
    await expect(page.get_by_test_id("shown-period")).to_contain_text("周")
    await expect_department_figures(page)
    await console.screen(f"figures-scorecards-week-{who}")

    await page.get_by_test_id("nav").get_by_role("link", name="排名").click()
    await expect(page.get_by_role("heading", name="排名", exact=True)).to_be_visible()
    listed = page.get_by_test_id("ranking-table").or_(page.get_by_test_id("not-ranked-table"))
    await expect(listed.locator("tr").filter(has_text=NAME).first).to_contain_text("66.7%")
    await console.screen(f"figures-rankings-{who}")
    name, path = await saved(page, "export-csv")
    assert name.startswith("排名-按满意率-") and name.endswith(".csv")
    assert "承办单位" in path.read_bytes().decode("utf-8-sig").splitlines()[0]

    await page.get_by_test_id("nav").get_by_role("link", name="热点").click()
    await expect(page.get_by_role("heading", name="热点", exact=True)).to_be_visible()
    categories = page.get_by_test_id("hotspot-categories")
    await expect(categories.locator("tr").filter(has_text="其他（人工分派）")).to_be_visible()
    await expect(page.get_by_test_id("hotspot-streets")).to_be_visible()
    await expect(page.get_by_test_id("hotspot-category-chart").locator("svg")).to_be_visible()
    await console.screen(f"figures-hotspots-{who}")
    name, path = await saved(page, "export-xlsx")
    assert name.startswith("热点-按月-") and name.endswith(".xlsx")
    hotspot_sheet = load_workbook(io.BytesIO(path.read_bytes())).active
    assert hotspot_sheet is not None and hotspot_sheet["A1"].value == "统计期间"
    assert any(
        r[1] == "其他（人工分派）" for r in hotspot_sheet.iter_rows(min_row=2, values_only=True)
    )

    await page.get_by_test_id("nav").get_by_role("link", name="重复诉求").click()
    await expect(page.get_by_role("heading", name="重复诉求")).to_be_visible()
    await console.screen(f"figures-recurring-{who}")
    name, path = await saved(page, "export-csv")
    assert name.startswith("重复诉求-") and name.endswith(".csv")
    assert path.read_bytes().decode("utf-8-sig").startswith("案件编号,前案编号,问题类别")


async def test_a_supervisor_reads_the_figures_and_downloads_them(
    desktop: Console, looped: list[str]
) -> None:
    await desktop.open("/login")
    await log_in(desktop, "supervisor", "demo-supervisor")
    await expect(desktop.page.get_by_role("heading", name="工作台")).to_be_visible()
    nav = desktop.page.get_by_test_id("nav")
    for screen in FIGURE_SCREENS:
        await expect(nav.get_by_role("link", name=screen)).to_be_visible()
    await nav.get_by_role("link", name="考核评价").click()
    await walk_the_figures(desktop, "supervisor")


async def test_a_leader_lands_on_the_figures_and_is_offered_no_action(
    desktop: Console, looped: list[str]
) -> None:
    page = desktop.page
    await desktop.open("/login")
    await log_in(desktop, "leader", "demo-leader")
    await expect(page).to_have_url(f"{desktop.base_url}/staff/figures/scorecards")
    await expect(page.get_by_test_id("who")).to_contain_text("领导")
    links = page.get_by_test_id("nav").get_by_role("link")
    await expect(links).to_have_text(
        ["工作台", *FIGURE_SCREENS, "知识库", "知识缺口", "知识库维护", "值班安排", "窗口评价"]
    )
    await walk_the_figures(desktop, "leader")

    await desktop.open("/staff/handler/cases")  # a screen of another role: back to the home
    await expect(page.get_by_role("heading", name="工作台")).to_be_visible()
    await expect(page.get_by_test_id("role")).to_have_text("领导")
    await desktop.screen("figures-leader-home")
