"""The window's routine (办不成事窗口) through the console: an administrator rosters this half
day (值班安排), the clerk sees the specialists and the leader on duty while registering, registers
a visitor's case and prints its acceptance form (受理单, a PDF), the clerk's case view names who
received it and the leader on duty; the visitor opens the rating link printed on the form in the
portal and rates the window and the clerk once (a second visit is told so, a wrong code is
refused); the supervisor reads the rating in 窗口评价 and exports it."""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path

from playwright.async_api import expect

from tests.support.console import SHANGHAI, Console, field_error, log_in, log_out

CLERK_NAME = "窗口演示账号"
WINDOW_UNIT = "政务服务中心（办不成事窗口）"


def head_of(path: Path, size: int) -> bytes:
    with path.open("rb") as file:
        return file.read(size)


def text_of(path: Path) -> str:
    return path.read_text(encoding="utf-8-sig")


def this_half_day() -> tuple[str, str]:
    """Today's date and half day (am before noon) in Asia/Shanghai."""
    now = datetime.now(SHANGHAI)
    return now.date().isoformat(), "am" if now.hour < 12 else "pm"


async def roster_this_half_day(console: Console, leader: str) -> None:
    page = console.page
    await console.open("/login?next=/staff")
    await log_in(console, "admin", "demo-admin")
    await page.get_by_test_id("nav").get_by_role("link", name="值班安排").click()
    await expect(page.get_by_role("heading", name="值班安排")).to_be_visible()
    day, half = this_half_day()
    cell = page.get_by_test_id(f"roster-cell-{day}-{half}")
    await expect(cell.get_by_text("当前")).to_be_visible()
    await cell.get_by_test_id("roster-edit").click()
    dialog = page.get_by_role("dialog")
    await dialog.get_by_test_id("roster-specialist-name-0").fill(CLERK_NAME)
    await dialog.get_by_test_id("roster-specialist-username-0").fill("clerk")
    await dialog.get_by_test_id("roster-add-specialist").click()
    await dialog.get_by_test_id("roster-specialist-name-1").fill("李专员")
    await dialog.get_by_test_id("roster-save").click()  # no leader: the API names the field
    await expect(field_error(console, "值班领导姓名")).to_contain_text("姓名")
    await dialog.get_by_test_id("roster-leader-name").fill(leader)
    await dialog.get_by_test_id("roster-leader-title").fill("副主任")
    await console.screen("window-roster-edit")
    await dialog.get_by_test_id("roster-save").click()
    await expect(dialog).to_be_hidden()
    await expect(cell.get_by_test_id("roster-specialists")).to_have_text(
        f"专员：{CLERK_NAME}、李专员"
    )
    await expect(cell.get_by_test_id("roster-leader")).to_have_text(f"领导：{leader}（副主任）")
    await console.screen("window-roster")
    await log_out(console)


async def register_and_print(console: Console, leader: str, title: str) -> tuple[str, str]:
    """The clerk registers a visitor's case and prints its acceptance form: (case, code)."""
    page = console.page
    await log_in(console, "clerk", "demo-clerk")
    await page.get_by_test_id("nav").get_by_role("link", name="值班安排").click()
    day, half = this_half_day()  # every staff member reads the roster; only editors change it
    cell = page.get_by_test_id(f"roster-cell-{day}-{half}")
    await expect(cell.get_by_test_id("roster-leader")).to_have_text(f"领导：{leader}（副主任）")
    await expect(page.get_by_test_id("roster-edit")).to_have_count(0)
    await page.get_by_test_id("nav").get_by_role("link", name="窗口登记").click()
    await expect(page.get_by_test_id("duty-now-specialists")).to_have_text(f"{CLERK_NAME}、李专员")
    await expect(page.get_by_test_id("duty-now-leader")).to_have_text(f"{leader}（副主任）")
    await page.get_by_label("姓名", exact=True).fill("钱女士")
    await page.get_by_label("联系电话").fill(f"137{uuid.uuid4().int % 10**8:08d}")
    await page.get_by_text("办不成事", exact=True).click()
    await page.get_by_label("标题").fill(title)
    await page.get_by_label("诉求内容").fill("社保转移接续在两个窗口之间来回跑了三次仍未办成。")
    await page.get_by_label("事发地址").fill(f"湘江新区政务大厅{uuid.uuid4().hex[:6]}号窗口")
    await console.screen("window-register-duty")
    await page.get_by_role("button", name="登记").click()
    await expect(page.get_by_role("heading", name="登记成功")).to_be_visible()
    case_id = await page.get_by_test_id("case-id").inner_text()
    code = await page.get_by_test_id("tracking-code").inner_text()

    async with (
        page.expect_response(lambda r: r.url.endswith("/acceptance-form")) as answered,
        page.expect_download() as started,
    ):
        await page.get_by_test_id("print-acceptance-form").click()
    answer = await answered.value
    assert answer.status == 200, await answer.text()
    assert answer.headers["content-type"] == "application/pdf"
    download = await started.value
    assert download.suggested_filename == f"受理单-{case_id}.pdf"
    path = await download.path()
    assert path is not None
    assert head_of(Path(path), 5) == b"%PDF-"
    await expect(page.get_by_test_id("print-failure")).to_have_count(0)
    await console.screen("window-register-printed")

    await console.open(f"/staff/screening/{case_id}")
    shown = page.get_by_test_id("this-case")
    await expect(shown.get_by_test_id("received-by")).to_have_text(CLERK_NAME)
    await expect(shown.get_by_test_id("leader-on-duty")).to_have_text(leader)
    await log_out(console)
    return case_id, code


