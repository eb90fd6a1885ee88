"""Open311 GeoReport v2 and the classifier's routes on the running system: an Open311 request
becomes an ordinary case that dispatch assigns, and its status follows in JSON and in XML."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest_asyncio

from common.vocabulary import Role
from intake.domain.submission import TRACKING_ALPHABET
from tests.support.kafka import eventually
from tests.support.open311 import base, error_of, post, streetlight_form, xml_of
from tests.support.stack import Stack
from tests.support.staff import headers_for

ADMIN = headers_for(Role.ADMIN)


@pytest_asyncio.fixture(scope="module")
async def api_key(stack: Stack) -> str:
    async with httpx.AsyncClient(timeout=10) as client:
        response = await client.post(
            f"{stack.url('intake')}/api/v1/open311/keys", json={"name": "e2e-app"}, headers=ADMIN
        )
    assert response.status_code == 201, response.text
    key: str = response.json()["key"]
    return key


async def filed(http: httpx.AsyncClient, stack: Stack, form: dict[str, str]) -> dict[str, Any]:
    response = await post(http, stack, "json", form)
    assert response.status_code == 201, response.text
    receipt: dict[str, Any] = response.json()[0]
    return receipt


async def test_discovery_in_both_formats(http: httpx.AsyncClient, stack: Stack) -> None:
    document = (await http.get(f"{base(stack)}/discovery.json")).json()
    endpoint = document["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2")
    assert set(endpoint["formats"]) == {"text/xml", "application/json"}
    root = xml_of(await http.get(f"{base(stack)}/discovery.xml"))
    assert root.tag == "discovery"
    assert [f.text for f in root.iter("format")] == ["text/xml", "application/json"]


async def test_services_list_the_catalogue(http: httpx.AsyncClient, stack: Stack) -> None:
    services = (await http.get(f"{base(stack)}/services.json")).json()
    light = next(s for s in services if s["service_code"] == "streetlight")
    assert light["service_name"] == "路灯照明"
    assert light["group"] == "城市管理局"
    assert light["metadata"] is True and light["type"] == "realtime"
    assert "路灯" in light["keywords"]
    root = xml_of(await http.get(f"{base(stack)}/services.xml"))
    assert root.tag == "services"
    codes = [s.findtext("service_code") for s in root.findall("service")]
    assert codes == [s["service_code"] for s in services]


async def test_a_service_definition(http: httpx.AsyncClient, stack: Stack) -> None:
    definition = (await http.get(f"{base(stack)}/services/settlement-review.json")).json()
    assert definition["service_code"] == "settlement-review"
    attributes = {a["code"]: a for a in definition["attributes"]}
    assert attributes["project_name"]["required"] is True
    assert attributes["request_kind"]["datatype"] == "singlevaluelist"
    root = xml_of(await http.get(f"{base(stack)}/services/settlement-review.xml"))
    assert root.tag == "service_definition"
    assert root.findtext("service_code") == "settlement-review"
    missing = await http.get(f"{base(stack)}/services/potholes.json")
    assert missing.status_code == 404
    assert "potholes" in error_of(missing)


async def test_wrong_format_and_jurisdiction(http: httpx.AsyncClient, stack: Stack) -> None:
    response = await http.get(f"{base(stack)}/services.html")
    assert response.status_code == 404
    assert "format" in error_of(response)
    other = await http.get(f"{base(stack)}/services.json", params={"jurisdiction_id": "elsewhere"})
    assert other.status_code == 404
    same = await http.get(f"{base(stack)}/services.json", params={"jurisdiction_id": "xjxq"})
    assert same.status_code == 200


async def test_post_without_a_valid_api_key_is_403(
    http: httpx.AsyncClient, stack: Stack, sql: Any
) -> None:
    before = await sql.fetchval("SELECT count(*) FROM intake.cases")
    form = streetlight_form("")
    del form["api_key"]
    response = await post(http, stack, "json", form)
    assert response.status_code == 403
    assert "api_key" in error_of(response)
    wrong = await post(http, stack, "xml", streetlight_form("o311_not-a-key"))
    assert wrong.status_code == 403
    root = xml_of(wrong)
    assert root.tag == "errors"
    assert root.findtext("error/code") == "403"
    assert await sql.fetchval("SELECT count(*) FROM intake.cases") == before


async def test_unknown_service_code_is_404(
    http: httpx.AsyncClient, stack: Stack, api_key: str
) -> None:
    """The spec: 404 - service_code was not found."""
    response = await post(http, stack, "json", streetlight_form(api_key, service_code="potholes"))
    assert response.status_code == 404
    assert "service_code 'potholes'" in error_of(response)


async def test_missing_required_attribute_is_400_naming_it(
    http: httpx.AsyncClient, stack: Stack, api_key: str
) -> None:
    form = streetlight_form(api_key, service_code="construction-project")
    del form["attribute[pole_number]"]
    response = await post(http, stack, "xml", form)
    assert response.status_code == 400
    assert "attribute[project_name]" in (xml_of(response).findtext("error/description") or "")
    missing_location = streetlight_form(api_key, lat="", long="", address_string="")
    response = await post(http, stack, "json", missing_location)
    assert response.status_code == 400
    assert "location" in error_of(response)


async def test_a_request_becomes_a_case_and_its_status_follows_dispatch(
    http: httpx.AsyncClient, stack: Stack, api_key: str, sql: Any
) -> None:
    response = await post(http, stack, "xml", streetlight_form(api_key))
    assert response.status_code == 201, response.text
    receipt = xml_of(response)
    assert receipt.tag == "service_requests"
    case_id = receipt.findtext("request/service_request_id") or ""
    notice = receipt.findtext("request/service_notice") or ""
    assert re.fullmatch(r"\d{14}", case_id)
    code = re.search(f"查询码 ([{TRACKING_ALPHABET}]{{8}})", notice)
    assert code is not None, notice

    # an ordinary case: channel web, the submitter's own tracking page, routed by dispatch
    case = await sql.fetchrow("SELECT * FROM intake.cases WHERE case_id = $1", case_id)
    assert (case["channel"], case["kind"], case["category"]) == (
        "web",
        "could_not_get_it_done",
        "streetlight",
    )
    assert case["submitter_name"] == "赵女士" and case["submitter_phone"] == "13800000004"
    assert case["address"] == "湘江新区望月湖路12号"
    assert "路灯杆编号：WY-017" in case["description"]
    tracked = await http.get(
        f"{stack.url('intake')}/api/v1/public/cases/{case_id}", params={"code": code.group(1)}
    )
    assert tracked.status_code == 200

    async def assigned() -> dict[str, Any] | None:
        found = (await http.get(f"{base(stack)}/requests/{case_id}.json")).json()[0]
        return found if "已交办" in found["status_notes"] else None

    request = await eventually(assigned)
    assert request["status_notes"] == "已交办至城市管理局"
    assert request["status"] == "open"
    assert request["agency_responsible"] == "城市管理局"
    assert request["service_code"] == "streetlight" and request["service_name"] == "路灯照明"
    assert (request["lat"], request["long"]) == (28.2101, 112.9302)
    assert request["media_url"] == "https://example.org/light.jpg"
    assert request["requested_datetime"].endswith("+08:00")
    dispatch = (
        await http.get(
            f"{stack.url('dispatch')}/api/v1/cases/{case_id}", headers=headers_for(Role.DISPATCHER)
        )
    ).json()
    assert (dispatch["state"], dispatch["lead_department"]) == ("assigned", "urban-management")

    root = xml_of(await http.get(f"{base(stack)}/requests/{case_id}.xml"))
    assert root.tag == "service_requests"
    assert root.findtext("request/service_request_id") == case_id
    assert root.findtext("request/status") == "open"
    assert root.findtext("request/status_notes") == "已交办至城市管理局"
    assert root.findtext("request/long") == "112.9302"

    # the answer has the service_request_id, so no token; intake still resolves the one it keeps
    token = str(
        await sql.fetchval("SELECT token FROM intake.open311_requests WHERE case_id = $1", case_id)
    )
    by_token = (await http.get(f"{base(stack)}/tokens/{token}.json")).json()
    assert by_token == [{"service_request_id": case_id, "token": token}]
    assert (await http.get(f"{base(stack)}/tokens/{'0' * 32}.json")).status_code == 404
    assert (await http.get(f"{base(stack)}/requests/19990101000000.json")).status_code == 404


async def test_get_requests_filters(http: httpx.AsyncClient, stack: Stack, api_key: str) -> None:
    light = await filed(http, stack, streetlight_form(api_key))
    litter_form = streetlight_form(
        api_key, service_code="sanitation", description="菜市场后面的垃圾站三天没清运，臭气熏天。"
    )
    del litter_form["attribute[pole_number]"]
    litter = await filed(http, stack, litter_form)
    ids = {light["service_request_id"], litter["service_request_id"]}

    async def listed(**params: str) -> set[str]:
        response = await http.get(f"{base(stack)}/requests.json", params=params)
        assert response.status_code == 200, response.text
        return {r["service_request_id"] for r in response.json()}

    assert ids <= await listed()
    sanitation = await listed(service_code="sanitation")
    assert litter["service_request_id"] in sanitation
    assert light["service_request_id"] not in sanitation
    assert ids <= await listed(service_code="streetlight,sanitation")
    assert ids <= await listed(status="open")
    assert not ids & await listed(status="closed")
    now = datetime.now(UTC)
    assert ids <= await listed(
        start_date=(now - timedelta(hours=1)).isoformat(),
        end_date=(now + timedelta(hours=1)).isoformat(),
    )
    assert not ids & await listed(start_date=(now + timedelta(hours=1)).isoformat())
    assert not ids & await listed(end_date=(now - timedelta(hours=1)).isoformat())
    together = ",".join(sorted(ids))
    assert await listed(service_request_id=together, status="closed") == ids

    root = xml_of(
        await http.get(f"{base(stack)}/requests.xml", params={"service_request_id": together})
    )
    assert {r.findtext("service_request_id") for r in root.findall("request")} == ids

    bad = await http.get(f"{base(stack)}/requests.json", params={"status": "pending"})
    assert bad.status_code == 400
    too_long = await http.get(
        f"{base(stack)}/requests.json",
        params={"start_date": "2025-01-01T00:00:00Z", "end_date": "2025-12-31T00:00:00Z"},
    )
    assert too_long.status_code == 400 and "90 days" in error_of(too_long)


async def test_api_keys_are_shown_once_and_can_be_revoked(
    http: httpx.AsyncClient, stack: Stack
) -> None:
    url = f"{stack.url('intake')}/api/v1/open311/keys"
    created = await http.post(url, json={"name": "revoked-app"}, headers=ADMIN)
    assert created.status_code == 201
    key, key_id = created.json()["key"], created.json()["id"]
    assert key.startswith(created.json()["key_prefix"])
    listed = (await http.get(url, headers=ADMIN)).json()
    mine = next(k for k in listed if k["id"] == key_id)
    assert "key" not in mine and "key_hash" not in mine and key not in str(listed)
    assert (await post(http, stack, "json", streetlight_form(key))).status_code == 201

    revoked = await http.delete(f"{url}/{key_id}", headers=ADMIN)
    assert revoked.status_code == 200 and revoked.json()["revoked_at"] is not None
    assert (await post(http, stack, "json", streetlight_form(key))).status_code == 403
    assert (await http.delete(f"{url}/999999", headers=ADMIN)).status_code == 404

    assert (await http.get(url)).status_code == 401
    clerk = await http.post(url, json={"name": "x"}, headers=headers_for(Role.CLERK))
    assert clerk.status_code == 403 and clerk.json()["error"] == "forbidden_role"


async def test_classification_suggest_and_accuracy(
    http: httpx.AsyncClient, stack: Stack, api_key: str
) -> None:
    url = f"{stack.url('intake')}/api/v1/classification"
    body = {"title": "营业执照", "description": "想注册一个公司，营业执照的经营范围怎么填"}
    response = await http.post(f"{url}/suggest", json=body, headers=headers_for(Role.CLERK))
    assert response.status_code == 200, response.text
    suggestion = response.json()
    assert suggestion["category"] == "business-licence"
    assert suggestion["lead_department"] == "market-regulation"
    assert 0 <= suggestion["confidence"] <= 1 and len(suggestion["alternatives"]) == 3
    assert suggestion["needs_human"] is (suggestion["confidence"] < suggestion["threshold"])
    vague = await http.post(
        f"{url}/suggest", json={"description": "你好"}, headers=headers_for(Role.DISPATCHER)
    )
    assert vague.json()["needs_human"] is True
    handler = await http.post(
        f"{url}/suggest", json=body, headers=headers_for(Role.HANDLER, "urban-management")
    )
    assert handler.status_code == 403
    empty = await http.post(f"{url}/suggest", json={"title": "x"}, headers=headers_for(Role.CLERK))
    assert empty.status_code == 422

    # an Open311 submission records the suggestion; the service the client chose is no
    # person's decision, so the case is suggested for but not measured
    since = datetime.now(UTC)
    await filed(http, stack, streetlight_form(api_key))
    accuracy = await http.get(f"{url}/accuracy", params={"since": since.isoformat()}, headers=ADMIN)
    assert accuracy.status_code == 200, accuracy.text
    assert accuracy.json()["suggested"] >= 1
    assert accuracy.json()["decided"] == 0 and accuracy.json()["accuracy"] is None
    later = await http.get(
        f"{url}/accuracy",
        params={"since": (datetime.now(UTC) + timedelta(days=1)).isoformat()},
        headers=ADMIN,
    )
    assert later.json()["suggested"] == 0 and later.json()["accuracy"] is None
    clerk = await http.get(f"{url}/accuracy", headers=headers_for(Role.CLERK))
    assert clerk.status_code == 403
