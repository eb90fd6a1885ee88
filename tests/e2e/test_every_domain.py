"""Issue 11's done-when: a case in each domain of the real district walks the whole loop on
the district `./dev up` runs (deploy/district/yuelu.yaml). For one item in each of the 16
domains a resident files a request through the public API; it is accepted and routed by the
file's rule to the item's lead; the lead's demo handler account (`<code>-handler`, logged in
with its published password) signs and resolves it; the demo callback agent records a
satisfied callback; the case closes with that lead. The 16 cases run at once.

Items whose lead is an outside unit (供水 to the water company, 治安 to the public security
sub-bureau) are handed to that unit (转办) as the file's rule says, and the unit's own demo
handler account acknowledges and answers them; the answer is called back like a resolution."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import pytest_asyncio

from common.district_file import demo_handler_username
from tests.support.infra import ROOT, TEST_AUTH_SECRET, Servers
from tests.support.kafka import eventually
from tests.support.loop import dispatch_case, streetlight_case
from tests.support.real_district import HANDLER_PASSWORD, YUELU, log_in, yuelu_system
from tests.support.stack import Stack

#: domain -> (item, kind, title, description): one resident's request per domain
REQUESTS: dict[str, tuple[str, str, str, str]] = {
    "labour": ("pension", "consultation", "退休待遇咨询", "我明年满60岁，想问养老金怎么申领。"),
    "education": (
        "primary-enrolment",
        "consultation",
        "入学学位",
        "孩子今年上一年级，想问对口学校。",
    ),
    "health": (
        "hospital-service",
        "complaint",
        "医院排队太久",
        "区医院挂号排了三个小时，流程混乱。",
    ),
    "utilities": ("water-outage", "help", "小区停水", "小区从昨天开始停水，没有任何通知。"),
    "transport": ("rural-road", "complaint", "农村公路破损", "村里通组公路坑洼很多，车辆难行。"),
    "public-security": ("gambling", "report", "举报赌博", "小区地下室每晚有人聚众赌博。"),
    "environment": ("air-pollution", "complaint", "工厂异味", "附近工厂晚上排放刺鼻气味。"),
    "urban-management": ("streetlight", "complaint", "路灯不亮", "主干道多盏路灯一个月不亮。"),
    "housing": ("property-service", "complaint", "物业不作为", "小区垃圾无人清理，物业不管。"),
    "market": ("goods-refund", "complaint", "商场拒绝退货", "新买的电器有质量问题，商场拒退。"),
    "civil-affairs": (
        "subsistence-allowance",
        "consultation",
        "低保申请",
        "家里困难，想问低保怎么申请。",
    ),
    "rural": ("land-contract", "consultation", "土地流转", "想把承包地流转出去，需要什么手续。"),
    "safety": ("workplace-safety", "report", "工厂安全隐患", "某工厂消防通道堆满货物，无人管理。"),
    "culture-tourism": ("tourism", "complaint", "旅行社强制购物", "跟团游被导游强制购物。"),
    "planning": (
        "planning-permit",
        "consultation",
        "规划公示",
        "小区旁边要建什么，规划在哪里公示。",
    ),
    "government-services": ("settlement-review", "help", "结算评审", "项目结算评审迟迟没有结果。"),
}
LEAVES = {leaf.code: leaf for leaf in YUELU.categories}
OUTSIDE = {department.code for department in YUELU.departments if department.outside}


def routed_state(lead: str) -> str:
    """Where a rule leaves a case: assigned to a department, or handed to an outside unit."""
    return "transferred" if lead in OUTSIDE else "assigned"


#: intake trains on the district's corpus before it is ready: minutes on a loaded machine
pytestmark = pytest.mark.timeout(900)


#: deploy/local/seed_demo.py's cases: item -> the lead its rule routes it to
SEEDED = {
    "道路路灯多年不亮": "urban-management",
    "工程结算评审申请": "finance-review",
    "在建项目长期停滞": "housing-construction",
    "小区停水一天无通知": "water-company",
    "一年级入学学位咨询": "education",
}


@pytest_asyncio.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    """Sixteen residents and their handlers at once: on a loaded machine an answer may take
    longer than the suite's usual 10 s."""
    async with httpx.AsyncClient(timeout=60) as client:
        yield client


