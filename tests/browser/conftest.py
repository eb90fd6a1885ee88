"""The console in Debian's Chromium (Playwright's driver, no downloaded browser), through a
gateway in front of the test session's running services.

Every page fails its test on a browser console error or an uncaught exception. `screen()`
saves a screenshot under test-output/screenshots/ and runs axe-core, failing on serious or
critical violations. The browser's time zone is New York, so that times shown in
Asia/Shanghai are the console's doing."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest_asyncio
from playwright.async_api import Browser, BrowserContext, async_playwright

from tests.support.console import AXE, BROWSER_ZONE, DESKTOP, PHONE, PHONE_PLACE, Console
from tests.support.gateway import Gateway, prepare
from tests.support.stack import Stack

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest_asyncio.fixture(scope="session")
async def gateway(stack: Stack) -> AsyncIterator[Gateway]:
    await asyncio.to_thread(prepare)
    running = Gateway(stack)
    await asyncio.to_thread(running.start)
    try:
        yield running
    finally:
        await asyncio.to_thread(running.stop)


@pytest_asyncio.fixture(scope="session")
async def chromium() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            await browser.close()


async def _console(
    chromium: Browser, gateway: Gateway, viewport: dict[str, int], **options: Any
) -> AsyncIterator[Console]:
    context: BrowserContext = await chromium.new_context(
        viewport=viewport,
        locale="zh-CN",
        timezone_id=BROWSER_ZONE,
        reduced_motion="reduce",  # no transitions half-way through a check
        **options,
    )
    # injected by the browser itself, so the gateway's Content-Security-Policy stays whole
    await context.add_init_script(path=str(AXE))
    page = await context.new_page()
    console = Console(page, gateway.url)
    try:
        yield console
        console.assert_clean()
    finally:
        await context.close()


@pytest_asyncio.fixture
async def phone(chromium: Browser, gateway: Gateway) -> AsyncIterator[Console]:
    """A 390 px wide phone that lets the console know where it is."""
    async for console in _console(
        chromium,
        gateway,
        PHONE,
        is_mobile=True,
        has_touch=True,
        geolocation=PHONE_PLACE,
        permissions=["geolocation"],
    ):
        yield console


@pytest_asyncio.fixture
async def desktop(chromium: Browser, gateway: Gateway) -> AsyncIterator[Console]:
    async for console in _console(chromium, gateway, DESKTOP):
        yield console


def fixture_file(name: str) -> Path:
    return Path(__file__).parent / name