async def rate_the_visit(console: Console, case_id: str, code: str, comment: str) -> None:
    page = console.page
    wrong = code[:-1] + ("3" if code[-1] == "2" else "2")
    await console.open(f"/portal/visit/{case_id}?code={wrong}")
    await expect(page.get_by_test_id("visit-unusable")).to_contain_text("查询码不正确")
    await console.screen("window-visit-wrong-code")

    await console.open(f"/portal/visit/{case_id}?code={code}")
    await expect(page.get_by_test_id("visit-case")).to_have_text(case_id)
    await expect(page.get_by_test_id("visit-unit")).to_have_text(WINDOW_UNIT)
    await expect(page.get_by_test_id("visit-staff")).to_have_text(CLERK_NAME)
    await page.get_by_test_id("visit-submit").click()  # nothing chosen: both scores asked for
    await expect(page.get_by_text("请为窗口单位评分")).to_be_visible()
    await expect(page.get_by_text("请为工作人员评分")).to_be_visible()
    await page.get_by_test_id("visit-window-score").get_by_text("5 很满意").click()
    await page.get_by_test_id("visit-staff-score").get_by_text("4 满意").click()
    await page.get_by_test_id("visit-comment").fill(comment)
    await console.screen("window-visit-rating")
    await page.get_by_test_id("visit-submit").click()
    await expect(page.get_by_test_id("visit-thanks")).to_be_visible()

    await page.reload()  # once per case
    await expect(page.get_by_test_id("visit-already-rated")).to_contain_text("只能评价一次")
    await console.screen("window-visit-already-rated")


async def read_the_ratings(console: Console, comment: str) -> None:
    page = console.page
    await console.open("/login?next=/staff")
    await log_in(console, "supervisor", "demo-supervisor")
    await page.get_by_test_id("nav").get_by_role("link", name="窗口评价").click()
    await expect(page.get_by_role("heading", name="窗口评价")).to_be_visible()
    units = page.get_by_test_id("ratings-units")
    await expect(units.locator("tr", has_text=WINDOW_UNIT).first).to_contain_text(comment)
    clerk = page.get_by_test_id("ratings-staff").locator("tr", has_text=CLERK_NAME).first
    await expect(clerk).to_contain_text(comment)
    await expect(clerk).to_contain_text("窗口 5 分，人员 4 分")
    await console.screen("window-ratings")

    async with page.expect_download() as started:
        await page.get_by_test_id("export-csv").click()
    path = await (await started.value).path()
    assert path is not None
    assert comment in text_of(Path(path))


async def test_the_window_routine_from_the_roster_to_the_supervisors_ratings(
    desktop: Console, phone: Console
) -> None:
    leader = f"周{uuid.uuid4().hex[:4]}"
    comment = f"窗口一次讲清楚了材料 {uuid.uuid4().hex[:6]}"
    await roster_this_half_day(desktop, leader)
    case_id, code = await register_and_print(desktop, leader, f"社保转移 {uuid.uuid4().hex[:6]}")
    await rate_the_visit(phone, case_id, code, comment)
    await read_the_ratings(desktop, comment)
