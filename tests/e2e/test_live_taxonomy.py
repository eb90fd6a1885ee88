"""The live taxonomy on the running system with the reference district (yuelu.yaml): an
administrator adds an item with its lead, Open311 lists it and a case filed under it goes to
that lead; retired, it leaves Open311 and takes no new case while the old case keeps it; a
restart, even with a newer district file, keeps the administrator's edits and adds only what
the file brings new."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
import yaml

from common.vocabulary import Role
from tests.support.infra import Servers, isolated_run
from tests.support.kafka import eventually
from tests.support.loop import dispatch_case, streetlight_case, wait_state
from tests.support.open311 import base
from tests.support.stack import Stack
from tests.support.staff import headers_for

REAL = Path(__file__).resolve().parents[2] / "deploy" / "district" / "yuelu.yaml"
ADMIN = headers_for(Role.ADMIN, username="admin-taxonomy")
NEW_ITEM = "drone-noise"
SERVICES = ("intake", "dispatch")


async def start(stack: Stack) -> None:
    for name in SERVICES:
        stack.start(name)
    for name in SERVICES:
        await stack.wait_ready(name, timeout=180)  # intake trains on the corpus


@pytest_asyncio.fixture
async def real_district(
    infrastructure: Servers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Stack]:
    monkeypatch.setenv("DISTRICT_FILE", str(REAL))
    async with isolated_run(infrastructure) as run:
        stack = Stack(run, tmp_path)
        try:
            await start(stack)
            yield stack
        finally:
            stack.stop_all()


async def tree(http: httpx.AsyncClient, stack: Stack) -> dict[str, Any]:
    response = await http.get(f"{stack.url('dispatch')}/api/v1/taxonomy", headers=ADMIN)
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


def items_of(view: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        item["code"]: item
        for domain in view["domains"]
        for category in domain["categories"]
        for item in category["items"]
    }


async def services(http: httpx.AsyncClient, stack: Stack) -> dict[str, dict[str, Any]]:
    response = await http.get(f"{base(stack)}/services.json")
    assert response.status_code == 200, response.text
    return {s["service_code"]: s for s in response.json()}


async def add(http: httpx.AsyncClient, stack: Stack, body: dict[str, Any]) -> httpx.Response:
    return await http.post(
        f"{stack.url('dispatch')}/api/v1/taxonomy/nodes", json=body, headers=ADMIN
    )


async def suggestions(http: httpx.AsyncClient, stack: Stack, text: str) -> list[str]:
    """The suggested category and its runners-up."""
    response = await http.post(
        f"{stack.url('intake')}/api/v1/classification/suggest",
        json={"description": text},
        headers=headers_for(Role.CLERK),
    )
    assert response.status_code == 200, response.text
    answer = response.json()
    return [answer["category"], *(a["category"] for a in answer["alternatives"])]


async def file_case(http: httpx.AsyncClient, stack: Stack, category: str) -> httpx.Response:
    body = streetlight_case(
        category=category,
        title="无人机扰民",
        description="小区上空每天晚上都有无人机盘旋，噪音很大。",
    )
    return await http.post(f"{stack.url('intake')}/api/v1/cases", json=body)


async def test_an_item_added_live_is_listed_routed_retired_and_kept_across_restarts(
    real_district: Stack, http: httpx.AsyncClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stack = real_district
    seeded = await tree(http, stack)
    assert len(seeded["domains"]) >= 15 and len(items_of(seeded)) >= 120
    noise = next(d for d in seeded["domains"] if d["code"] == "environment")
    category = noise["categories"][0]
    item = {
        "code": NEW_ITEM,
        "level": "item",
        "name": "无人机扰民",
        "parent": category["code"],
        "kinds": ["complaint"],
        "lead": "street-yuelu",
        "co_handlers": ["urban-management"],
    }

    # refused with a stable code and the field named
    for broken, status, code in [
        ({**item, "lead": "no-such-bureau"}, 422, "unknown_department"),
        ({**item, "lead": None}, 422, "lead_required"),
        ({**item, "code": category["items"][0]["code"]}, 409, "duplicate_code"),
        ({**item, "parent": noise["code"]}, 422, "wrong_parent_level"),
    ]:
        refused = await add(http, stack, broken)
        assert refused.status_code == status, refused.text
        assert refused.json()["error"] == code
    assert NEW_ITEM not in await services(http, stack)

    added = await add(http, stack, item)
    assert added.status_code == 201, added.text
    assert added.json()["updated_by"] == "admin:admin-taxonomy"

    # Open311 lists it under its domain as soon as intake has it
    async def listed() -> dict[str, Any] | None:
        return (await services(http, stack)).get(NEW_ITEM)

    service = await eventually(listed)
    assert (service["service_name"], service["group"]) == ("无人机扰民", noise["name"])

    # a case filed under it goes to its lead, with its co-handler
    response = await file_case(http, stack, NEW_ITEM)
    assert response.status_code == 201, response.text
    old_case = response.json()["case_id"]
    assigned = await wait_state(http, stack, old_case, "assigned")
    assert (assigned["lead_department"], assigned["co_handlers"]) == (
        "street-yuelu",
        ["urban-management"],
    )

    # a route set on the routing-rules screen is the same authority's edit: logged
    rerouted = await http.put(
        f"{stack.url('dispatch')}/api/v1/org/routing-rules/{NEW_ITEM}",
        json={"lead": "street-yuelu", "co_handlers": ["urban-management"]},
        headers=ADMIN,
    )
    assert rerouted.status_code == 200, rerouted.text

    # the classifier knows it by its name
    async def suggested() -> bool:
        return NEW_ITEM in await suggestions(http, stack, "无人机扰民")

    await eventually(suggested)

    # retired: gone from Open311, no new case, the old case keeps it
    retired = await http.post(
        f"{stack.url('dispatch')}/api/v1/taxonomy/nodes/{NEW_ITEM}/retire", headers=ADMIN
    )
    assert retired.status_code == 200, retired.text

    async def gone() -> bool:
        return NEW_ITEM not in await services(http, stack)

    await eventually(gone)
    refused = await file_case(http, stack, NEW_ITEM)
    assert refused.status_code == 422 and refused.json()["error"] == "unknown_category"
    assert (await dispatch_case(http, stack, old_case) or {})["category"] == NEW_ITEM

    async def not_suggested() -> bool:
        return NEW_ITEM not in await suggestions(http, stack, "无人机扰民")

    await eventually(not_suggested)

    # an administrator renames a file item; then a newer file renames it too and adds one
    renamed_code = category["items"][0]["code"]
    renamed = await http.patch(
        f"{stack.url('dispatch')}/api/v1/taxonomy/nodes/{renamed_code}",
        json={"name": "管理员改过的名称"},
        headers=ADMIN,
    )
    assert renamed.status_code == 200, renamed.text
    document = yaml.safe_load(REAL.read_text(encoding="utf-8"))
    # the copy lives elsewhere: its knowledge folders are the real district's
    for folder in ("articles", "questions"):
        document["knowledge"][folder] = str(REAL.parent / document["knowledge"][folder])
    newer_category = next(
        c for d in document["taxonomy"] if d["code"] == "environment" for c in d["categories"]
    )
    newer_category["items"][0]["name"] = "文件里的新名称"
    newer_category["items"].append(
        {
            "code": "light-pollution",
            "name": "光污染",
            "kinds": ["complaint"],
            "lead": "ecology-environment",
        }
    )
    newer = tmp_path / "yuelu-newer.yaml"
    newer.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")

    stack.stop_all()
    monkeypatch.setenv("DISTRICT_FILE", str(newer))
    await start(stack)

    after = items_of(await tree(http, stack))
    assert after[renamed_code]["name"] == "管理员改过的名称"
    assert after[NEW_ITEM]["retired"] and after[NEW_ITEM]["lead"] == "street-yuelu"
    assert after["light-pollution"]["lead"] == "ecology-environment"

    async def caught_up() -> dict[str, dict[str, Any]] | None:
        listed = await services(http, stack)
        return listed if "light-pollution" in listed else None

    listed = await eventually(caught_up)
    assert NEW_ITEM not in listed
    assert listed[renamed_code]["service_name"] == "管理员改过的名称"
    edits = await http.get(
        f"{stack.url('dispatch')}/api/v1/taxonomy/edits", params={"code": NEW_ITEM}, headers=ADMIN
    )
    assert [(e["action"], e["actor"]) for e in edits.json()] == [
        ("retire", "admin:admin-taxonomy"),
        ("route", "admin:admin-taxonomy"),
        ("add", "admin:admin-taxonomy"),
    ]
