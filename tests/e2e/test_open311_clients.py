"""Open311 as clients send it, on the running system: no phone, phones as people write them,
the answer the spec describes, and parameters PostgreSQL cannot store refused with an Open311
error document naming them, in the path, the query string and the form alike."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import pytest_asyncio

from common.vocabulary import Role
from intake.open311.openapi import GeoReportReceipt, GeoReportRequest
from tests.support.open311 import base, error_of, post, streetlight_form, xml_of
from tests.support.stack import Stack
from tests.support.staff import headers_for

NUL = "\x00"
INVISIBLE = "\u200b\u200b\ufeff\u200d\u200b"


@pytest_asyncio.fixture(scope="module")
async def api_key(stack: Stack) -> str:
    async with httpx.AsyncClient(timeout=10) as client:
        response = await client.post(
            f"{stack.url('intake')}/api/v1/open311/keys",
            json={"name": "e2e-clients"},
            headers=headers_for(Role.ADMIN),
        )
    assert response.status_code == 201, response.text
    key: str = response.json()["key"]
    return key


async def case_count(sql: Any) -> int:
    return int(await sql.fetchval("SELECT count(*) FROM intake.cases"))


async def test_the_docs_xml_example_without_phone_files_a_case(
    http: httpx.AsyncClient, stack: Stack, api_key: str, sql: Any
) -> None:
    """docs/open311.md files a request with a key, a service, an address and a description."""
    form = {
        "api_key": api_key,
        "service_code": "sanitation",
        "address_string": "望月湖菜市场",
        "description": "菜市场后面的垃圾站三天没清运，臭气熏天。",
    }
    response = await post(http, stack, "xml", form)
    assert response.status_code == 201, response.text
    request = xml_of(response).find("request")
    assert request is not None
    assert [child.tag for child in request] == [
        "service_request_id",
        "service_notice",
        "account_id",
    ]
    assert request.find("account_id") is not None and request.findtext("account_id") == ""
    case_id = request.findtext("service_request_id")
    case = await sql.fetchrow("SELECT * FROM intake.cases WHERE case_id = $1", case_id)
    assert (case["submitter_name"], case["submitter_phone"]) == ("匿名", None)
    staff = await http.get(
        f"{stack.url('intake')}/api/v1/staff/cases/{case_id}", headers=headers_for(Role.CLERK)
    )
    assert staff.status_code == 200 and staff.json()["submitter"]["phone"] is None


async def test_the_json_answer_is_what_the_spec_describes(
    http: httpx.AsyncClient, stack: Stack, api_key: str
) -> None:
    form = streetlight_form(api_key)
    del form["media_url"]
    response = await post(http, stack, "json", form)
    assert response.status_code == 201, response.text
    [receipt] = response.json()
    assert set(receipt) == set(GeoReportReceipt.model_fields)  # no token: services are realtime
    assert receipt["account_id"] is None and "查询码" in receipt["service_notice"]

    case_id = receipt["service_request_id"]
    [request] = (await http.get(f"{base(stack)}/requests/{case_id}.json")).json()
    GeoReportRequest.model_validate(request)
    assert request["media_url"] is None
    element = xml_of(await http.get(f"{base(stack)}/requests/{case_id}.xml")).find(
        "request/media_url"
    )
    assert element is not None and element.text is None


@pytest.mark.parametrize(
    ("written", "stored"),
    [("+86 138 0013 8000", "+8613800138000"), ("0731-8888 6666", "073188886666")],
)
async def test_phones_as_people_write_them_are_accepted(
    http: httpx.AsyncClient, stack: Stack, api_key: str, sql: Any, written: str, stored: str
) -> None:
    response = await post(http, stack, "json", streetlight_form(api_key, phone=written))
    assert response.status_code == 201, response.text
    case_id = response.json()[0]["service_request_id"]
    phone = await sql.fetchval(
        "SELECT submitter_phone FROM intake.cases WHERE case_id = $1", case_id
    )
    assert phone == stored


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"description": f"路灯不亮{NUL}已经一个月了"}, "description"),
        ({"first_name": f"女{NUL}士"}, "first_name"),
        ({"attribute[pole_number]": f"WY{NUL}017"}, "attribute[pole_number]"),
        ({"jurisdiction_id": NUL}, "jurisdiction_id"),
        ({"description": INVISIBLE}, "description"),
        ({"last_name": INVISIBLE}, "last_name"),
    ],
)
async def test_a_nul_or_invisible_text_in_the_form_is_400_naming_it(
    http: httpx.AsyncClient,
    stack: Stack,
    api_key: str,
    sql: Any,
    fields: dict[str, str],
    named: str,
) -> None:
    before = await case_count(sql)
    response = await post(http, stack, "json", streetlight_form(api_key, **fields))
    assert response.status_code == 400, response.text
    assert error_of(response).startswith(f"{named}: ")
    assert await case_count(sql) == before


@pytest.mark.parametrize(
    ("path", "params", "named"),
    [
        ("requests.json", {"service_code": f"streetlight{NUL}"}, "service_code"),
        ("requests.json", {"service_request_id": NUL}, "service_request_id"),
        ("requests.json", {"start_date": f"2026-04-01{NUL}"}, "start_date"),
        ("services.json", {"jurisdiction_id": f"xjxq{NUL}"}, "jurisdiction_id"),
        ("requests/2026%00.json", {}, "service_request_id"),
        ("services/streetlight%00.json", {}, "service_code"),
        ("tokens/%00.json", {}, "token"),
    ],
)
async def test_a_nul_in_the_path_or_query_is_400_naming_it(
    http: httpx.AsyncClient, stack: Stack, path: str, params: dict[str, str], named: str
) -> None:
    response = await http.get(f"{base(stack)}/{path}", params=params)
    assert response.status_code == 400, response.text
    assert error_of(response).startswith(f"{named}: ")


async def test_errors_in_xml_name_the_parameter_too(http: httpx.AsyncClient, stack: Stack) -> None:
    response = await http.get(f"{base(stack)}/requests/%00.xml")
    assert response.status_code == 400
    assert (xml_of(response).findtext("error/description") or "").startswith("service_request_id")


async def test_values_beyond_their_column_are_refused_not_500(
    http: httpx.AsyncClient, stack: Stack
) -> None:
    far = await http.get(f"{base(stack)}/requests.json", params={"start_date": "9999-12-31"})
    assert far.status_code == 400 and error_of(far).startswith("start_date")
    early = await http.get(f"{base(stack)}/requests.json", params={"end_date": "0001-01-01"})
    assert early.status_code == 400 and error_of(early).startswith("end_date")
    huge = await http.delete(
        f"{stack.url('intake')}/api/v1/open311/keys/{10**20}", headers=headers_for(Role.ADMIN)
    )
    assert huge.status_code == 422 and huge.json()["fields"][0]["field"] == "path.key_id"
