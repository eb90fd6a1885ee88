"""The console after `./dev up` shows the real district (岳麓区, yuelu.yaml) on a system of
its own: the portal's category picker offers its items, not the small demo district's, and
the demo handler account of an outside unit and of a street office log in to a home that
names their unit."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from playwright.async_api import Browser, expect

from tests.support.console import AXE, BROWSER_ZONE, DESKTOP, Console, log_in
from tests.support.gateway import Gateway, prepare
from tests.support.infra import Servers
from tests.support.real_district import HANDLER_PASSWORD, YUELU, yuelu_system

#: one item of each of a few domains, as the picker names them
ITEMS = ["停水", "路灯", "中小学入学学位", "拖欠工资", "电信网络诈骗", "预付卡退费"]


def item_option(name: str) -> re.Pattern[str]:
    """The picker names an item with its category after it, in brackets."""
    return re.compile(rf"^{re.escape(name)}（")


#: intake trains on the district's corpus before it is ready: minutes on a loaded machine
pytestmark = pytest.mark.timeout(900)


@pytest_asyncio.fixture(scope="module")
async def yuelu_gateway(
    infrastructure: Servers, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Gateway]:
    logs: Path = tmp_path_factory.mktemp("yuelu_console_logs")
    async with yuelu_system(infrastructure, logs) as (stack, _):
        await asyncio.to_thread(prepare)
        running = Gateway(stack)
        await asyncio.to_thread(running.start)
        try:
            yield running
        finally:
            await asyncio.to_thread(running.stop)


@pytest_asyncio.fixture
async def desktop(chromium: Browser, yuelu_gateway: Gateway) -> AsyncIterator[Console]:
    context = await chromium.new_context(
        viewport=DESKTOP, locale="zh-CN", timezone_id=BROWSER_ZONE, reduced_motion="reduce"
    )
    await context.add_init_script(path=str(AXE))
    console = Console(await context.new_page(), yuelu_gateway.url)
    try:
        yield console
        console.assert_clean()
    finally:
        await context.close()


async def test_the_portals_category_picker_offers_the_real_districts_items(
    desktop: Console,
) -> None:
    page = desktop.page
    await desktop.open("/")
    await page.get_by_role("link", name="我要反映").first.click()
    await (
        page.locator(".el-select").filter(has=page.get_by_role("combobox", name="问题类别")).click()
    )
    options = page.get_by_role("option")
    leaves = [leaf for leaf in YUELU.categories if leaf.domain]
    await expect(options).to_have_count(len(leaves) + 1)  # and 其他（人工分派）
    for name in ITEMS:  # each item with its category: 停水（供水）
        await expect(page.get_by_role("option", name=item_option(name))).to_have_count(1)
    await expect(page.get_by_role("option", name=item_option("路灯照明"))).to_have_count(0)
    await page.get_by_role("option", name=item_option("停水")).click()
    await expect(page.get_by_role("option", name=item_option("停水"))).to_be_hidden()
    await desktop.screen("real-district-category-chosen")


@pytest.mark.parametrize(
    ("department", "name"),
    [("water-company", "长沙水业集团供水公司"), ("street-yuelu", "岳麓街道")],
)
async def test_a_units_demo_handler_logs_in_to_a_home_that_names_its_unit(
    desktop: Console, department: str, name: str
) -> None:
    page = desktop.page
    await desktop.open("/login")
    await log_in(desktop, f"{department}-handler", HANDLER_PASSWORD)
    await expect(page.get_by_test_id("role")).to_have_text("承办单位")
    await expect(page.get_by_test_id("department")).to_have_text(name)
    await expect(page.get_by_role("heading", name=f"您好，{name}承办演示账号")).to_be_visible()
    await desktop.screen(f"real-district-home-{department}")
