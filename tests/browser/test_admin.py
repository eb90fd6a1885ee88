"""The administrator's workbench: departments, staff accounts, routing rules, categories, the
time-limit table and its versions, the working calendar with the banner while next year is
missing, and the Open311 keys; each form's problems are told in Chinese next to the field
they concern, and what the administrator sets takes effect in the running system."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest
from playwright.async_api import Locator, Page, expect

from common.vocabulary import Role
from tests.support.console import Console, error_of, log_in
from tests.support.kafka import eventually
from tests.support.loop import submit, wait_state
from tests.support.open311 import streetlight_form
from tests.support.stack import Stack
from tests.support.staff import headers_for

ADMIN = headers_for(Role.ADMIN)
#: The browser's clock for the calendar check: next year (2075) is one the test stack has
#: not loaded (it loads only the real next year, see tests/conftest.py).
FAR_FUTURE = datetime(2074, 6, 15, 4, 0, tzinfo=UTC)
#: What the API says of a name left empty.
EMPTY = re.compile("至少需要 1 个字符|不能为空")


@pytest.fixture(autouse=True)
def patient_checks() -> Iterator[None]:
    """Logins hash a password and each save is a round trip through a service: on a busy
    machine a check may wait longer than Playwright's 5 s."""
    expect.set_options(timeout=20_000)
    yield
    expect.set_options(timeout=5_000)


async def as_admin(console: Console, path: str) -> Page:
    await console.open(f"/login?next={path}")
    await log_in(console, "admin", "demo-admin")
    await expect(console.page.get_by_test_id("who")).to_contain_text("系统管理员")
    return console.page


def told(page: Page, text: str) -> Locator:
    """The confirmation shown after an action."""
    return page.get_by_role("status").filter(has_text=text)


def field(scope: Locator, test_id: str) -> Locator:
    """The input of an Element Plus control, wherever the control puts its data-testid."""
    return scope.locator(f'[data-testid="{test_id}"] input, input[data-testid="{test_id}"]')


def dialog(page: Page, title: str) -> Locator:
    return page.get_by_role("dialog", name=title)


async def choose(page: Page, select: str, option: str) -> None:
    """Picks an option of the Element Plus select with this accessible name."""
    combobox = page.get_by_role("combobox", name=select, exact=True)
    await page.locator(".el-select").filter(has=combobox).click()
    await page.get_by_role("option", name=option, exact=True).click()


async def new_category(http: httpx.AsyncClient, stack: Stack, code: str, name: str) -> None:
    """An item of the taxonomy (dispatch, its authority), once intake's catalogue has it."""
    response = await http.post(
        f"{stack.url('dispatch')}/api/v1/taxonomy/nodes",
        json={"code": code, "level": "item", "name": name, "lead": "urban-management"},
        headers=ADMIN,
    )
    assert response.status_code == 201, response.text

    async def listed() -> bool:
        found = (await http.get(f"{stack.url('intake')}/api/v1/categories")).json()
        return any(c["code"] == code for c in found)

    await eventually(listed)


def own_request(key: str) -> dict[str, str]:
    """An Open311 request of this test's own: the shared story's phone and place would make
    later tests' requests look like repeats of it."""
    return streetlight_form(
        key,
        phone=f"139{uuid.uuid4().int % 10**8:08d}",
        lat="28.3313",
        long="112.7127",
        address_string="湘江新区雷锋大道1号",
        description="雷锋大道1号公交站旁的路灯杆倾斜，随时可能倒下。",
    )


