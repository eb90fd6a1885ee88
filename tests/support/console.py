"""The console in a browser page, as the browser tests use it: a page watched for errors
that screenshots and checks each screen with axe-core, and the steps many tests share (log
in and out, a field's message, an Element Plus select, a small PNG, times as the console
shows them, a case's timers, a handler's step dialog), and the browser's viewports, time zone
and place."""

from __future__ import annotations

import re
import struct
import zlib
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from playwright.async_api import ConsoleMessage, Locator, Page, expect

from common.vocabulary import Role
from tests.support.infra import ROOT
from tests.support.stack import Stack
from tests.support.staff import headers_for

SCREENSHOTS = ROOT / "test-output" / "screenshots"
AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
#: The browser's own line for an API answer with an error status, which the console expects
#: and shows to the person; anything else on the console is a failure.
ANSWERED_WITH_ERROR = re.compile(
    r"^Failed to load resource: the server responded with a status of 4\d\d"
)
SHANGHAI = ZoneInfo("Asia/Shanghai")
HANDLER = headers_for(Role.HANDLER, "urban-management", "um-handler")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
#: The browser's time zone: not Asia/Shanghai, so that times shown there are the console's doing
BROWSER_ZONE = "America/New_York"
#: Where the phone says it is: away from the places the e2e tests' cases name, so that the
#: portal's cases are never taken for duplicates of theirs (they share one running system)
PHONE_PLACE = {"latitude": 28.2391, "longitude": 112.8817}


class Console:
    """One browser page on the console, watched for errors."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.errors: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))

    def _console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        where = str(message.location.get("url", ""))
        if ANSWERED_WITH_ERROR.match(message.text) and "/api/" in where:
            return
        self.errors.append(f"console error: {message.text} ({where})")

    async def open(self, path: str) -> None:
        await self.page.goto(self.base_url + path)

    async def screen(self, name: str) -> None:
        """Screenshot the screen as it is, and check it with axe-core."""
        await self.page.wait_for_load_state("networkidle")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        await self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
        results: dict[str, Any] = await self.page.evaluate(
            "() => axe.run(document, { resultTypes: ['violations'] })"
        )
        grave = [
            f"{v['id']} ({v['impact']}): {v['help']} at "
            + ", ".join(str(node["target"]) for node in v["nodes"][:5])
            for v in results["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert not grave, f"axe-core on {name}:\n" + "\n".join(grave)

    def assert_clean(self) -> None:
        assert not self.errors, "\n".join(self.errors)


async def log_in(console: Console, username: str, password: str) -> None:
    page = console.page
    await page.get_by_label("用户名").fill(username)
    await page.get_by_label("密码", exact=True).fill(password)
    await page.get_by_role("button", name="登录").click()


async def log_out(console: Console) -> None:
    """Leaves the staff console; the login page shows again."""
    await console.page.get_by_role("button", name="退出登录").click()
    await console.page.get_by_role("heading", name="工作人员登录").wait_for()


def error_of(console: Console, label: str) -> Locator:
    """The message shown under a form field, found by the field's accessible name."""
    item = console.page.locator(".el-form-item").filter(
        has=console.page.get_by_label(label, exact=True)
    )
    return item.locator(".el-form-item__error")


def field_error(console: Console, label: str) -> Locator:
    """The message under the form item whose label is exactly `label`."""
    item = console.page.locator(".el-form-item").filter(
        has=console.page.locator("label", has_text=re.compile(f"^{re.escape(label)}$"))
    )
    return item.locator(".el-form-item__error")


def picker(console: Console, name: str) -> Locator:
    """An Element Plus select, clicked on its box rather than its hidden input."""
    page = console.page
    return page.locator(".el-select").filter(has=page.get_by_role("combobox", name=name))


def png(width: int = 8, height: int = 6) -> bytes:
    """A small, valid PNG (intake reads a file's type from its first bytes)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    rows = b"".join(b"\x00" + b"\xb0\x3a\x2e" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def shanghai(iso: str) -> str:
    """A time as the console shows it: Asia/Shanghai, to the minute."""
    return datetime.fromisoformat(iso).astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")


async def timers_of(stack: Stack, case_id: str) -> list[dict[str, Any]]:
    async with httpx.AsyncClient(timeout=10) as http:
        response = await http.get(
            f"{stack.url('deadline')}/api/v1/cases/{case_id}/timers", headers=HANDLER
        )
    if response.status_code != 200:
        return []
    timers: list[dict[str, Any]] = response.json()["timers"]
    return timers


async def running(stack: Stack, case_id: str, stage: str, paused: bool = False) -> bool:
    return any(
        t["stage"] == stage and t["paused"] is paused and t["state"] in {"running", "paused"}
        for t in await timers_of(stack, case_id)
    )


async def take(console: Console, step: str) -> Locator:
    """Opens a handler's step form on the case page; the dialog it is in."""
    await console.page.get_by_test_id("actions").get_by_role("button", name=step).click()
    dialog = console.page.get_by_role("dialog", name=step)
    await expect(dialog).to_be_visible()
    return dialog


async def confirm(dialog: Locator, step: str) -> None:
    await dialog.get_by_role("button", name=f"确认{step}").click()
