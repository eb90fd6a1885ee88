"""Loop throughput: how many cases per second go submit -> accepted -> assigned -> timers.

Drives N citizen submissions through the RUNNING system (`./dev up` first) and prints:

- HTTP submit: POST /api/v1/cases on intake, C in flight (or paced at --rate), each worker
  on its own keep-alive connection; round-trip latency and accepted submissions per second.
- submit -> assigned: from the moment a POST is sent until the `CaseAssigned` envelope of
  that case is seen on `{TOPIC_PREFIX}dispatch.case-events.v1` (a group-less consumer on
  every partition, positioned at the end before the first submission). The path is intake's
  transaction and outbox relay, Kafka, dispatch's consumer, transaction and relay, Kafka.
  Split by the envelope's occurred_at: up to dispatch's handler, and from there to Kafka.
  Throughput is cases assigned per second from the first submission to the last CaseAssigned.
- deadline registered: when deadline.timers holds the 'resolution' timer of every case
  (polled in PostgreSQL, so accurate to about --poll-seconds).
- where the CPU goes, between a snapshot before the first submission and one taken once
  every service is idle again (intake and supervision go on after the last timer):
  process_cpu_seconds_total of each service's /metrics, the benchmark's own CPU, and on this
  machine the backends of our database and the Kafka broker (/proc), the rest of the
  machine ('other': other tests, say) and the whole machine; plus PostgreSQL's transactions
  and rows per case (pg_stat_database, which PostgreSQL updates with some delay).

Submissions are varied Chinese requests across the district's categories (GET
/api/v1/categories), leaving out `other`, which no rule routes and a human dispatches.
Citizens' channels go to POST /api/v1/cases (accepted by intake's automatic screening);
window, hotline and leader-at-the-window cases to POST /api/v1/staff/cases with a clerk's
token (AUTH_SECRET) and the decision to accept. Every submission has its own phone and
place, so that duplicate detection holds none back for a clerk.
--timeout bounds the wait after the last submission. Exit status 0 when every case was
accepted and reached its timers, 1 otherwise.

    ./dev bench --cases 3000                     # runs python bench/loop_throughput.py
    ./dev bench --cases 3000 --concurrency 64 --json
    .venv/bin/python bench/loop_throughput.py --cases 200 --rate 50

Environment: KAFKA_BOOTSTRAP_SERVERS (127.0.0.1:19092), DATABASE_URL (the local PostgreSQL;
a postgresql+asyncpg:// URL is accepted), TOPIC_PREFIX (""). The services' /metrics are
found at intake's port and the next four, as ./dev starts them (8001-8005).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import random
import resource
import shlex
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import asyncpg
import httpx
from aiokafka import AIOKafkaConsumer

from common.auth import Principal, TokenCodec
from common.settings import DEVELOPMENT_SECRET
from common.vocabulary import Role

EVENTS_TOPIC = "dispatch.case-events.v1"
SERVICES = ("intake", "dispatch", "deadline", "callback", "supervision")
UNROUTED_CATEGORY = "other"
JSON = {"Content-Type": "application/json"}
#: perf_counter() + WALL_OFFSET is wall-clock time, to compare with the envelopes' times.
WALL_OFFSET = time.time() - time.perf_counter()
ONE_CONNECTION = httpx.Limits(max_connections=1, max_keepalive_connections=1)


# --- configuration ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Config:
    cases: int
    concurrency: int
    rate: float | None
    intake_url: str
    timeout: float
    json: bool
    seed: int
    poll_seconds: float
    kafka: str
    database_url: str
    topic_prefix: str
    metrics_urls: dict[str, str]

    @property
    def topic(self) -> str:
        return f"{self.topic_prefix}{EVENTS_TOPIC}"


def parse_args(argv: Sequence[str]) -> Config:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=3000, help="cases to submit (3000)")
    parser.add_argument("--concurrency", type=int, default=32, help="in-flight POSTs (32)")
    parser.add_argument("--rate", type=float, default=None, help="target submissions/s")
    parser.add_argument("--intake-url", default="http://127.0.0.1:8001")
    parser.add_argument("--timeout", type=float, default=120.0, help="wait for completion (s)")
    parser.add_argument("--json", action="store_true", help="also print one JSON line")
    parser.add_argument("--seed", type=int, default=12345, help="seed of the submissions")
    parser.add_argument("--poll-seconds", type=float, default=0.1, help="timer poll interval")
    args = parser.parse_args(argv)
    if args.cases < 1 or args.concurrency < 1 or (args.rate is not None and args.rate <= 0):
        parser.error("--cases, --concurrency and --rate must be positive")
    return Config(
        cases=args.cases,
        concurrency=args.concurrency,
        rate=args.rate,
        intake_url=args.intake_url.rstrip("/"),
        timeout=args.timeout,
        json=args.json,
        seed=args.seed,
        poll_seconds=args.poll_seconds,
        kafka=os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:19092"),
        database_url=plain_postgres_url(
            os.environ.get("DATABASE_URL", "postgresql://civic:civic@127.0.0.1:54329/civic")
        ),
        topic_prefix=os.environ.get("TOPIC_PREFIX", ""),
        metrics_urls=metrics_urls(args.intake_url),
    )


def plain_postgres_url(url: str) -> str:
    """asyncpg wants postgresql://; the services use postgresql+asyncpg://."""
    scheme, rest = url.split("://", 1)
    return f"postgresql://{rest}" if scheme.startswith("postgres") else url


