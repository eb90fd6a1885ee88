"""The department handler's case list at scale: how long 本单位诉求 takes to become usable
with 10,000 cases in the department, and what it transfers.

Setup: --cases CaseAccepted events (category `streetlight`, which the district's rule routes
to urban-management; each with its own title) are published on intake's events topic, as
intake publishes them after screening. Dispatch routes each by that rule as it would a case
a clerk accepted (its own transaction, CaseAssigned in its outbox) and deadline starts each
case's sign and resolution timers from CaseAssigned. This skips intake's registration and
screening, which the loop benchmark measures, so 10,000 cases are in place within minutes.
The script waits until dispatch lists them and deadline holds their sign timers. When the
department already has that many cases (a second run on the same system), nothing is added.

Measure: Debian's Chromium (/usr/bin/chromium, through Playwright, as the browser tests run
it) logs in once as the department's demo handler in the district file (DISTRICT_FILE:
urban-management-handler in yuelu.yaml, um-handler in demo.yaml). Each run then opens
/staff/handler/cases in a fresh browser context (an empty cache, the login's session put in
sessionStorage) and times from navigation to the list being usable: every row of the first
page rendered with its countdowns, the loading mask gone, and the pager and filter enabled.
A warm run reloads the same page (the console's files cached). Printed: median and max of
each, and the requests and bytes (as transferred, gzipped where the gateway gzips) of the
last cold run, split between the console's files and API calls.

    ./dev bench console                        # both console benchmarks on the running system
    .venv/bin/python bench/console_case_list.py --runs 7
    .venv/bin/python bench/console_case_list.py --own-stack    # a system of its own

Environment: as bench/loop_throughput.py (KAFKA_BOOTSTRAP_SERVERS, DATABASE_URL,
TOPIC_PREFIX, AUTH_SECRET), plus GATEWAY_PORT (8080) for the console.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import asyncpg
import httpx
from console_system import DESKTOP, System, Traffic, add_system_arguments, chromium, kib, system
from playwright.async_api import Browser

from common.district import load_district
from common.envelope import Envelope
from common.events import CaseAccepted
from common.topics import EVENTS_TOPIC_OF, qualified
from common.vocabulary import Channel, RequestKind, Role

DEPARTMENT = "urban-management"
CATEGORY = "streetlight"  # routed to DEPARTMENT by the district file's rule
#: the first demo handler of DEPARTMENT in the district the system runs: (username, password)
HANDLER = next(
    (account.username, account.demo_password)
    for account in load_district().accounts
    if account.role is Role.HANDLER and account.department == DEPARTMENT and account.demo_password
)
LIST_PATH = "/staff/handler/cases"
SESSION_KEY = "civicloop.session"  # web/src/stores/auth.ts
PAGE_SIZE = 20
#: The list is usable: a full first page, each row with its countdowns, nothing loading,
#: the pager and the state filter enabled. Answers the time since navigation started.
USABLE = """(rows) => {
  const shown = document.querySelectorAll('[data-testid="case"]');
  if (shown.length < rows || document.querySelector('.el-loading-mask')) return false;
  for (const row of shown) {
    // its countdowns, or the line saying it has none running (deadline not there yet)
    const timers = row.querySelector('[data-testid="countdown"], .none');
    if (!timers?.textContent?.trim()) return false;
  }
  const next = document.querySelector('[data-testid="next-page"]');
  const filter = document.querySelector('[data-testid="state-filter"]');
  if (!next || next.disabled || !filter) return false;
  if (filter.classList.contains('is-disabled') || filter.querySelector('.is-disabled')) return false;
  return performance.now();
}"""


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000, help="cases in the department")
    parser.add_argument("--runs", type=int, default=5, help="cold and warm loads each (5)")
    parser.add_argument("--setup-timeout", type=float, default=900.0, help="seconds (900)")
    add_system_arguments(parser)
    return parser.parse_args(argv)


# --- setup ------------------------------------------------------------------------------


async def department_total(http: httpx.AsyncClient, found: System) -> int:
    response = await http.get(
        f"{found.service_urls['dispatch']}/api/v1/departments/{DEPARTMENT}/cases",
        params={"limit": 1},
        headers=found.headers(Role.DISPATCHER),
    )
    response.raise_for_status()
    return int(response.json()["total"])


async def publish_accepted(found: System, count: int) -> str:
    """`count` accepted cases on intake's topic; their case ids share the returned prefix."""
    from aiokafka import AIOKafkaProducer

    prefix = f"BENCH-{uuid.uuid4().hex[:6]}-"
    topic = qualified(EVENTS_TOPIC_OF["intake"], found.topic_prefix)
    producer = AIOKafkaProducer(bootstrap_servers=found.kafka, acks="all", linger_ms=20)
    await producer.start()
    try:
        sent = []
        for n in range(count):
            now = datetime.now(UTC)
            event = CaseAccepted(
                category=CATEGORY,
                kind=RequestKind.COULD_NOT_GET_IT_DONE,
                channel=Channel.WEB,
                actor="system:auto-screening",
                accepted_at=now,
                title=f"路灯不亮 第{n + 1}处（压测）",
            )
            envelope = Envelope.wrap(event, case_id=f"{prefix}{n:05d}", producer="intake")
            sent.append(
                await producer.send(
                    topic,
                    value=envelope.to_bytes(),
                    key=envelope.case_id.encode(),
                    headers=envelope.headers(),
                )
            )
        await asyncio.gather(*sent)
    finally:
        await producer.stop()
    return prefix


