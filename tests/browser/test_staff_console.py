"""Staff log in to the console: a home that names them, their role and their department,
with a navigation of only what their role may use; wrong passwords and a locked username are
answered in Chinese next to the field they concern."""

from __future__ import annotations

import re
import uuid

from playwright.async_api import expect

from tests.support.console import Console, error_of, log_in


async def test_a_clerk_logs_in_to_a_home_with_their_name_role_and_department(
    desktop: Console,
) -> None:
    page = desktop.page
    await desktop.open("/staff")
    await expect(page).to_have_url(f"{desktop.base_url}/login?next=/staff")
    await expect(page.get_by_role("heading", name="工作人员登录")).to_be_visible()
    await desktop.screen("staff-login")

    await log_in(desktop, "clerk", "demo-clerk")
    await expect(page).to_have_url(f"{desktop.base_url}/staff")
    identity = page.get_by_test_id("identity")
    await expect(identity.get_by_role("heading")).to_have_text("您好，窗口演示账号")
    await expect(page.get_by_test_id("role")).to_have_text("窗口工作人员")
    await expect(page.get_by_test_id("department")).to_have_text("政务服务中心（办不成事窗口）")
    await expect(page.get_by_test_id("nav").get_by_role("link")).to_have_text(
        ["工作台", "窗口登记", "甄别队列", "知识库", "批量导入", "导入批次", "值班安排"]
    )
    await desktop.screen("staff-home-clerk")

    await page.reload()  # the login lasts as long as the tab
    await expect(page.get_by_test_id("role")).to_have_text("窗口工作人员")
    await page.get_by_role("button", name="退出登录").click()
    await expect(page).to_have_url(f"{desktop.base_url}/login")
    await desktop.open("/staff")
    await expect(page).to_have_url(f"{desktop.base_url}/login?next=/staff")


async def test_a_department_handler_sees_its_own_department(desktop: Console) -> None:
    page = desktop.page
    await desktop.open("/login")
    await log_in(desktop, "um-handler", "demo-handler")
    await expect(page.get_by_test_id("role")).to_have_text("承办单位")
    await expect(page.get_by_test_id("department")).to_have_text("城市管理局")
    await expect(page.get_by_test_id("who")).to_contain_text("（承办单位）")
    await expect(page.get_by_test_id("nav").get_by_role("link")).to_have_text(
        [
            "工作台",
            "本单位诉求",
            "督办催办",
            "台账整改",
            "基层评机关",
            "公开承诺",
            "知识库",
            "知识缺口",
            "值班安排",
        ]
    )
    await desktop.screen("staff-home-handler")


async def test_wrong_passwords_then_the_lock_are_told_next_to_the_fields(desktop: Console) -> None:
    page = desktop.page
    username = f"nobody-{uuid.uuid4().hex[:8]}"
    await desktop.open("/login")

    await page.get_by_role("button", name="登录").click()
    await expect(error_of(desktop, "用户名")).to_have_text("请输入用户名")

    for attempt in range(1, 5):
        await log_in(desktop, username, f"wrong-{attempt}")
        await expect(error_of(desktop, "密码")).to_have_text("用户名或密码错误")
        await expect(page.get_by_label("密码", exact=True)).to_have_value("")

    await log_in(desktop, username, "wrong-5")
    locked = error_of(desktop, "用户名")
    await expect(locked).to_contain_text("已被锁定")
    await expect(locked).to_have_text(
        re.compile(r"^密码错误次数过多，该用户名已被锁定，请于 \d\d:\d\d 后再试$")
    )
    await expect(error_of(desktop, "密码")).to_have_count(0)
    await expect(page).to_have_url(f"{desktop.base_url}/login")
    await desktop.screen("staff-login-locked")