def metrics_urls(intake_url: str) -> dict[str, str]:
    """As ./dev starts them: intake's port (8001) and the next four, in SERVICES order."""
    url = httpx.URL(intake_url)
    port = url.port or 80
    return {name: f"http://{url.host}:{port + i}/metrics" for i, name in enumerate(SERVICES)}


# --- submissions ------------------------------------------------------------------------------

ROADS = (
    "麓谷大道",
    "桐梓坡路",
    "望月湖路",
    "观沙岭路",
    "金星中路",
    "岳麓大道",
    "枫林三路",
    "银盆岭路",
    "茶子山路",
    "梅溪湖路",
    "潇湘中路",
    "含浦大道",
    "雷锋大道",
    "麓山南路",
)
PLACES = ("小区", "社区", "菜市场", "公交站", "学校门口", "产业园", "安置小区", "商业街")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩邓冯曹彭曾肖田董"
PUBLIC_PATH, STAFF_PATH = "/api/v1/cases", "/api/v1/staff/cases"
STAFF_CHANNELS = frozenset({"window", "hotline", "leader_at_window"})
GRID_COLUMNS, GRID_STEP_DEGREES = 400, 0.003
CHANNELS = (
    "web",
    "hotline",
    "hotline",
    "hotline",
    "mobile_snapshot",
    "wechat",
    "window",
    "email",
    "leader_at_window",
)
KINDS = (
    "complaint",
    "complaint",
    "help",
    "consultation",
    "suggestion",
    "report",
    "could_not_get_it_done",
    "could_not_get_it_done",
)
ENTERPRISES = (
    "湖南湘麓建设有限公司",
    "长沙麓谷智能科技有限公司",
    "湘江新区梅溪餐饮管理有限公司",
    "长沙观沙岭物业服务有限公司",
    "湖南岳麓工程咨询有限公司",
)
ENTERPRISE_CATEGORIES = {"business-licence", "settlement-review", "construction-project"}
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

