"""On a network that reaches nothing but the system itself (a government intranet), every API
documentation page and every console screen renders, and none of them asks for anything
outside: any request to an address other than this machine's is blocked and fails the test."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import httpx
from playwright.async_api import Page, Route, expect

from tests.support.console import Console, log_in
from tests.support.infra import ROOT
from tests.support.stack import SERVICES, Stack

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
ROUTER = (ROOT / "web" / "src" / "router.ts").read_text()
#: One demo account per role (deploy/district/demo.yaml).
ACCOUNTS = {
    "clerk": ("clerk", "demo-clerk"),
    "dispatcher": ("dispatcher", "demo-dispatcher"),
    "handler": ("um-handler", "demo-handler"),
    "callback_agent": ("callback-agent", "demo-callback-agent"),
    "supervisor": ("supervisor", "demo-supervisor"),
    "leader": ("leader", "demo-leader"),
    "admin": ("admin", "demo-admin"),
}
PORTAL_PATHS = ["/", "/submit", "/track", "/problems", "/rate/no-such-link", "/login", "/nowhere"]
#: What a route's parameter is filled with: a case that does not exist still has a screen.
PARAMETER = re.compile(r":(\w+)")
#: Argon2 on a busy machine: a login may take seconds.
LOGIN_MS = 30_000


async def block_the_outside(page: Page) -> list[str]:
    blocked: list[str] = []

    async def only_local(route: Route) -> None:
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname not in LOCAL_HOSTS:
            blocked.append(url)
            await route.abort("blockedbyclient")
        else:
            await route.continue_()

    await page.context.route("**/*", only_local)
    return blocked


def staff_screens() -> dict[str, list[str]]:
    """Each staff screen's path and the roles that may open it, read from the router, so a
    screen added later is covered without touching this test."""
    named = {
        "ALL_ROLES": list(ACCOUNTS),
        **{
            name: re.findall(r'"(\w+)"', body)
            for name, body in re.findall(r"const (\w+): Role\[\] = \[([^\]]*)\]", ROUTER)
        },
    }
    listed = ROUTER[ROUTER.index("export const staffScreens") : ROUTER.index("const routes")]
    records = re.findall(r'path: "([^"]*)",.*?roles: (\[[^\]]*\]|\w+)', listed, flags=re.DOTALL)
    assert len(records) == listed.count("path:"), "every staff screen names its roles"
    return {
        path: named[roles] if not roles.startswith("[") else re.findall(r'"(\w+)"', roles)
        for path, roles in records
    }


async def assert_rendered(page: Page, what: str) -> None:
    await page.wait_for_load_state("networkidle")
    text = (await page.locator("#app").inner_text()).strip()
    assert text, f"{what} rendered a blank page"


async def test_api_docs_render_without_the_internet(stack: Stack, desktop: Console) -> None:
    page = desktop.page
    blocked = await block_the_outside(page)
    async with httpx.AsyncClient(timeout=10) as http:
        for service in SERVICES:
            base = stack.url(service)
            title = (await http.get(f"{base}/openapi.json")).json()["info"]["title"]

            await page.goto(f"{base}/docs")
            await expect(page.locator(".swagger-ui .info .title")).to_contain_text(title)
            await expect(page.locator(".swagger-ui .opblock").first).to_be_visible(timeout=30_000)

            await page.goto(f"{base}/redoc")
            heading = page.get_by_role("heading", name=re.compile(re.escape(title)))
            await expect(heading.first).to_be_visible(timeout=30_000)  # a large document
            await expect(page.locator("[role=menuitem], .menu-content li").first).to_be_visible()
    assert not blocked, "asked for outside addresses:\n" + "\n".join(blocked)


async def test_every_console_screen_renders_without_the_internet(desktop: Console) -> None:
    page = desktop.page
    blocked = await block_the_outside(page)
    for path in PORTAL_PATHS:
        await desktop.open(path)
        await assert_rendered(page, path)

    screens = staff_screens()
    for role, (username, password) in ACCOUNTS.items():
        await desktop.open("/login")
        await log_in(desktop, username, password)
        await expect(page.get_by_test_id("who")).to_be_visible(timeout=LOGIN_MS)
        for path, roles in screens.items():
            if role in roles:
                url = "/staff/" + PARAMETER.sub("20991231999999", path)
                await desktop.open(url.rstrip("/"))
                await assert_rendered(page, f"{url} as {role}")
        await page.get_by_role("button", name="退出登录").click()
        await expect(page.get_by_role("heading", name="工作人员登录")).to_be_visible()
    assert not blocked, "asked for outside addresses:\n" + "\n".join(blocked)
