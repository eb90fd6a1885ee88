"""The business metrics of one case around the loop, as each service's /metrics shows them:
registered (intake), assigned and resolved with their times (intake, dispatch), the callback
(callback), the open cases and backlog (dispatch) and the rates (supervision).

The case is of a category no other test uses (物业管理, led by housing-construction), so the
counters of its label sets move by this case alone."""

from __future__ import annotations

import httpx
from prometheus_client.parser import text_string_to_metric_families

from common.vocabulary import Role
from tests.support.kafka import eventually
from tests.support.loop import callback, submit, wait_state
from tests.support.stack import Stack
from tests.support.staff import headers_for

CATEGORY, LEAD = "property-management", "housing-construction"
REGISTERED = {"channel": "web", "kind": "complaint", "category": CATEGORY}
HANDLED = {"department": LEAD, "category": CATEGORY}


async def sample(
    http: httpx.AsyncClient, stack: Stack, service: str, name: str, labels: dict[str, str]
) -> float:
    """The sample's value on the service's /metrics (0 when it has none yet)."""
    text = (await http.get(f"{stack.url(service)}/metrics")).text
    for family in text_string_to_metric_families(text):
        for found in family.samples:
            if found.name == name and all(found.labels.get(k) == v for k, v in labels.items()):
                return float(found.value)
    return 0.0


async def test_one_case_moves_every_business_metric(stack: Stack, http: httpx.AsyncClient) -> None:
    async def now(service: str, name: str, **labels: str) -> float:
        return await sample(http, stack, service, name, labels)

    async def becomes(value: float, service: str, name: str, **labels: str) -> None:
        async def reached() -> bool:
            return await now(service, name, **labels) == value

        await eventually(reached, timeout=60, interval=0.5)

    before = {
        "registered": await now("intake", "civicloop_cases_registered_total", **REGISTERED),
        "waited": await now("intake", "civicloop_case_submit_to_assigned_seconds_count", **HANDLED),
        "assigned": await now("dispatch", "civicloop_cases_assigned_total", **HANDLED),
        "resolved": await now(
            "dispatch", "civicloop_cases_resolved_total", result="solved", **HANDLED
        ),
        "took": await now(
            "dispatch", "civicloop_case_assigned_to_resolved_seconds_count", **HANDLED
        ),
        "satisfied": await now(
            "callback", "civicloop_callbacks_total", department=LEAD, result="satisfied"
        ),
    }

    case_id = (await submit(http, stack, kind="complaint", category=CATEGORY))["case_id"]
    await wait_state(http, stack, case_id, "assigned")
    assert await now("intake", "civicloop_cases_registered_total", **REGISTERED) == (
        before["registered"] + 1
    )
    assert await now("dispatch", "civicloop_cases_assigned_total", **HANDLED) == (
        before["assigned"] + 1
    )
    await becomes(
        before["waited"] + 1, "intake", "civicloop_case_submit_to_assigned_seconds_count", **HANDLED
    )

    async def held() -> bool:
        open_cases = await now("dispatch", "civicloop_cases", state="assigned", **HANDLED)
        backlog = await now("dispatch", "civicloop_department_backlog", department=LEAD)
        return open_cases >= 1 and backlog >= 1

    await eventually(held, timeout=60, interval=0.5)

    handler = headers_for(Role.HANDLER, LEAD)
    case_url = f"{stack.url('dispatch')}/api/v1/cases/{case_id}"
    assert (await http.post(f"{case_url}/sign", json={}, headers=handler)).status_code == 200
    resolved = await http.post(
        f"{case_url}/resolve", json={"result": "solved", "summary": "已处理"}, headers=handler
    )
    assert resolved.status_code == 200, resolved.text
    assert await now("dispatch", "civicloop_cases_resolved_total", result="solved", **HANDLED) == (
        before["resolved"] + 1
    )
    assert await now(
        "dispatch", "civicloop_case_assigned_to_resolved_seconds_count", **HANDLED
    ) == (before["took"] + 1)

    await callback(http, stack, case_id, 1, satisfaction="satisfied", solved=True)
    assert await now(
        "callback", "civicloop_callbacks_total", department=LEAD, result="satisfied"
    ) == (before["satisfied"] + 1)

    async def rated() -> bool:
        rate = await now(
            "supervision", "civicloop_department_rate", department=LEAD, rate="satisfaction"
        )
        district = await now("supervision", "civicloop_district_rate", rate="satisfaction")
        return 0 < rate <= 1 and 0 < district <= 1

    await eventually(rated, timeout=90, interval=1)