# Per category: (title, description); {road} {place} {n} {days} are filled in.
TEMPLATES: dict[str, list[tuple[str, str]]] = {
    "streetlight": [
        (
            "{road}路灯不亮",
            "{road}{place}附近{n}盏路灯已经{days}天不亮，晚上出行很不安全，请尽快维修。",
        ),
        (
            "路灯白天常亮",
            "{road}一段路灯白天也一直亮着，浪费电，已持续{days}天，希望有关部门检查。",
        ),
        (
            "{place}缺少照明",
            "{road}{place}旁的人行道没有路灯，老人孩子晚上经过容易摔倒，建议增设。",
        ),
    ],
    "road-maintenance": [
        ("{road}路面坑洼", "{road}{place}路段出现{n}处坑洼，雨后积水，电动车经过多次摔倒。"),
        ("井盖缺失", "{road}{place}门口有一个井盖缺失{days}天，只用树枝围着，非常危险。"),
        ("人行道砖松动", "{road}人行道地砖大面积松动翘起，下雨踩上去溅一身泥，请安排维修。"),
    ],
    "sanitation": [
        ("{place}垃圾无人清运", "{road}{place}的垃圾桶已经{days}天没有清运，气味很大，蚊蝇很多。"),
        ("路边乱倒建筑垃圾", "有人夜间在{road}路边倾倒建筑垃圾，已堆了{n}车左右，影响通行。"),
        ("公厕卫生差", "{road}{place}旁边的公共厕所长期无人打扫，洗手池也坏了，请加强管理。"),
    ],
    "construction-project": [
        ("{place}项目停工", "{road}{place}在建项目停工约{days}天，涉及{n}家参建单位，请协调推进。"),
        ("施工许可办理慢", "我单位项目施工许可申请已提交{days}天仍未办结，影响开工，请帮助协调。"),
        ("夜间施工扰民", "{road}工地每天晚上十一点以后还在打桩施工，周边{place}居民无法休息。"),
    ],
    "property-management": [
        ("物业不作为", "{road}{place}物业对楼道堆放杂物长期不管，消防通道被堵，已反映{n}次。"),
        ("电梯频繁故障", "{road}{place}{n}号楼电梯近{days}天坏了三次，有老人被困，物业推诿。"),
        (
            "维修资金申请",
            "{place}外墙渗水需要使用维修资金，业委会申请{days}天没有进展，请指导办理。",
        ),
    ],
    "settlement-review": [
        (
            "工程结算评审申请",
            "我公司{road}配套项目结算资料已提交{days}天，评审尚未启动，请尽快安排。",
        ),
        ("结算评审进度咨询", "请问{place}改造工程结算评审目前进度如何，预计还需多少个工作日？"),
    ],
    "business-licence": [
        ("营业执照办理", "在{road}开设门店，营业执照网上申报{days}天还是待审核，请帮助催办。"),
        ("食品经营许可证变更", "公司地址变更到{road}，许可证变更需要哪些材料，窗口说法不一致。"),
        ("企业开办一件事", "新办企业刻章、税务、社保需要跑{n}个窗口，希望能一次办好。"),
    ],
    "food-safety": [
        ("餐馆卫生问题", "{road}{place}一家餐馆后厨卫生很差，吃完后家里{n}人腹泻，请检查。"),
        ("过期食品销售", "{road}{place}超市在卖过期{days}天的牛奶，店员拒绝退换。"),
        ("校园周边无证摊贩", "{road}学校门口有无证摊贩卖油炸食品，卫生无保障，学生很多。"),
    ],
    "government-service": [
        ("办事多次跑腿", "办理不动产登记已经跑了{n}次政务服务中心，每次都说材料不全，请一次告知。"),
        ("网上办事系统故障", "政务服务网上办理社保业务时系统一直报错，已经{days}天无法提交。"),
        ("窗口排队时间长", "政务服务中心{place}窗口排队超过两个小时，只开了{n}个窗口，建议增加。"),
    ],
    "neighbourhood": [
        ("社区活动场地", "{road}{place}没有老年人活动场地，建议利用闲置用房改造。"),
        ("邻里噪音纠纷", "楼上住户每天深夜噪音，社区调解{n}次没有结果，请社区继续协调。"),
        ("楼道堆物", "{road}{place}{n}栋楼道堆满杂物和电动车，存在消防隐患。"),
    ],
}
GENERIC = [
    ("{name}问题反映", "关于{name}：{road}{place}的问题已持续{days}天，希望相关部门尽快处理。"),
    ("{name}咨询", "想咨询{name}方面的办理流程和所需材料，{road}附近哪里可以办理？"),
]


def valid_uscc(unique: int) -> str:
    """A 统一社会信用代码 with a correct check character (GB 32100-2015), its organisation
    part spelling `unique` in base 31: one enterprise per submission."""
    digits = []
    for _ in range(9):
        unique, digit = divmod(unique, len(USCC_ALPHABET))
        digits.append(USCC_ALPHABET[digit])
    body = "91430100" + "".join(reversed(digits))
    total = sum(USCC_ALPHABET.index(ch) * w for ch, w in zip(body, USCC_WEIGHTS, strict=True))
    return body + USCC_ALPHABET[(31 - total % 31) % 31]


def make_submitter(rng: random.Random, category: str, unique: int) -> dict[str, Any]:
    name = rng.choice(SURNAMES) + rng.choice(("先生", "女士", "经理", "师傅"))
    phone = f"19{unique:09d}"  # one line per submission: none is a same-submitter duplicate
    if category in ENTERPRISE_CATEGORIES and rng.random() < 0.6:
        return {
            "kind": "enterprise",
            "name": name,
            "phone": phone,
            "enterprise_name": rng.choice(ENTERPRISES),
            "uscc": valid_uscc(unique),
        }
    return {"kind": "person", "name": name, "phone": phone}


