"""What the console benchmarks share: the system they measure (the running one that `./dev up`
started, or with --own-stack one of their own, as the browser tests start it), Debian's
Chromium through Playwright, and a count of what a page transfers (Chrome DevTools' Network
domain: every request, and the bytes that came over the wire, compressed as sent)."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.async_api import Browser, Page, async_playwright

from common.auth import Principal, TokenCodec
from common.settings import DEVELOPMENT_SECRET
from common.vocabulary import Role

ROOT = Path(__file__).resolve().parents[1]
#: As tests/browser/conftest.py starts it: Debian's build, no downloaded browser.
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
DESKTOP = {"width": 1280, "height": 800}
#: The ports ./dev gives the services (intake 8001 ... supervision 8005) and the gateway.
DEV_PORTS = {"intake": 8001, "dispatch": 8002, "deadline": 8003, "callback": 8004}


@dataclass(frozen=True)
class System:
    gateway_url: str
    service_urls: dict[str, str]
    kafka: str
    topic_prefix: str
    database_url: str
    auth_secret: str

    def headers(self, role: Role, department: str | None = None) -> dict[str, str]:
        codec = TokenCodec(self.auth_secret)
        token = codec.issue(Principal(f"bench-{role.value}", role, department=department))
        return {"Authorization": f"Bearer {token}"}


def add_system_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--own-stack",
        action="store_true",
        help="start the five services and a gateway of their own (a database and topic "
        "prefix removed afterwards) instead of measuring the running system",
    )
    parser.add_argument(
        "--gateway-url",
        default=f"http://127.0.0.1:{os.environ.get('GATEWAY_PORT', '8080')}",
        help="the running system's gateway (GATEWAY_PORT, 8080)",
    )
    for name, port in DEV_PORTS.items():
        parser.add_argument(
            f"--{name}-url", default=f"http://127.0.0.1:{port}", help=f"{name} ({port})"
        )


@contextlib.asynccontextmanager
async def system(args: argparse.Namespace) -> AsyncIterator[System]:
    if not args.own_stack:
        yield System(
            gateway_url=args.gateway_url.rstrip("/"),
            service_urls={name: getattr(args, f"{name}_url").rstrip("/") for name in DEV_PORTS},
            kafka=os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:19092"),
            topic_prefix=os.environ.get("TOPIC_PREFIX", ""),
            database_url=os.environ.get(
                "DATABASE_URL", "postgresql://civic:civic@127.0.0.1:54329/civic"
            ),
            auth_secret=os.environ.get("AUTH_SECRET") or DEVELOPMENT_SECRET,
        )
        return
    # the test suite's own machinery, so that the stack is started exactly as tests start it
    sys.path.insert(0, str(ROOT))
    from tests.support.gateway import Gateway, prepare
    from tests.support.infra import isolated_run, servers
    from tests.support.stack import Stack

    with servers() as found, tempfile.TemporaryDirectory() as logs:
        async with isolated_run(found) as run:
            stack = Stack(run, Path(logs))
            try:
                await stack.start_all()
                prepare()
                gateway = Gateway(stack)
                gateway.start()
                try:
                    yield System(
                        gateway_url=gateway.url,
                        service_urls={name: stack.url(name) for name in DEV_PORTS},
                        kafka=run.servers.kafka_bootstrap,
                        topic_prefix=run.topic_prefix,
                        database_url=run.database_url,
                        auth_secret=run.service_env().get("AUTH_SECRET") or DEVELOPMENT_SECRET,
                    )
                finally:
                    gateway.stop()
            finally:
                stack.stop_all()


@contextlib.asynccontextmanager
async def chromium() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            await browser.close()


@dataclass
class Traffic:
    """Every request a page made, with its resource type and the bytes transferred for it
    (headers and body as they came over the wire: gzipped when the gateway gzipped it)."""

    kinds: dict[str, str] = field(default_factory=dict)
    urls: dict[str, str] = field(default_factory=dict)
    transferred: dict[str, int] = field(default_factory=dict)

    @classmethod
    async def watch(cls, page: Page) -> Traffic:
        traffic = cls()
        session = await page.context.new_cdp_session(page)
        session.on("Network.requestWillBeSent", traffic._sent)
        session.on("Network.loadingFinished", traffic._finished)
        await session.send("Network.enable")
        await session.send("Network.setCacheDisabled", {"cacheDisabled": False})
        return traffic

    def _sent(self, event: dict[str, Any]) -> None:
        self.kinds[event["requestId"]] = event.get("type", "Other")
        self.urls[event["requestId"]] = event["request"]["url"]

    def _finished(self, event: dict[str, Any]) -> None:
        self.transferred[event["requestId"]] = int(event["encodedDataLength"])

    def snapshot(self) -> Traffic:
        """What was counted so far, apart from what comes next."""
        return Traffic(dict(self.kinds), dict(self.urls), dict(self.transferred))

    def requests(self, *kinds: str, api: bool | None = None) -> list[str]:
        return [
            rid
            for rid, kind in self.kinds.items()
            if (not kinds or kind in kinds) and (api is None or ("/api/" in self.urls[rid]) is api)
        ]

    def bytes_of(self, ids: list[str]) -> int:
        return sum(self.transferred.get(rid, 0) for rid in ids)


def kib(size: int) -> str:
    return f"{size / 1024:.1f} KiB"
