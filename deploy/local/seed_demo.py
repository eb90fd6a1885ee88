"""Seed the district `./dev up` runs (岳麓区) with demo cases, once: the three from the
Xiangjiang New Area reports, and the kinds of request the real district routes to an outside
unit (a water cut) and to a bureau (a school place).

Runs after `./dev up`; does nothing when intake already holds cases. Online cases are
submitted as a citizen would; the window and hotline cases are registered by a clerk (a
token signed with AUTH_SECRET, the development secret when unset) and accepted at once. A
case whose category the running district does not have (another DISTRICT_FILE) is skipped.
"""

from __future__ import annotations

import asyncio
import json
import os
import urllib.request
from collections.abc import Mapping

import asyncpg

from common.auth import Principal, TokenCodec
from common.settings import DEVELOPMENT_SECRET
from common.vocabulary import Role

INTAKE = os.environ.get("INTAKE_URL", "http://127.0.0.1:8001")

DEMO_CASES = [
    {
        "channel": "web",
        "kind": "could_not_get_it_done",
        "category": "streetlight",
        "title": "道路路灯多年不亮",
        "description": "片区主干道42盏路灯多年不亮，夜间出行不便，多次反映未解决。",
        "submitter": {"kind": "person", "name": "张先生", "phone": "13800000001"},
        "location": {"address": "岳麓区麓山路", "latitude": 28.1832, "longitude": 112.9421},
    },
    {
        "channel": "window",
        "kind": "could_not_get_it_done",
        "category": "settlement-review",
        "title": "工程结算评审申请",
        "description": "我公司项目结算评审需在4月18日前完成，申请尽快办理。",
        "submitter": {
            "kind": "enterprise",
            "name": "李经理",
            "phone": "13800000002",
            "enterprise_name": "湖南某建设有限公司",
            "uscc": "91430100MA4L0000X0",
        },
        "location": {"address": "岳麓区政务服务中心"},
    },
    {
        "channel": "hotline",
        "kind": "complaint",
        "category": "construction-project",
        "title": "在建项目长期停滞",
        "description": "项目停工数月，涉及建设单位及9家参建单位，请协调推进。",
        "submitter": {"kind": "person", "name": "王女士", "phone": "13800000003"},
        "location": {"address": "岳麓区梅溪湖街道某项目工地"},
    },
    {
        "channel": "web",
        "kind": "help",
        "category": "water-outage",
        "title": "小区停水一天无通知",
        "description": "我们小区从昨天早上开始停水，到现在还没来水，也没有看到停水通知。",
        "submitter": {"kind": "person", "name": "陈先生", "phone": "13800000006"},
        "location": {
            "address": "岳麓区望月湖街道某小区",
            "latitude": 28.2035,
            "longitude": 112.9467,
        },
    },
    {
        "channel": "hotline",
        "kind": "consultation",
        "category": "primary-enrolment",
        "title": "一年级入学学位咨询",
        "description": "孩子今年上一年级，户籍在咸嘉湖街道，想问对口学校和报名时间。",
        "submitter": {"kind": "person", "name": "刘女士", "phone": "13800000007"},
        "location": {"address": "岳麓区咸嘉湖街道"},
    },
]


def _valid_uscc(seed: str) -> str:
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    weights = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    total = sum(alphabet.index(ch) * w for ch, w in zip(seed, weights, strict=True))
    return seed + alphabet[(31 - total % 31) % 31]


async def _has_cases() -> bool:
    url = os.environ["DATABASE_URL"].replace("postgresql+asyncpg://", "postgresql://")
    connection = await asyncpg.connect(url)
    try:
        return bool(await connection.fetchval("SELECT EXISTS (SELECT 1 FROM intake.cases)"))
    finally:
        await connection.close()


STAFF_CHANNELS = {"window", "hotline", "leader_at_window"}


def _post(case: Mapping[str, object]) -> dict[str, str]:
    headers = {"Content-Type": "application/json"}
    path = "/api/v1/cases"
    if case["channel"] in STAFF_CHANNELS:
        codec = TokenCodec(os.environ.get("AUTH_SECRET") or DEVELOPMENT_SECRET)
        headers["Authorization"] = f"Bearer {codec.issue(Principal('demo-clerk', Role.CLERK))}"
        path = "/api/v1/staff/cases"
        case = {**case, "screening": {"outcome": "accept"}}
    request = urllib.request.Request(
        f"{INTAKE}{path}", data=json.dumps(case).encode(), headers=headers, method="POST"
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())  # type: ignore[no-any-return]


def _categories() -> set[str]:
    with urllib.request.urlopen(f"{INTAKE}/api/v1/categories", timeout=10) as response:
        return {category["code"] for category in json.loads(response.read())}


def main() -> None:
    if asyncio.run(_has_cases()):
        print("seed: intake already holds cases; demo data left as it is")
        return
    DEMO_CASES[1]["submitter"]["uscc"] = _valid_uscc("91430100MA4L0000X")  # type: ignore[index]
    known = _categories()
    print("seed: demo cases (case number / tracking code):")
    for case in DEMO_CASES:
        if case["category"] not in known:
            continue
        receipt = _post(case)
        print(f"  {receipt['case_id']}  {receipt['tracking_code']}  {case['title']}")


if __name__ == "__main__":
    main()