def make_location(rng: random.Random, road: str, place: str, unique: int) -> dict[str, Any] | None:
    """Each place its own: a house number and a point on a grid about 330 m apart, both from
    `unique`, so that intake's duplicate detection (same category within 200 m or at the same
    address) flags none, in this run or against earlier runs on the same system."""
    roll = rng.random()
    if roll < 0.15:
        return None
    location: dict[str, Any] = {"address": f"湘江新区{road}{unique}号{place}"}
    if roll < 0.6:
        row, column = divmod(unique, GRID_COLUMNS)
        location["latitude"] = round(27.5 + GRID_STEP_DEGREES * row, 6)
        location["longitude"] = round(112.0 + GRID_STEP_DEGREES * column, 6)
    return location


def make_submission(
    rng: random.Random, category: dict[str, str], serial: int, unique: int
) -> dict[str, Any]:
    road, place = rng.choice(ROADS), rng.choice(PLACES)
    title, text = rng.choice(TEMPLATES.get(category["code"], GENERIC))
    fill = {"road": road, "place": place, "name": category["name"]}
    fill |= {"n": str(rng.randint(2, 40)), "days": str(rng.randint(2, 60))}
    body: dict[str, Any] = {
        "channel": rng.choice(CHANNELS),
        "kind": rng.choice(KINDS),
        "category": category["code"],
        "title": title.format(**fill)[:100],
        "description": f"{text.format(**fill)}（压测编号{serial}）",
        "submitter": make_submitter(rng, category["code"], unique),
    }
    if (location := make_location(rng, road, place, unique)) is not None:
        body["location"] = location
    if body["channel"] in STAFF_CHANNELS:  # a clerk registers and accepts it in one request
        body["screening"] = {"outcome": "accept"}
    return body


async def routable_categories(client: httpx.AsyncClient, intake_url: str) -> list[dict[str, str]]:
    response = await client.get(f"{intake_url}/api/v1/categories")
    response.raise_for_status()
    found = [c for c in response.json() if c["code"] != UNROUTED_CATEGORY]
    if not found:
        raise SystemExit("intake lists no routable categories; was the district loaded?")
    return found


def submissions(
    config: Config, categories: list[dict[str, str]], first_unique: int
) -> list[tuple[str, bytes]]:
    """(path, JSON body) pairs, made before the clock starts: the benchmark measures the
    system. Citizens' channels go to the public route, the others to the clerks' route."""
    rng = random.Random(config.seed)
    made = []
    for i in range(config.cases):
        body = make_submission(rng, rng.choice(categories), i, first_unique + i)
        path = STAFF_PATH if "screening" in body else PUBLIC_PATH
        made.append((path, json.dumps(body, ensure_ascii=False).encode()))
    return made


async def cases_so_far(config: Config) -> int:
    """How many cases intake holds: this run's phones and places start after them."""
    connection = await asyncpg.connect(config.database_url)
    try:
        return int(await connection.fetchval("SELECT count(*) FROM intake.cases"))
    finally:
        await connection.close()


def clerk_headers() -> dict[str, str]:
    """A clerk's token, signed with the services' AUTH_SECRET (the development secret when
    unset, as ./dev up runs them)."""
    codec = TokenCodec(os.environ.get("AUTH_SECRET") or DEVELOPMENT_SECRET)
    token = codec.issue(Principal("bench-clerk", Role.CLERK))
    return {**JSON, "Authorization": f"Bearer {token}"}


# --- driving intake ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Submitted:
    sent: float
    done: float
    outcome: str  # HTTP status, or the exception's class name
    case_id: str | None


async def post_case(
    client: httpx.AsyncClient, url: str, body: bytes, headers: dict[str, str]
) -> Submitted:
    sent = time.perf_counter()
    try:
        response = await client.post(url, content=body, headers=headers)
    except httpx.HTTPError as error:
        return Submitted(sent, time.perf_counter(), type(error).__name__, None)
    done = time.perf_counter()
    case_id = response.json().get("case_id") if response.status_code == 201 else None
    return Submitted(sent, done, str(response.status_code), case_id)