@pytest_asyncio.fixture(scope="module")
async def yuelu(
    infrastructure: Servers, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[tuple[Stack, str]]:
    """The system as `./dev up` leaves it: the services on yuelu.yaml, then its demo cases."""
    async with yuelu_system(infrastructure, tmp_path_factory.mktemp("yuelu_logs")) as (
        stack,
        run,
    ):
        seeded = await asyncio.to_thread(
            subprocess.run,
            [sys.executable, str(ROOT / "deploy" / "local" / "seed_demo.py")],
            env={
                **os.environ,
                "INTAKE_URL": stack.url("intake"),
                "DATABASE_URL": run.database_url,
                "AUTH_SECRET": TEST_AUTH_SECRET,
            },
            capture_output=True,
            text=True,
            timeout=240,  # a loaded machine: the script imports the services' libraries
            check=True,
        )
        yield stack, seeded.stdout


async def test_the_demo_cases_dev_up_seeds_reach_their_leads_in_the_real_district(
    yuelu: tuple[Stack, str], http: httpx.AsyncClient
) -> None:
    stack, printed = yuelu
    filed = dict(re.findall(r"^  (\d+)  \S+  (.+)$", printed, re.MULTILINE))
    assert sorted(filed.values()) == sorted(SEEDED), printed
    for case_id, title in filed.items():
        routed = await wait_state(http, stack, case_id, routed_state(SEEDED[title]))
        assert routed["lead_department"] == SEEDED[title], (title, routed)


def test_one_request_per_domain_with_a_lead_of_its_own() -> None:
    domains = {leaf.domain for leaf in YUELU.categories if leaf.domain}
    assert set(REQUESTS) == domains and len(domains) == 16
    for domain, (item, *_) in REQUESTS.items():
        leaf = LEAVES[item]
        assert leaf.domain == domain and leaf.lead is not None, item
        assert leaf.co_handlers == [], f"{item}: a co-handler would have to file an opinion"


async def walk(
    http: httpx.AsyncClient,
    stack: Stack,
    index: int,
    domain: str,
    agent: str,
    logins: asyncio.Semaphore,
) -> dict[str, Any]:
    item, kind, title, description = REQUESTS[domain]
    lead = LEAVES[item].lead
    assert lead is not None
    body = streetlight_case(category=item, kind=kind, title=title, description=description)
    body["submitter"] = {"kind": "person", "name": "居民", "phone": f"13912{index:06d}"}
    filed = await http.post(f"{stack.url('intake')}/api/v1/cases", json=body)
    assert filed.status_code == 201, (domain, filed.text)
    case_id = filed.json()["case_id"]

    routed = await wait_state(http, stack, case_id, routed_state(lead))
    assert routed["lead_department"] == lead, (domain, routed)
    async with logins:  # one Argon2 check at a time, as people log in
        token = await log_in(http, stack, demo_handler_username(lead), HANDLER_PASSWORD)
    handler = {"Authorization": token}
    dispatch = f"{stack.url('dispatch')}/api/v1/cases/{case_id}"
    take, finish = (
        ("transfer/acknowledge", "transfer/answer") if lead in OUTSIDE else ("sign", "resolve")
    )
    taken = await http.post(f"{dispatch}/{take}", headers=handler)
    assert taken.status_code == 200, (domain, taken.text)
    finished = await http.post(
        f"{dispatch}/{finish}",
        headers=handler,
        json={"result": "solved", "summary": f"{title}：已核实并办理完毕。"},
    )
    assert finished.status_code == 200, (domain, finished.text)

    callback = f"{stack.url('callback')}/api/v1/callbacks/{case_id}"
    await eventually(lambda: _task_open(http, callback, agent), timeout=120, interval=0.25)
    rated = await http.post(
        f"{callback}/result",
        headers={"Authorization": agent},
        json={"satisfaction": "satisfied", "solved": True, "comment": "满意"},
    )
    assert rated.status_code == 200, (domain, rated.text)
    return await wait_state(http, stack, case_id, "closed")


async def wait_state(
    http: httpx.AsyncClient, stack: Stack, case_id: str, state: str
) -> dict[str, Any]:
    """The case in dispatch once it is in `state`; sixteen at once on a loaded machine may
    take longer than a lone case."""

    async def reached() -> dict[str, Any] | None:
        case = await dispatch_case(http, stack, case_id)
        return case if case and case["state"] == state else None

    found: dict[str, Any] = await eventually(reached, timeout=120, interval=0.25)
    return found


async def _task_open(http: httpx.AsyncClient, url: str, agent: str) -> bool:
    tasks = await http.get(url, headers={"Authorization": agent})
    return tasks.status_code == 200 and any(t["state"] == "open" for t in tasks.json())


async def test_a_case_in_every_domain_walks_the_whole_loop(
    yuelu: tuple[Stack, str], http: httpx.AsyncClient
) -> None:
    stack, _ = yuelu
    agent = await log_in(http, stack, "callback-agent", "demo-callback-agent")
    logins = asyncio.Semaphore(1)
    closed = await asyncio.gather(
        *(walk(http, stack, i, domain, agent, logins) for i, domain in enumerate(REQUESTS))
    )
    leads = {LEAVES[case["category"]].domain: case["lead_department"] for case in closed}
    assert leads == {domain: LEAVES[item].lead for domain, (item, *_) in REQUESTS.items()}
    assert all(case["state"] == "closed" and case["round"] == 1 for case in closed)
