"""Open311 use cases on intake's in-memory store: a service request filed with an API key
(the demo key or an issued one), the lookup of its token, the administrators' keys, and the
refusals that change nothing and publish nothing."""

from __future__ import annotations

import pytest

from common.district import load_district
from common.errors import ApiError
from common.events import CaseRegistered
from intake.domain.open311 import Open311Error
from intake.open311 import service
from tests.support.intake_world import intake, policy

DISTRICT = load_district()
DEMO = "demo-key"


def form(**fields: str) -> dict[str, list[str]]:
    base = {
        "service_code": "streetlight",
        "lat": "28.2101",
        "long": "112.9302",
        "description": "小区南门外的三盏路灯已经一个月不亮。晚上行人看不清路",
        "email": "zhao@example.org",
        "media_url": "https://example.org/light.jpg",
    }
    return {k: [v] for k, v in {**base, **fields}.items()}


def open311_intake():  # type: ignore[no-untyped-def]
    db = intake()
    db.store.catalogue.add("streetlight", "路灯不亮", lead="roads")
    return db


async def file(db, params: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    async with db.unit_of_work() as uow:
        return await service.file_request(uow, DISTRICT, params, demo_key=DEMO, policy=policy())


async def issue(db, name: str = "网格平台"):  # type: ignore[no-untyped-def]
    async with db.unit_of_work() as uow:
        return await service.create_key(uow, name=name, actor="admin:a")


async def test_a_request_with_an_issued_key_becomes_a_case_and_keeps_what_open311_adds() -> None:
    db = open311_intake()
    issued = await issue(db)
    filed = await file(db, form(api_key=issued["key"]))
    case_id = filed["service_request_id"]
    assert case_id in db.store.tables.cases
    assert db.store.tables.cases[case_id]["category"] == "streetlight"
    assert filed["account_id"] is None and case_id in filed["service_notice"]
    (request,) = db.store.tables.open311_requests
    assert request["case_id"] == case_id and request["api_key_id"] == issued["id"]
    assert (request["email"], request["media_url"]) == (
        "zhao@example.org",
        "https://example.org/light.jpg",
    )
    assert len(db.events(CaseRegistered)) == 1
    async with db.unit_of_work() as uow:
        (key,) = await service.list_keys(uow)
    assert key["last_used_at"] is not None and "key" not in key


async def test_the_demo_key_files_a_request_with_no_key_of_its_own() -> None:
    db = open311_intake()
    await file(db, form(api_key=DEMO))
    (request,) = db.store.tables.open311_requests
    assert request["api_key_id"] is None


async def test_a_token_finds_the_case_it_was_given_for() -> None:
    db = open311_intake()
    await file(db, form(api_key=DEMO))
    (request,) = db.store.tables.open311_requests
    async with db.unit_of_work() as uow:
        found = await service.request_of_token(uow, str(request["token"]))
    assert found == [{"service_request_id": request["case_id"], "token": str(request["token"])}]


@pytest.mark.parametrize("token", ["not-a-uuid", "6f1c1d4e-0000-4000-8000-000000000000"])
async def test_an_unknown_token_is_404(token: str) -> None:
    db = open311_intake()
    async with db.unit_of_work() as uow:
        with pytest.raises(Open311Error) as refused:
            await service.request_of_token(uow, token)
    assert refused.value.status == 404


async def refused_request(db, params: dict[str, list[str]]) -> Open311Error:  # type: ignore[no-untyped-def]
    with pytest.raises(Open311Error) as refused:
        await file(db, params)
    assert db.store.tables.cases == {} and db.store.tables.open311_requests == []
    assert db.published == []
    return refused.value


@pytest.mark.parametrize("keys", [[], ["wrong"], [DEMO, DEMO]])
async def test_a_request_without_one_valid_key_is_403_and_changes_nothing(
    keys: list[str],
) -> None:
    db = open311_intake()
    params = form() | ({"api_key": keys} if keys else {})
    assert (await refused_request(db, params)).status == 403


async def test_a_revoked_key_is_refused() -> None:
    db = open311_intake()
    issued = await issue(db)
    async with db.unit_of_work() as uow:
        revoked = await service.revoke_key(uow, issued["id"])
    assert revoked["revoked_at"] is not None
    assert (await refused_request(db, form(api_key=issued["key"]))).status == 403


async def test_an_unknown_service_is_404_and_a_missing_description_400() -> None:
    db = open311_intake()
    unknown = await refused_request(db, form(api_key=DEMO, service_code="no-such-service"))
    assert unknown.status == 404
    assert (await refused_request(db, form(api_key=DEMO, description=""))).status == 400


async def test_keys_are_listed_in_order_never_with_the_key_and_revoked_once() -> None:
    db = open311_intake()
    first, second = await issue(db, "甲"), await issue(db, "乙")
    assert first["key"].startswith("o311_") and first["key_prefix"] == first["key"][:11]
    async with db.unit_of_work() as uow:
        once = await service.revoke_key(uow, first["id"])
    async with db.unit_of_work() as uow:
        again = await service.revoke_key(uow, first["id"])
        listed = await service.list_keys(uow)
    assert once["revoked_at"] == again["revoked_at"]  # the first revocation stays
    assert [k["name"] for k in listed] == ["甲", "乙"] and listed[1]["id"] == second["id"]
    assert all(set(k) == set(once) for k in listed) and "key" not in once


async def test_revoking_an_unknown_key_is_404() -> None:
    db = open311_intake()
    async with db.unit_of_work() as uow:
        with pytest.raises(ApiError) as refused:
            await service.revoke_key(uow, 99)
    assert refused.value.code == "key_not_found" and db.published == []