async def submit_all(
    config: Config, bodies: list[tuple[str, bytes]], results: list[Submitted]
) -> None:
    """C workers share one sequence; with --rate, item i waits for start + i / rate.
    Results are appended as they come, so others can watch the accepted ids grow.

    Each worker has its own client with one keep-alive connection: C connections in all,
    but httpx scans its whole pool (polling every socket) on each request, which with one
    pool of 64 made the benchmark burn about 9 ms of CPU per case next to the services."""
    clerk = clerk_headers()
    sequence = iter(range(len(bodies)))
    start = time.perf_counter()

    async def worker() -> None:
        async with httpx.AsyncClient(limits=ONE_CONNECTION, timeout=30.0) as client:
            for i in sequence:
                if config.rate is not None:
                    await asyncio.sleep(max(0.0, start + i / config.rate - time.perf_counter()))
                path, body = bodies[i]
                headers = clerk if path == STAFF_PATH else JSON
                url = f"{config.intake_url}{path}"
                results.append(await post_case(client, url, body, headers))

    await asyncio.gather(*(worker() for _ in range(config.concurrency)))


# --- watching Kafka and PostgreSQL ------------------------------------------------------------


class AssignedListener:
    """Notes when each CaseAssigned arrives (every case: ids are known only after the POST)."""

    def __init__(self, config: Config) -> None:
        self.topic = config.topic
        self.consumer = AIOKafkaConsumer(
            self.topic,
            bootstrap_servers=config.kafka,
            group_id=None,
            enable_auto_commit=False,
            auto_offset_reset="latest",
            fetch_max_wait_ms=50,
            max_partition_fetch_bytes=4 * 1024 * 1024,
        )
        self.seen: dict[str, float] = {}
        self.handled: dict[str, float] = {}  # when dispatch emitted it (envelope occurred_at)
        self.changed = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Without a group the consumer takes every partition of the topic at start."""
        await self.consumer.start()
        assigned = sorted(self.consumer.assignment(), key=lambda tp: tp.partition)
        if not assigned:
            await self.consumer.stop()
            raise SystemExit(f"topic {self.topic} not found on the cluster")
        await self.consumer.seek_to_end(*assigned)
        for tp in assigned:  # resolve the end offsets now, before the first submission
            await self.consumer.position(tp)
        self._task = asyncio.create_task(self._run(), name="assigned-listener")

    async def _run(self) -> None:
        while True:
            batches = await self.consumer.getmany(timeout_ms=100, max_records=2000)
            now = time.perf_counter()
            for records in batches.values():
                for record in records:
                    self._note(record.value, now)
            if batches:
                self.changed.set()

    def _note(self, value: bytes | None, now: float) -> None:
        try:
            envelope = json.loads(value or b"")
        except ValueError:
            return
        case_id = envelope.get("case_id")
        if envelope.get("event_type") != "CaseAssigned" or not case_id or case_id in self.seen:
            return
        self.seen[case_id] = now
        with contextlib.suppress(KeyError, TypeError, ValueError):
            occurred = datetime.fromisoformat(envelope["occurred_at"]).timestamp()
            self.handled[case_id] = occurred - WALL_OFFSET

    async def wait_for(self, ids: set[str], deadline: float) -> None:
        while not ids <= self.seen.keys() and time.perf_counter() < deadline:
            self.changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(
                    self.changed.wait(), max(0.0, deadline - time.perf_counter())
                )

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        await self.consumer.stop()


class TimerWatcher:
    """Polls deadline.timers for the resolution timer of each case already seen assigned."""

    QUERY = (
        "SELECT DISTINCT case_id FROM deadline.timers"
        " WHERE case_id = ANY($1::text[]) AND stage = 'resolution'"
    )

    COUNTERS = (
        "SELECT xact_commit + xact_rollback AS transactions, tup_inserted AS inserted,"
        " tup_updated AS updated, tup_deleted AS deleted"
        " FROM pg_stat_database WHERE datname = current_database()"
    )

    def __init__(self, config: Config, listener: AssignedListener) -> None:
        self.config = config
        self.listener = listener
        self.wanted: set[str] = set()
        self.found: dict[str, float] = {}
        self.connection: asyncpg.Connection | None = None

    async def start(self) -> None:
        self.connection = await asyncpg.connect(self.config.database_url)

    async def poll_once(self) -> None:
        assert self.connection is not None
        pending = [i for i in self.wanted if i in self.listener.seen and i not in self.found]
        if not pending:
            return
        rows = await self.connection.fetch(self.QUERY, pending)
        now = time.perf_counter()
        for row in rows:
            self.found[row["case_id"]] = now

    async def run(self, stop: asyncio.Event) -> None:
        """Until every wanted case is found, or stop is set (deadline reached)."""
        while not stop.is_set():
            await self.poll_once()
            if self.wanted and len(self.found) >= len(self.wanted):
                return
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self.config.poll_seconds)

    async def counters(self) -> dict[str, int]:
        """The database's activity counters (PostgreSQL flushes them with some delay)."""
        assert self.connection is not None
        row = await self.connection.fetchrow(self.COUNTERS)
        return dict(row) if row is not None else {}

    async def close(self) -> None:
        if self.connection is not None:
            await self.connection.close()