async def test_an_administrator_adds_a_department_its_handler_and_routes_a_category_to_it(
    desktop: Console, stack: Stack
) -> None:
    tag = uuid.uuid4().hex[:6]
    code, department = f"water-{tag}", f"水务站{tag}"
    username, person = f"handler-{tag}", f"王{tag}"
    category_code, category = f"pipes-{tag}", f"供水管道{tag}"
    page = await as_admin(desktop, "/staff/admin/departments")
    nav = page.get_by_test_id("nav")
    for entry in ("部门", "人员", "派单规则", "诉求分类", "时限规则", "工作日历", "开放接口密钥"):
        await expect(nav.get_by_role("link", name=entry, exact=True)).to_be_visible()
    await expect(page.get_by_test_id("calendar-banner")).to_have_count(0)

    # 部门: a code the API refuses, then the department
    await expect(page.get_by_test_id("department-row").first).to_be_visible()
    await desktop.screen("admin-departments")
    await page.get_by_test_id("department-add").click()
    form = dialog(page, "新增单位")
    await form.get_by_label("单位代码").fill("Water Station")
    await form.get_by_label("单位名称").fill(department)
    await choose(page, "单位类型", "街道")
    await form.get_by_test_id("department-save").click()
    await expect(error_of(desktop, "单位代码")).to_contain_text("格式不正确")
    await desktop.screen("admin-department-refused")
    await form.get_by_label("单位代码").fill(code)
    await form.get_by_test_id("department-save").click()
    await expect(told(page, f"已保存：{department}")).to_be_visible()
    row = page.locator(".el-table__row").filter(has_text=department)
    await expect(row).to_contain_text("街道")
    await row.get_by_test_id("department-edit").click()
    await expect(dialog(page, "编辑单位").get_by_label("单位代码")).to_be_disabled()
    await choose(page, "上级单位", "城市管理局")
    await dialog(page, "编辑单位").get_by_test_id("department-save").click()
    await expect(row).to_contain_text("城市管理局")

    # 人员: a handler of the new department; a weak password is refused next to the field
    await nav.get_by_role("link", name="人员", exact=True).click()
    await expect(page.get_by_test_id("staff-row").first).to_be_visible()
    await page.get_by_test_id("staff-add").click()
    form = dialog(page, "新增人员")
    await form.get_by_label("用户名").fill(username)
    await form.get_by_label("姓名").fill(person)
    await choose(page, "角色", "承办单位")
    await choose(page, "所属单位", department)
    await form.get_by_label("初始密码").fill("short")
    await form.get_by_test_id("staff-confirm").click()
    await expect(error_of(desktop, "初始密码")).to_contain_text("密码至少10个字符")
    await desktop.screen("admin-staff-new")
    await form.get_by_label("初始密码").fill("first-pass-123")
    await form.get_by_test_id("staff-confirm").click()
    await expect(told(page, f"已新增：{person}")).to_be_visible()
    await choose(page, "按单位筛选", department)
    await expect(page.get_by_test_id("staff-row")).to_have_count(1)
    row = page.locator(".el-table__row").filter(has_text=username)
    await expect(row).to_contain_text("承办单位")
    await expect(row).to_contain_text(department)
    await desktop.screen("admin-staff")
    await row.get_by_test_id("staff-password").click()
    form = dialog(page, "设置密码")
    await form.get_by_label("新密码").fill("second-pass-456")
    await form.get_by_test_id("staff-confirm").click()
    await expect(told(page, f"已为 {person} 设置新密码")).to_be_visible()
    assert "second-pass-456" not in await page.content()

    # 派单规则: an item of the taxonomy (its own screen has its own test) now goes to the new
    # department
    async with httpx.AsyncClient(timeout=10) as http:
        await new_category(http, stack, category_code, category)
    await nav.get_by_role("link", name="派单规则", exact=True).click()
    row = page.locator(".el-table__row").filter(has_text=category)
    await expect(row.get_by_test_id("routing-lead")).to_have_text("城市管理局")
    await row.get_by_test_id("routing-edit").click()
    form = dialog(page, f"派单规则：{category}")
    await choose(page, "主办单位", department)
    await choose(page, "协办单位", department)
    await form.locator(".el-dialog__header").click()  # closes the option list
    await form.get_by_test_id("routing-save").click()
    await expect(error_of(desktop, "协办单位")).to_contain_text(
        f"{department} 不能既是主办单位又是协办单位"
    )
    await desktop.screen("admin-routing-refused")
    await form.locator(".el-tag__close").first.click()
    await form.get_by_test_id("routing-save").click()
    await expect(row.get_by_test_id("routing-lead")).to_have_text(department)
    await desktop.screen("admin-routing")
    async with httpx.AsyncClient(timeout=10) as http:
        case_id = (await submit(http, stack, category=category_code))["case_id"]
        routed = await wait_state(http, stack, case_id, "assigned")
    assert routed["lead_department"] == code

    # the new handler logs in with the password set last, and sees their department
    await page.get_by_role("button", name="退出登录").click()
    await desktop.open("/login")
    await log_in(desktop, username, "second-pass-456")
    await expect(page.get_by_test_id("who")).to_contain_text(f"{person}（承办单位）")
    await expect(page.get_by_test_id("department")).to_have_text(department)

    # deactivated, they can no longer log in
    await page.get_by_role("button", name="退出登录").click()
    await as_admin(desktop, "/staff/admin/staff")
    row = page.locator(".el-table__row").filter(has_text=username)
    await row.get_by_test_id("staff-deactivate").click()
    await dialog(page, "停用账号").get_by_test_id("staff-confirm").click()
    await expect(row.get_by_test_id("staff-active")).to_have_text("已停用")
    async with httpx.AsyncClient(timeout=10) as http:
        refused = await http.post(
            f"{stack.url('dispatch')}/api/v1/auth/token",
            json={"username": username, "password": "second-pass-456"},
        )
    assert refused.status_code == 401