async def sign_timers(found: System, prefix: str) -> int:
    url = found.database_url.replace("postgresql+asyncpg://", "postgresql://")
    connection = await asyncpg.connect(url)
    try:
        count = await connection.fetchval(
            "SELECT count(*) FROM deadline.timers WHERE stage = 'sign' AND case_id LIKE $1",
            prefix + "%",
        )
        return int(count)
    finally:
        await connection.close()


async def set_up(found: System, wanted: int, patience: float) -> None:
    async with httpx.AsyncClient(timeout=30) as http:
        already = await department_total(http, found)
        missing = wanted - already
        if missing <= 0:
            print(f"setup: {already} cases of {DEPARTMENT} already there, none added")
            return
        started = time.perf_counter()
        prefix = await publish_accepted(found, missing)
        published = time.perf_counter() - started
        print(f"setup: {missing} CaseAccepted published in {published:.1f} s", flush=True)
        deadline = started + patience
        while (listed := await department_total(http, found)) < wanted:
            if time.perf_counter() > deadline:
                sys.exit(f"setup: dispatch lists {listed} of {wanted} cases after {patience} s")
            await asyncio.sleep(2)
        routed = time.perf_counter() - started
        while (timed := await sign_timers(found, prefix)) < missing:
            if time.perf_counter() > deadline:
                sys.exit(f"setup: deadline timed {timed} of {missing} cases after {patience} s")
            await asyncio.sleep(2)
        print(
            f"setup: dispatch listed them after {routed:.0f} s, deadline timed them after "
            f"{time.perf_counter() - started:.0f} s ({missing / routed:.0f} cases/s routed)"
        )


# --- the browser ------------------------------------------------------------------------


async def logged_in_session(browser: Browser, found: System) -> str:
    context = await browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = await context.new_page()
    await page.goto(f"{found.gateway_url}/login?next={LIST_PATH}")
    await page.get_by_label("用户名").fill(HANDLER[0])
    await page.get_by_label("密码", exact=True).fill(HANDLER[1])
    await page.get_by_role("button", name="登录").click()
    await page.get_by_role("heading", name="本单位诉求").wait_for(timeout=60_000)
    session: str = await page.evaluate(f"sessionStorage.getItem('{SESSION_KEY}')")
    await context.close()
    return session


async def measure(
    browser: Browser, found: System, session: str, runs: int
) -> tuple[list[float], list[float], Traffic]:
    cold: list[float] = []
    warm: list[float] = []
    traffic = Traffic()
    for _ in range(runs):
        context = await browser.new_context(viewport=DESKTOP, locale="zh-CN")
        await context.add_init_script(
            f"sessionStorage.setItem({json.dumps(SESSION_KEY)}, {json.dumps(session)})"
        )
        page = await context.new_page()
        watched = await Traffic.watch(page)
        await page.goto(found.gateway_url + LIST_PATH)
        usable = await page.wait_for_function(USABLE, arg=PAGE_SIZE, polling="raf", timeout=60_000)
        cold.append(float(await usable.json_value()))
        traffic = watched.snapshot()
        countdowns = await page.locator('[data-testid="countdown"]').count()
        await page.reload()
        usable = await page.wait_for_function(USABLE, arg=PAGE_SIZE, polling="raf", timeout=60_000)
        warm.append(float(await usable.json_value()))
        await context.close()
    print(f"the last page showed {countdowns} countdowns on its {PAGE_SIZE} rows")
    return cold, warm, traffic


def report(cold: list[float], warm: list[float], traffic: Traffic) -> None:
    def line(name: str, times: list[float]) -> str:
        return f"{name}: median {statistics.median(times):.0f} ms, max {max(times):.0f} ms"

    print(f"navigation -> list usable ({len(cold)} runs, {PAGE_SIZE} rows a page)")
    print("  " + line("cold (empty cache)", cold))
    print("  " + line("warm (reload)", warm))
    files = traffic.requests(api=False)
    api = traffic.requests(api=True)
    print(
        f"one cold load: {len(files) + len(api)} requests, "
        f"{kib(traffic.bytes_of(files + api))} transferred"
    )
    print(f"  console files: {len(files)} requests, {kib(traffic.bytes_of(files))}")
    print(f"  API calls:     {len(api)} requests, {kib(traffic.bytes_of(api))}")
    for rid in api:
        path = traffic.urls[rid].split("/api/", 1)[1].split("?", 1)[0]
        print(f"    /api/{path}  {kib(traffic.transferred.get(rid, 0))}")


def machine_load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs"


async def main(argv: Sequence[str]) -> None:
    args = parse_args(argv)
    async with system(args) as found:
        await set_up(found, args.cases, args.setup_timeout)
        print(f"measuring at {machine_load()}", flush=True)
        async with chromium() as browser:
            session = await logged_in_session(browser, found)
            cold, warm, traffic = await measure(browser, found, session, args.runs)
        report(cold, warm, traffic)
        print(f"done at {machine_load()}")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