# --- CPU accounting ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CpuSnapshot:
    at: float
    services: dict[str, float | None]
    bench: float
    machine_busy: float | None  # seconds of busy CPU across all cores, from /proc/stat
    local: dict[str, dict[int, float]]  # postgres backends and kafka on this machine, by pid


async def service_cpu(client: httpx.AsyncClient, url: str) -> float | None:
    try:
        response = await client.get(url, timeout=5)
    except httpx.HTTPError:
        return None
    for line in response.text.splitlines():
        if line.startswith("process_cpu_seconds_total "):
            return float(line.split()[1])
    return None


def machine_busy_seconds() -> float | None:
    try:
        with open("/proc/stat") as stat:
            fields = [int(v) for v in stat.readline().split()[1:]]
    except OSError:
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


async def background_load(seconds: float = 1.0) -> float | None:
    """Cores kept busy by whatever runs before the benchmark starts (other tests, say)."""
    first = machine_busy_seconds()
    await asyncio.sleep(seconds)
    last = machine_busy_seconds()
    return None if first is None or last is None else round((last - first) / seconds, 2)


def process_cpu_seconds(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def local_processes(database_url: str) -> dict[str, list[int]]:
    """Best effort, same machine only: the backends of our database (their process title is
    'postgres: USER DB ...') and the Kafka broker (shared with anything else using it)."""
    url = httpx.URL(database_url.replace("postgresql://", "http://", 1))
    backend = f"postgres: {url.username} {url.path.lstrip('/')} "
    found: dict[str, list[int]] = {"postgres": [], "kafka": []}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/cmdline", "rb") as raw:
                cmdline = raw.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if cmdline.startswith(backend):
            found["postgres"].append(int(entry.name))
        elif "kafka.Kafka" in cmdline:
            found["kafka"].append(int(entry.name))
    return found


def local_cpu(database_url: str) -> dict[str, dict[int, float]]:
    out: dict[str, dict[int, float]] = {}
    for name, pids in local_processes(database_url).items():
        seconds = {pid: process_cpu_seconds(pid) for pid in pids}
        out[name] = {pid: value for pid, value in seconds.items() if value is not None}
    return out


def bench_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def cpu_snapshot(client: httpx.AsyncClient, config: Config) -> CpuSnapshot:
    urls = config.metrics_urls
    values = await asyncio.gather(*(service_cpu(client, url) for url in urls.values()))
    return CpuSnapshot(
        time.perf_counter(),
        dict(zip(urls, values, strict=True)),
        bench_cpu_seconds(),
        machine_busy_seconds(),
        local_cpu(config.database_url),
    )


def cpu_delta(before: CpuSnapshot, after: CpuSnapshot) -> dict[str, float | None]:
    """CPU seconds spent between the snapshots, by process; 'other' is the rest of the machine."""
    out: dict[str, float | None] = {}
    for name, value in after.services.items():
        first = before.services.get(name)
        out[name] = None if value is None or first is None else value - first
    out["bench"] = after.bench - before.bench
    for name, pids in after.local.items():  # a backend that started in between counts whole
        earlier = before.local.get(name, {})
        out[name] = sum(value - earlier.get(pid, 0.0) for pid, value in pids.items())
    if after.machine_busy is not None and before.machine_busy is not None:
        machine = after.machine_busy - before.machine_busy
        out["other"] = machine - sum(v or 0.0 for v in out.values())
        out["machine"] = machine
    return out


# --- figures ----------------------------------------------------------------------------------


def percentile(values: Sequence[float], p: float) -> float | None:
    """Nearest-rank percentile of already sorted values."""
    if not values:
        return None
    return values[max(0, math.ceil(p / 100 * len(values)) - 1)]


@dataclass
class Run:
    config: Config
    started: float
    results: list[Submitted] = field(default_factory=list)
    assigned: dict[str, float] = field(default_factory=dict)
    handled: dict[str, float] = field(default_factory=dict)
    timers: dict[str, float] = field(default_factory=dict)
    cpu: dict[str, float | None] = field(default_factory=dict)
    cpu_window: float = 0.0
    background_cores: float | None = None
    pg: dict[str, int] = field(default_factory=dict)
    finished: float = 0.0
    settled: float = 0.0


def summarize(run: Run) -> dict[str, Any]:
    results = run.results
    accepted = [r for r in results if r.case_id is not None]
    sent_at = {r.case_id: r.sent for r in accepted}
    first_sent = min(r.sent for r in results)
    last_done = max(r.done for r in results)
    latencies = sorted(run.assigned[c] - s for c, s in sent_at.items() if c in run.assigned)
    http = sorted(r.done - r.sent for r in results)
    last_assigned = max((run.assigned[c] for c in sent_at if c in run.assigned), default=None)
    last_timer = max((run.timers[c] for c in sent_at if c in run.timers), default=None)
    ms = _to_ms
    return {
        "cases_submitted": len(results),
        "accepted": len(accepted),
        "errors": dict(Counter(r.outcome for r in results if r.case_id is None)),
        "assigned": len(latencies),
        "timers_registered": sum(1 for c in sent_at if c in run.timers),
        "wall_time_s": round(run.finished - run.started, 3),
        "submit_phase_s": round(last_done - first_sent, 3),
        "submissions_per_s": _rate(len(accepted), last_done - first_sent),
        "assigned_per_s": _rate(len(latencies), (last_assigned or first_sent) - first_sent),
        "latency_assigned_ms": {f"p{p}": ms(percentile(latencies, p)) for p in (50, 95, 99)}
        | {"max": ms(latencies[-1] if latencies else None)},
        "latency_http_ms": {f"p{p}": ms(percentile(http, p)) for p in (50, 99)},
        "latency_to_dispatch_ms": _p50_p99(
            run.handled[c] - s for c, s in sent_at.items() if c in run.handled
        ),
        "latency_dispatch_to_seen_ms": _p50_p99(
            run.assigned[c] - run.handled[c] for c in sent_at if c in run.handled
        ),
        "last_assigned_after_s": _secs(last_assigned, first_sent),
        "services_idle_after_s": _secs(run.settled, first_sent),
        "all_timers_after_s": _secs(last_timer, first_sent)
        if len(accepted) and all(c in run.timers for c in sent_at)
        else None,
        "cpu_seconds": {k: round(v, 2) if v is not None else None for k, v in run.cpu.items()},
        "cpu_window_s": round(run.cpu_window, 3),
        "postgres_per_case": {k: round(v / len(accepted), 1) for k, v in run.pg.items()}
        if accepted
        else {},
        "cores": os.cpu_count(),
        "background_cores_busy_before": run.background_cores,
        "command": " ".join(shlex.quote(a) for a in [sys.executable, *sys.argv]),
    }


def _p50_p99(seconds: Iterable[float]) -> dict[str, float | None]:
    ordered = sorted(seconds)
    return {f"p{p}": _to_ms(percentile(ordered, p)) for p in (50, 99)}


def _to_ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 1)