async def test_an_administrator_changes_a_time_limit_and_sees_the_new_version(
    desktop: Console, stack: Stack
) -> None:
    tag = uuid.uuid4().hex[:6]
    code, category = f"limits-{tag}", f"时限测试{tag}"
    async with httpx.AsyncClient(timeout=10) as http:
        await new_category(http, stack, code, category)
    page = await as_admin(desktop, "/staff/admin/policies")
    before = int(await page.get_by_test_id("policy-version").inner_text())
    await expect(page.get_by_test_id("policy-row").first).to_be_visible()
    await expect(page.get_by_test_id("policy-current")).to_contain_text("办结时限")
    await desktop.screen("admin-policies")

    # a rule of its own for the test's category (others' limits stay as they are)
    await page.get_by_test_id("policy-add").click()
    form = dialog(page, "新增时限规则")
    await choose(page, "时限环节", "办结时限")
    await choose(page, "分类", category)
    await field(form, "policy-amount").fill("0")
    await form.get_by_test_id("policy-save").click()
    await expect(error_of(desktop, "工作日数")).to_contain_text("不能小于 1")
    await desktop.screen("admin-policy-refused")
    await field(form, "policy-amount").fill("12")
    await form.get_by_test_id("policy-save").click()
    await expect(page.get_by_test_id("policy-version")).to_have_text(str(before + 1))

    # edit it: hours instead of days, a new version again
    row = page.locator(".el-table__row").filter(has_text=category)
    await expect(row.get_by_test_id("policy-limit")).to_have_text("12 个工作日")
    await row.get_by_test_id("policy-edit").click()
    form = dialog(page, "修改时限规则")
    await form.get_by_text("工作小时", exact=True).click()
    await field(form, "policy-amount").fill("48")
    await form.get_by_test_id("policy-save").click()
    await expect(page.get_by_test_id("policy-version")).to_have_text(str(before + 2))
    await expect(row.get_by_test_id("policy-limit")).to_have_text("48 个工作小时")
    await expect(told(page, f"第 {before + 2} 版")).to_be_visible()

    newest = page.get_by_test_id("policy-version-row").filter(
        has_text=re.compile(rf"^第 {before + 2} 版$")
    )
    versions = page.locator(".el-table__row").filter(has=newest)
    await versions.get_by_test_id("policy-compare").click()
    change = page.get_by_test_id("policy-change")
    await expect(change).to_have_count(1)
    await expect(change).to_contain_text("修改")
    await expect(change).to_contain_text(f"办结时限 · 各类诉求 · {category}")
    await expect(change).to_contain_text("12 个工作日 → 48 个工作小时")
    await desktop.screen("admin-policy-versions")
    async with httpx.AsyncClient(timeout=10) as http:
        current = (
            await http.get(f"{stack.url('deadline')}/api/v1/policies", headers=ADMIN)
        ).json()["current"]
    mine = [rule for rule in current["rules"] if rule.get("category") == code]
    assert current["version"] == before + 2 and mine[0]["working_hours"] == 48


