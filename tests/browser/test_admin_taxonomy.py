"""The administrator's taxonomy screen (诉求分类): a domain, a category under it and an item
under that with its lead, added as an administrator would; a refused item is told next to
the field; the portal's catalogue lists the item under its domain at once, and no longer once
it is retired, while the screen keeps it, marked retired."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from playwright.async_api import Locator, Page, expect

from tests.support.console import Console, error_of, log_in
from tests.support.kafka import eventually
from tests.support.stack import Stack


@pytest.fixture(autouse=True)
def patient_checks() -> Iterator[None]:
    expect.set_options(timeout=20_000)
    yield
    expect.set_options(timeout=5_000)


def dialog(page: Page, title: str) -> Locator:
    return page.get_by_role("dialog", name=title)


async def choose(page: Page, select: str, option: str) -> None:
    combobox = page.get_by_role("combobox", name=select, exact=True)
    await page.locator(".el-select").filter(has=combobox).click()
    await page.get_by_role("option", name=option, exact=True).click()


async def catalogue(stack: Stack) -> dict[str, dict[str, Any]]:
    async with httpx.AsyncClient(timeout=10) as http:
        found = (await http.get(f"{stack.url('intake')}/api/v1/categories")).json()
    return {c["code"]: c for c in found}


async def test_an_administrator_grows_the_taxonomy_and_retires_an_item(
    desktop: Console, stack: Stack
) -> None:
    tag = uuid.uuid4().hex[:6]
    domain, group, item = f"宠物管理{tag}", f"犬只{tag}", f"遛狗不牵绳{tag}"
    item_code = f"dog-leash-{tag}"
    await desktop.open("/login?next=/staff/admin/categories")
    await log_in(desktop, "admin", "demo-admin")
    page = desktop.page
    await expect(page.get_by_test_id("taxonomy-item").first).to_be_visible()

    # a domain
    await page.get_by_test_id("taxonomy-add-domain").click()
    form = dialog(page, "新增领域")
    await form.get_by_label("分类代码").fill(f"pets-{tag}")
    await form.get_by_label("名称").fill(domain)
    await form.get_by_test_id("taxonomy-save").click()
    await expect(
        page.get_by_role("status").filter(has_text=f"已新增领域：{domain}")
    ).to_be_visible()

    # a category under it
    section = page.get_by_test_id("taxonomy-domain").filter(has_text=domain)
    await section.locator(".el-collapse-item__header").click()
    await section.get_by_role("button", name=f"在{domain}下新增类别").click()
    form = dialog(page, "新增类别")
    await form.get_by_label("分类代码").fill(f"dogs-{tag}")
    await form.get_by_label("名称").fill(group)
    await form.get_by_test_id("taxonomy-save").click()
    await expect(section.get_by_test_id("taxonomy-category").filter(has_text=group)).to_be_visible()

    # an item under that: refused without a lead, added with one
    await section.get_by_role("button", name=f"在{group}下新增事项").click()
    form = dialog(page, "新增事项")
    await form.get_by_label("分类代码").fill(item_code)
    await form.get_by_label("名称").fill(item)
    await choose(page, "诉求类型", "投诉")
    await form.locator(".el-dialog__header").click()  # closes the option list
    await form.get_by_test_id("taxonomy-save").click()
    await expect(error_of(desktop, "主办单位")).to_contain_text("事项须有主办单位（lead）")
    await desktop.screen("admin-taxonomy-refused")
    await choose(page, "主办单位", "城市管理局")
    await form.get_by_test_id("taxonomy-save").click()
    row = section.locator(".el-table__row").filter(has_text=item)
    await expect(row.get_by_test_id("taxonomy-lead")).to_have_text("城市管理局")
    await expect(row).to_contain_text("投诉")
    await expect(row).to_contain_text("admin")
    await desktop.screen("admin-taxonomy")

    # the portal's catalogue has it under its domain, without a restart
    async def listed() -> dict[str, Any] | None:
        return (await catalogue(stack)).get(item_code)

    found = await eventually(listed)
    assert (found["domain_name"], found["group_name"]) == (domain, group)

    # retired: kept on the screen, marked; gone from the catalogue
    await row.get_by_test_id("taxonomy-retire").click()
    await expect(row).to_contain_text("已停用")

    async def gone() -> bool:
        return item_code not in await catalogue(stack)

    await eventually(gone)