def _rate(count: int, seconds: float) -> float | None:
    return round(count / seconds, 1) if seconds > 0 and count else None


def _secs(moment: float | None, origin: float) -> float | None:
    return None if moment is None else round(moment - origin, 3)


def report_lines(summary: dict[str, Any]) -> Iterator[str]:
    lat, http, cpu = (
        summary["latency_assigned_ms"],
        summary["latency_http_ms"],
        summary["cpu_seconds"],
    )
    yield f"command: {summary['command']}"
    yield f"cases submitted: {summary['cases_submitted']}"
    yield f"accepted (201): {summary['accepted']}"
    yield f"errors: {summary['errors'] or 'none'}"
    yield f"cases assigned (CaseAssigned seen): {summary['assigned']}"
    yield f"cases with resolution timer: {summary['timers_registered']}"
    yield f"wall time (s): {summary['wall_time_s']}"
    yield f"submit phase (s): {summary['submit_phase_s']}"
    yield f"submissions/s (HTTP accepted): {summary['submissions_per_s']}"
    yield f"cases/s (submit -> assigned): {summary['assigned_per_s']}"
    yield "latency submit -> assigned (ms): " + _fields(lat)
    yield "  of which submit -> dispatch emitted CaseAssigned (ms): " + _fields(
        summary["latency_to_dispatch_ms"]
    )
    yield "  of which dispatch emitted -> seen on Kafka (ms): " + _fields(
        summary["latency_dispatch_to_seen_ms"]
    )
    yield "latency HTTP submit (ms): " + _fields(http)
    yield f"last CaseAssigned after first submit (s): {summary['last_assigned_after_s']}"
    yield f"all deadlines registered after first submit (s): {summary['all_timers_after_s']}"
    yield f"services idle again after first submit (s): {summary['services_idle_after_s']}"
    yield f"CPU seconds over {summary['cpu_window_s']} s: " + _fields(cpu)
    yield "PostgreSQL per case (approximate): " + _fields(summary["postgres_per_case"])
    yield (
        f"machine cores busy before the run: {summary['background_cores_busy_before']}"
        f" of {summary['cores']}"
    )