async def test_the_banner_asks_for_next_years_calendar_until_it_is_loaded(
    desktop: Console,
) -> None:
    page = desktop.page
    await page.clock.set_fixed_time(FAR_FUTURE)
    await as_admin(desktop, "/staff")
    banner = page.get_by_test_id("calendar-banner")
    await expect(banner).to_contain_text("2075年的工作日历尚未加载")
    await expect(banner).to_contain_text("无法计算")
    await desktop.screen("admin-calendar-banner")
    await banner.get_by_role("link", name="去加载").click()
    await expect(page.get_by_role("heading", name="工作日历")).to_be_visible()
    await expect(page.get_by_test_id("calendar-missing")).to_contain_text(
        "2074年的工作日历尚未加载"
    )

    # a make-up working day on a weekday is refused, next to the field
    await page.get_by_label("依据").fill("测试：2075年部分节假日安排")
    await page.get_by_label("放假日（每行一天：日期 名称）").fill("2075-01-01 元旦")
    await page.get_by_label("调休上班日（须为周末，每行一天：日期 名称）").fill(
        "2075-01-02 元旦调休"
    )
    await page.get_by_test_id("calendar-load").click()
    await expect(error_of(desktop, "调休上班日（须为周末，每行一天：日期 名称）")).to_contain_text(
        "调休上班日须为周末"
    )
    await expect(banner).to_be_visible()
    await desktop.screen("admin-calendar-refused")

    # pasted as a calendar file's YAML
    await page.get_by_test_id("calendar-paste-mode").click()
    await page.get_by_label("日历内容（YAML 或 JSON）").fill(
        "year: 2075\n"
        "source: 测试：2075年部分节假日安排\n"
        "holidays:\n"
        "  2075-01-01: 元旦\n"
        "  2075-10-01: 国庆节\n"
        "make_up_workdays:\n"
        "  2075-09-28: 国庆节调休\n"
    )
    await page.get_by_test_id("calendar-load").click()
    await expect(told(page, "已加载 2075 年工作日历")).to_be_visible()
    await expect(banner).to_have_count(0)
    shown = page.get_by_test_id("calendar-shown")
    await expect(shown).to_contain_text("管理员加载")
    await expect(page.get_by_test_id("calendar-holidays")).to_contain_text("2075年10月1日")
    await expect(page.get_by_test_id("calendar-make-up")).to_contain_text("2075年9月28日")
    await desktop.screen("admin-calendar")


async def test_an_administrator_issues_and_revokes_an_open311_key(
    desktop: Console, stack: Stack
) -> None:
    name = f"区政务服务网-{uuid.uuid4().hex[:6]}"
    page = await as_admin(desktop, "/staff/admin/open311-keys")
    await page.get_by_test_id("key-add").click()
    form = dialog(page, "新建密钥")
    await form.get_by_test_id("key-create").click()
    await expect(error_of(desktop, "用途（给哪个系统用）")).to_contain_text(EMPTY)
    await form.get_by_label("用途（给哪个系统用）").fill(name)
    await form.get_by_test_id("key-create").click()

    shown = dialog(page, "密钥已创建")
    await expect(shown).to_contain_text("只显示这一次")
    key = await field(shown, "key-secret").input_value()
    assert len(key) > 20
    await shown.get_by_test_id("key-copy").click()
    await expect(shown.get_by_test_id("key-copied")).to_be_visible()
    await desktop.screen("admin-key-issued")
    await shown.get_by_test_id("key-done").click()
    assert key not in await page.content()

    row = page.locator(".el-table__row").filter(has_text=name)
    await expect(row.get_by_test_id("key-state")).to_have_text("有效")
    await desktop.screen("admin-keys")
    requests = f"{stack.url('intake')}/open311/v2/requests.json"
    async with httpx.AsyncClient(timeout=10) as http:
        assert (await http.post(requests, data=own_request(key))).status_code == 201

    await row.get_by_test_id("key-revoke").click()
    confirm = dialog(page, "吊销密钥")
    await expect(confirm).to_contain_text(name)
    await desktop.screen("admin-key-revoke")
    await confirm.get_by_test_id("key-revoke-confirm").click()
    await expect(told(page, f"已吊销密钥：{name}")).to_be_visible()
    await expect(row.get_by_test_id("key-state")).to_contain_text("已吊销")
    async with httpx.AsyncClient(timeout=10) as http:
        assert (await http.post(requests, data=own_request(key))).status_code == 403
