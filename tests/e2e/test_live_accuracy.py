"""Live classification accuracy on the running system: only what people decided counts, so a
clerk's correction, a dispatcher's re-classification (改类, published as dispatch would) and a
return upheld at arbitration bring it below 100 %; every suggestion names its model."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx

from common.events import CaseReclassified
from common.vocabulary import Role
from tests.support.events import publish_as
from tests.support.handling import handler, ok, post
from tests.support.infra import TestRun
from tests.support.kafka import eventually
from tests.support.loop import submit, wait_state
from tests.support.screening import register, screen, staff_view
from tests.support.stack import Stack
from tests.support.staff import headers_for

ADMIN = headers_for(Role.ADMIN, username="admin-accuracy")
DISPATCHER = headers_for(Role.DISPATCHER, username="dispatcher-accuracy")
UM, HC = "urban-management", "housing-construction"


async def accuracy(
    http: httpx.AsyncClient, stack: Stack, since: datetime, headers: dict[str, str] = ADMIN
) -> dict[str, Any]:
    response = await http.get(
        f"{stack.url('intake')}/api/v1/classification/accuracy",
        params={"since": since.isoformat()},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def current_model(http: httpx.AsyncClient, stack: Stack) -> str:
    response = await http.get(f"{stack.url('intake')}/api/v1/classification/models", headers=ADMIN)
    assert response.status_code == 200, response.text
    (current,) = [m for m in response.json() if m["current"]]
    assert current["trained_cases"] == 0 and current["corpus_examples"] > 0
    version: str = current["version"]
    return version


async def test_corrections_by_a_clerk_and_a_dispatcher_bring_accuracy_below_100(
    stack: Stack, http: httpx.AsyncClient, e2e_run: TestRun
) -> None:
    since = datetime.now(UTC)
    version = await current_model(http, stack)
    suggested = await http.post(
        f"{stack.url('intake')}/api/v1/classification/suggest",
        json={"title": "路灯不亮", "description": "小区门口的路灯坏了一个月"},
        headers=headers_for(Role.CLERK),
    )
    assert suggested.json()["model_version"] == version

    # auto-accepted and auto-routed on the suggestion: nobody decided, nothing measured
    auto = await submit(http, stack, category=None)
    await wait_state(http, stack, auto["case_id"], "assigned")
    untouched = await accuracy(http, stack, since)
    assert untouched["suggested"] == 1
    assert (untouched["decided"], untouched["accuracy"]) == (0, None)

    # a clerk confirms the suggested category: agrees
    confirmed = await register(http, stack, category=None)
    ok_confirm = await screen(
        http, stack, confirmed["case_id"], outcome="accept", category="streetlight"
    )
    assert ok_confirm.status_code == 200, ok_confirm.text
    after_confirm = await accuracy(http, stack, since)
    assert (after_confirm["decided"], after_confirm["agreeing"]) == (1, 1)
    assert after_confirm["accuracy"] == 1.0

    # a clerk corrects it: disagrees
    corrected = await register(http, stack, category=None)
    ok_correct = await screen(
        http, stack, corrected["case_id"], outcome="accept", category="road-maintenance"
    )
    assert ok_correct.status_code == 200, ok_correct.text
    after_correction = await accuracy(http, stack, since)
    assert (after_correction["decided"], after_correction["agreeing"]) == (2, 1)
    assert after_correction["accuracy"] == 0.5

    # a dispatcher re-classifies the auto-routed case (改类)
    await publish_as(
        e2e_run,
        "dispatch",
        auto["case_id"],
        CaseReclassified(
            category="road-maintenance",
            previous_category="streetlight",
            actor="dispatcher:dispatcher-accuracy",
            reason="实为道路破损",
            reclassified_at=datetime.now(UTC),
        ),
    )

    async def reclassified() -> dict[str, Any] | None:
        view = await staff_view(http, stack, auto["case_id"], headers=ADMIN)
        lines = [line["detail"] for line in view["timeline"]]
        return view if "派单员改类：路灯照明 → 道路维修（实为道路破损）" in lines else None

    view = await eventually(reclassified)
    assert view["category"] == "road-maintenance"
    measured = await accuracy(http, stack, since)
    assert (measured["suggested"], measured["decided"], measured["agreeing"]) == (3, 3, 1)
    assert measured["accuracy"] == round(1 / 3, 4)
    assert measured["current_model"] == version
    assert [(m["model_version"], m["decided"], m["current"]) for m in measured["by_model"]] == [
        (version, 3, True)
    ]
    kinds = {d["kind"]: (d["kind_label"], d["decided"]) for d in measured["by_decision"]}
    assert kinds == {"clerk": ("受理员甄别确认或改类", 2), "reclassified": ("派单员改类", 1)}
    categories = {
        c["category"]: (c["category_name"], c["decided"]) for c in measured["by_category"]
    }
    assert categories == {"road-maintenance": ("道路维修", 2), "streetlight": ("路灯照明", 1)}
    assert [(d["domain_name"], d["decided"]) for d in measured["by_domain"]] == [
        ("（未分领域）", 3)
    ]

    clerk = await http.get(
        f"{stack.url('intake')}/api/v1/classification/accuracy", headers=headers_for(Role.CLERK)
    )
    assert clerk.status_code == 403
    backwards = await http.get(
        f"{stack.url('intake')}/api/v1/classification/accuracy",
        params={"from": "2026-11-30", "to": "2026-11-01"},
        headers=ADMIN,
    )
    assert backwards.status_code == 422 and backwards.json()["error"] == "bad_period"


async def test_a_return_upheld_at_arbitration_counts_against_the_suggestion(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    since = datetime.now(UTC)
    case_id = (await submit(http, stack, category=None))["case_id"]
    assigned = await wait_state(http, stack, case_id, "assigned")
    assert assigned["lead_department"] == UM  # routed on the suggestion
    await ok(await post(http, stack, case_id, "return", handler(UM), reason="该路段属住建代建"))
    await ok(
        await post(
            http,
            stack,
            case_id,
            "arbitrate",
            DISPATCHER,
            decision="reroute",
            reason="代建项目，改派住建局",
            lead=HC,
        )
    )

    async def measured() -> dict[str, Any] | None:
        body = await accuracy(http, stack, since)
        return body if body["decided"] == 1 else None

    body = await eventually(measured)
    assert (body["agreeing"], body["accuracy"]) == (0, 0.0)
    assert [d["kind"] for d in body["by_decision"]] == ["return_upheld"]