def _fields(values: dict[str, Any]) -> str:
    return "  ".join(f"{k}={v}" for k, v in values.items())


# --- the run ----------------------------------------------------------------------------------


async def await_completion(run: Run, listener: AssignedListener, watcher: TimerWatcher) -> None:
    deadline = time.perf_counter() + run.config.timeout
    ids = {r.case_id for r in run.results if r.case_id is not None}
    watcher.wanted = ids
    await listener.wait_for(ids, deadline)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.call_at(loop.time() + max(0.0, deadline - time.perf_counter()), stop.set)
    await watcher.run(stop)


async def measure(
    config: Config, client: httpx.AsyncClient, bodies: list[tuple[str, bytes]]
) -> Run:
    listener = AssignedListener(config)
    watcher = TimerWatcher(config, listener)
    await listener.start()
    try:
        await watcher.start()
        return await drive(config, client, bodies, listener, watcher)
    finally:
        await listener.stop()
        await watcher.close()


async def drive(
    config: Config,
    client: httpx.AsyncClient,
    bodies: list[tuple[str, bytes]],
    listener: AssignedListener,
    watcher: TimerWatcher,
) -> Run:
    background = await background_load()
    cpu_before, pg_before = await cpu_snapshot(client, config), await watcher.counters()
    run = Run(config, started=time.perf_counter(), background_cores=background)
    poller = asyncio.create_task(_poll_during_submission(watcher, run.results))
    await submit_all(config, bodies, run.results)
    poller.cancel()
    await asyncio.gather(poller, return_exceptions=True)
    await await_completion(run, listener, watcher)
    run.finished = time.perf_counter()
    cpu_after = await settle(client, config)
    run.settled, pg_after = cpu_after.at, await watcher.counters()
    run.cpu, run.cpu_window = cpu_delta(cpu_before, cpu_after), cpu_after.at - cpu_before.at
    run.pg = {name: pg_after[name] - pg_before[name] for name in pg_after}
    run.assigned, run.timers = dict(listener.seen), dict(watcher.found)
    run.handled = dict(listener.handled)
    return run


async def settle(
    client: httpx.AsyncClient, config: Config, *, idle_cores: float = 0.1, limit: float = 60.0
) -> CpuSnapshot:
    """Services go on after the last timer (intake projects CaseAssigned, supervision...):
    wait until none burns more than idle_cores, so that their whole work is counted."""
    last = await cpu_snapshot(client, config)
    deadline = last.at + limit
    while last.at < deadline:
        await asyncio.sleep(1.0)
        now = await cpu_snapshot(client, config)
        rates = [
            (value - earlier) / (now.at - last.at)
            for name, value in now.services.items()
            if value is not None and (earlier := last.services.get(name)) is not None
        ]
        last = now
        if max(rates, default=0.0) < idle_cores:
            break
    return last


async def _poll_during_submission(watcher: TimerWatcher, results: list[Submitted]) -> None:
    """Timers of early cases appear while later ones are still being submitted."""
    while True:
        await asyncio.sleep(watcher.config.poll_seconds)
        watcher.wanted = {r.case_id for r in results if r.case_id is not None}
        await watcher.poll_once()


async def main(argv: Sequence[str]) -> int:
    config = parse_args(argv)
    async with httpx.AsyncClient(timeout=30.0) as client:  # categories and /metrics
        categories = await routable_categories(client, config.intake_url)
        bodies = submissions(config, categories, await cases_so_far(config))
        run = await measure(config, client, bodies)
    summary = summarize(run)
    for line in report_lines(summary):
        print(line)
    if config.json:
        print(json.dumps(summary, ensure_ascii=False))
    complete = summary["all_timers_after_s"] is not None and not summary["errors"]
    return 0 if complete else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1:])))
