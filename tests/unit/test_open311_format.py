"""Open311 GeoReport v2 documents: the shapes of JSON and XML, error documents, the service
list and definitions from the district catalogue, and validation of a posted request."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from common.district import load_district
from common.vocabulary import RequestKind, SubmitterKind
from intake.domain.open311 import (
    Open311Error,
    error_document,
    open_or_closed,
    public_text,
    render,
    request_document,
    response_format,
    service_definition,
    service_list,
)
from intake.domain.open311_input import parse_query, parse_request, title_of

DISTRICT = load_district()
NOW = datetime(2026, 4, 14, 2, 0, tzinfo=UTC)


def xml(body: bytes) -> ET.Element:
    assert body.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    return ET.fromstring(body)


def form(**fields: str) -> dict[str, list[str]]:
    base = {
        "service_code": "streetlight",
        "lat": "28.2101",
        "long": "112.9302",
        "description": "小区南门外的三盏路灯已经一个月不亮。晚上行人看不清路",
    }
    return {k: [v] for k, v in {**base, **fields}.items()}


def test_services_list_every_category_with_its_lead_as_group() -> None:
    services = service_list(DISTRICT, {"streetlight": ["路灯", "照明"]})
    assert [s["service_code"] for s in services] == [c.code for c in DISTRICT.categories]
    light = services[0]
    assert light == {
        "service_code": "streetlight",
        "service_name": "路灯照明",
        "description": "路灯照明，由城市管理局主办",
        "metadata": True,
        "type": "realtime",
        "keywords": "路灯, 照明",
        "group": "城市管理局",
    }
    root = xml(render("xml", "services", services))
    assert root.tag == "services"
    assert [child.tag for child in root] == ["service"] * len(services)
    assert root[0].findtext("metadata") == "true"
    assert root[0].findtext("service_name") == "路灯照明"
    assert json.loads(render("json", "services", services))[0]["group"] == "城市管理局"


def test_service_definition_lists_attributes_with_values_in_order() -> None:
    definition = service_definition(DISTRICT, "construction-project")
    codes = [a["code"] for a in definition["attributes"]]
    assert codes == [
        "request_kind",
        "submitter_kind",
        "enterprise_name",
        "uscc",
        "requested_by",
        "project_name",
    ]
    assert [a["order"] for a in definition["attributes"]] == [1, 2, 3, 4, 5, 6]
    project = definition["attributes"][-1]
    assert project["required"] is True and project["datatype"] == "string"
    kind = definition["attributes"][0]
    assert kind["datatype"] == "singlevaluelist" and kind["required"] is False
    assert {"key": "could_not_get_it_done", "name": "办不成事"} in kind["values"]

    root = xml(render("xml", "service_definition", definition))
    assert root.tag == "service_definition"
    assert root.findtext("service_code") == "construction-project"
    attributes = root.find("attributes")
    assert attributes is not None
    first = attributes.findall("attribute")[0]
    assert first.findtext("variable") == "true"
    values = first.find("values")
    assert values is not None
    assert values.findall("value")[0].findtext("key") == "complaint"
    assert values.findall("value")[0].findtext("name") == "投诉"


def test_unknown_service_definition_is_404() -> None:
    with pytest.raises(Open311Error) as raised:
        service_definition(DISTRICT, "potholes")
    assert raised.value.status == 404


def test_error_documents_in_both_formats() -> None:
    error = Open311Error(403, "api_key is missing or not valid")
    assert json.loads(error_document("json", error)) == [
        {"code": 403, "description": "api_key is missing or not valid"}
    ]
    root = xml(error_document("xml", error))
    assert root.tag == "errors"
    assert [(e.findtext("code"), e.findtext("description")) for e in root.findall("error")] == [
        ("403", "api_key is missing or not valid")
    ]


def test_xml_escapes_markup_and_drops_characters_xml_cannot_carry() -> None:
    body = render(
        "xml", "service_requests", [{"description": 'a <b> & "c" \x01 路灯', "lat": None}]
    )
    assert b"&lt;b&gt; &amp;" in body
    request = xml(body).find("request")
    assert request is not None
    assert request.findtext("description") == 'a <b> & "c"  路灯'
    assert request.find("lat") is not None and request.findtext("lat") == ""


def test_requests_render_as_service_requests_of_request() -> None:
    row: dict[str, Any] = {
        "case_id": "20260412000001",
        "category": "streetlight",
        "description": "路灯不亮",
        "registered_at": datetime(2026, 4, 12, 1, 30, tzinfo=UTC),
        "updated_at": datetime(2026, 4, 12, 1, 31, tzinfo=UTC),
        "status": "assigned",
        "status_text": "已交办至城市管理局",
        "address": "湘江新区望月湖路12号",
        "latitude": 28.2101,
        "longitude": 112.9302,
        "media_url": "https://example.org/p.jpg",
    }
    document = request_document(row, DISTRICT)
    assert document["status"] == "open"
    assert document["status_notes"] == "已交办至城市管理局"
    assert document["agency_responsible"] == "城市管理局"
    assert document["requested_datetime"] == "2026-04-12T09:30:00+08:00"
    assert document["updated_datetime"] == "2026-04-12T09:31:00+08:00"
    assert document["service_name"] == "路灯照明"
    root = xml(render("xml", "service_requests", [document]))
    assert root.tag == "service_requests"
    request = root.find("request")
    assert request is not None
    assert request.findtext("service_request_id") == "20260412000001"
    assert request.findtext("long") == "112.9302"
    assert request.findtext("expected_datetime") == ""  # present, empty: not known
    assert json.loads(render("json", "service_requests", [document]))[0]["lat"] == 28.2101


def test_a_request_without_media_has_media_url_null_not_empty() -> None:
    row: dict[str, Any] = {
        "case_id": "20260412000002",
        "category": "streetlight",
        "description": "路灯不亮",
        "registered_at": datetime(2026, 4, 12, 1, 30, tzinfo=UTC),
        "media_url": None,
    }
    document = request_document(row, DISTRICT)
    assert json.loads(render("json", "service_requests", [document]))[0]["media_url"] is None
    request = xml(render("xml", "service_requests", [document])).find("request")
    assert request is not None
    media = request.find("media_url")
    assert media is not None and media.text is None  # an empty element, as the spec shows


def test_closed_and_rejected_cases_are_closed_everything_else_open() -> None:
    assert open_or_closed("closed") == open_or_closed("rejected") == "closed"
    for status in ("registered", "accepted", "assigned", "in_progress", "resolved", "reopened"):
        assert open_or_closed(status) == "open"


def test_only_json_and_xml_are_formats() -> None:
    assert response_format("xml") == "xml"
    with pytest.raises(Open311Error) as raised:
        response_format("html")
    assert raised.value.status == 404


def test_a_good_request_maps_to_an_ordinary_submission() -> None:
    parsed = parse_request(
        DISTRICT,
        form(
            first_name="女士",
            last_name="赵",
            phone="13800000004",
            email="zhao@example.org",
            media_url="https://example.org/light.jpg",
            **{
                "attribute[request_kind]": "could_not_get_it_done",
                "attribute[pole_number]": "WY-017",
            },
        ),
    )
    assert parsed.service_code == "streetlight"
    assert parsed.kind is RequestKind.COULD_NOT_GET_IT_DONE
    assert parsed.submitter_kind is SubmitterKind.PERSON
    assert parsed.name == "赵女士"
    assert parsed.title == "小区南门外的三盏路灯已经一个月不亮"
    assert parsed.description.endswith("\n路灯杆编号：WY-017")
    assert (parsed.latitude, parsed.longitude) == (28.2101, 112.9302)
    assert parsed.email == "zhao@example.org"


def test_defaults_complaint_by_an_anonymous_person() -> None:
    parsed = parse_request(DISTRICT, form())
    assert parsed.kind is RequestKind.COMPLAINT
    assert parsed.name == "匿名"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"service_code": ""}, "service_code is required"),
        ({"service_code": "construction-project"}, "attribute[project_name] is required"),
        ({"attribute[request_kind]": "praise"}, "attribute[request_kind] must be one of"),
        ({"attribute[colour]": "red"}, "attribute[colour] is not an attribute"),
        ({"lat": "", "long": ""}, "a location is required"),
        ({"long": ""}, "lat and long must be given together"),
        ({"lat": "north"}, "lat must be a decimal number"),
        ({"lat": "91"}, "lat must lie between"),
        ({"description": "灯"}, "description is required"),
        ({"email": "not-an-address"}, "email"),
        ({"phone": "call me"}, "phone"),
        ({"media_url": "javascript:alert(1)"}, "media_url"),
        ({"attribute[submitter_kind]": "enterprise"}, "attribute[enterprise_name] is required"),
        (
            {"attribute[submitter_kind]": "enterprise", "attribute[enterprise_name]": "某公司"},
            "attribute[uscc]",
        ),
    ],
)
def test_bad_requests_are_400_naming_the_parameter(fields: dict[str, str], message: str) -> None:
    with pytest.raises(Open311Error) as raised:
        parse_request(DISTRICT, form(**fields))
    assert raised.value.status == 400
    assert message in raised.value.description


def test_an_address_alone_is_a_location() -> None:
    parsed = parse_request(DISTRICT, form(lat="", long="", address_string="望月湖路12号"))
    assert parsed.address == "望月湖路12号" and parsed.latitude is None


def test_query_defaults_to_a_90_day_window() -> None:
    query = parse_query({}, now=NOW)
    assert query.end == NOW and query.start == NOW - timedelta(days=90)
    assert query.limit == 1000
    after = parse_query({"start_date": ["2026-05-01T00:00:00Z"]}, now=NOW)
    assert after.end == datetime(2026, 7, 30, tzinfo=UTC)
    before = parse_query({"end_date": ["2026-03-01T00:00:00Z"]}, now=NOW)
    assert before.start == datetime(2025, 12, 1, tzinfo=UTC)


def test_query_filters() -> None:
    query = parse_query(
        {
            "service_code": ["streetlight,sanitation"],
            "status": ["open"],
            "start_date": ["2026-04-01T00:00:00Z"],
            "end_date": ["2026-04-14"],
        },
        now=NOW,
    )
    assert query.service_codes == ("streetlight", "sanitation")
    assert query.statuses == ("open",)
    assert query.start == datetime(2026, 4, 1, tzinfo=UTC)
    assert query.end is not None and query.end.utcoffset() is not None
    assert query.end.isoformat() == "2026-04-14T00:00:00+08:00"


def test_request_ids_override_other_filters() -> None:
    query = parse_query({"service_request_id": ["1, 2,1"], "status": ["bogus"]}, now=NOW)
    assert query.ids == ("1", "2")
    assert query.statuses == ()


@pytest.mark.parametrize(
    "params",
    [
        {"status": ["pending"]},
        {"start_date": ["yesterday"]},
        {"start_date": ["2026-04-10T00:00:00Z"], "end_date": ["2026-04-01T00:00:00Z"]},
        {"start_date": ["2025-01-01T00:00:00Z"], "end_date": ["2026-04-01T00:00:00Z"]},
    ],
)
def test_bad_queries_are_400(params: dict[str, list[str]]) -> None:
    with pytest.raises(Open311Error) as raised:
        parse_query(params, now=NOW)
    assert raised.value.status == 400


def test_title_is_the_first_sentence_cut_short() -> None:
    assert title_of("路灯不亮。已经三天", fallback="路灯照明") == "路灯不亮"
    assert len(title_of("很" * 80, fallback="x")) == 30
    assert title_of("！", fallback="路灯照明") == "路灯照明"


def test_public_descriptions_mask_phone_and_identity_numbers() -> None:
    text = "请联系13800000004或身份证43010219800101123X，门牌12号"
    assert public_text(text) == "请联系138****0004或身份证4301**********123X，门牌12号"
