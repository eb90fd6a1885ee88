"""The reference district on the running system: intake and dispatch load
deploy/district/yuelu.yaml, and the requests the demo district could not route (a water cut,
a power cut, a bus, a school place) reach the unit that handles them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
import pytest_asyncio

from tests.support.infra import Servers, isolated_run
from tests.support.loop import streetlight_case, wait_state
from tests.support.stack import Stack

REAL = Path(__file__).resolve().parents[2] / "deploy" / "district" / "yuelu.yaml"


@pytest_asyncio.fixture
async def real_district(
    infrastructure: Servers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Stack]:
    monkeypatch.setenv("DISTRICT_FILE", str(REAL))
    async with isolated_run(infrastructure) as run:
        stack = Stack(run, tmp_path)
        try:
            for name in ("intake", "dispatch"):
                stack.start(name)
            for name in ("intake", "dispatch"):
                await stack.wait_ready(name, timeout=180)  # intake trains on the corpus
            yield stack
        finally:
            stack.stop_all()


async def test_requests_the_demo_could_not_route_reach_their_unit(
    real_district: Stack, http: httpx.AsyncClient
) -> None:
    requests = {
        "water-company": ("小区停水", "我们小区从昨天早上开始停水，到现在还没来水，也没有通知。"),
        "power-company": ("停电", "整栋楼突然停电了，冰箱里的东西都坏了，电力公司电话打不通。"),
        "city-bus": ("公交司机", "12路公交车司机开车太猛，急刹车老人差点摔倒。"),
        "education": ("入学学位", "孩子今年上一年级，没有学位，被统筹到很远的学校去了。"),
    }
    for lead, (title, description) in requests.items():
        body = streetlight_case(category=None, title=title, description=description)
        response = await http.post(f"{real_district.url('intake')}/api/v1/cases", json=body)
        assert response.status_code == 201, response.text
        assert response.json()["status"] == "accepted"
        # an outside unit is reached by 转办 (ADR 0021), a district department by 交办
        state = "assigned" if lead == "education" else "transferred"
        assigned = await wait_state(http, real_district, response.json()["case_id"], state)
        assert assigned["lead_department"] == lead, (lead, assigned)
