"""Intake's OpenAPI document describes every Open311 resource well enough to generate a
client: parameters, the form body, every answer in JSON and XML, and models that are the
documents intake really sends."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import BaseModel

from common.district import load_district
from intake.config import Settings
from intake.domain import open311 as geo
from intake.main import app
from intake.open311 import openapi as docs

DISTRICT = load_district()
BASE = "/open311/v2/"
XML = "text/xml"
SUCCESS = {"post": "201", "get": "200"}
#: Every GeoReport operation, with the query parameters it reads.
OPERATIONS = {
    ("get", "discovery.{format}"): {"jurisdiction_id"},
    ("get", "services.{format}"): {"jurisdiction_id"},
    ("get", "services/{service_code}.{format}"): {"jurisdiction_id"},
    ("post", "requests.{format}"): set(),
    ("get", "requests.{format}"): {
        "jurisdiction_id",
        "service_request_id",
        "service_code",
        "status",
        "start_date",
        "end_date",
    },
    ("get", "requests/{service_request_id}.{format}"): {"jurisdiction_id"},
    ("get", "tokens/{token}.{format}"): {"jurisdiction_id"},
}
FORM_FIELDS = {
    "api_key",
    "jurisdiction_id",
    "service_code",
    "lat",
    "long",
    "address_string",
    "address_id",
    "email",
    "device_id",
    "account_id",
    "first_name",
    "last_name",
    "phone",
    "description",
    "media_url",
    "attribute[request_kind]",
    "attribute[submitter_kind]",
}


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    settings = Settings(
        database_url="postgresql+asyncpg://unused@127.0.0.1:1/unused",
        kafka_bootstrap_servers="127.0.0.1:1",
    )
    document: dict[str, Any] = app(settings).openapi()
    return document


def geo_operations(spec: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, operations in spec["paths"].items():
        if path.startswith(BASE):
            for method, operation in operations.items():
                yield method, path.removeprefix(BASE), operation


def test_every_resource_is_an_operation_with_a_unique_id(spec: dict[str, Any]) -> None:
    found = {(method, path) for method, path, _ in geo_operations(spec)}
    assert found == set(OPERATIONS)
    every_id = [
        operation["operationId"]
        for operations in spec["paths"].values()
        for operation in operations.values()
    ]
    assert len(every_id) == len(set(every_id))


def test_path_and_query_parameters_are_declared(spec: dict[str, Any]) -> None:
    for method, path, operation in geo_operations(spec):
        parameters = {(p["in"], p["name"]): p for p in operation["parameters"]}
        in_path = set(re.findall(r"\{(\w+)\}", path))
        assert {name for where, name in parameters if where == "path"} == in_path, path
        assert all(parameters[("path", name)]["required"] for name in in_path)
        assert parameters[("path", "format")]["schema"]["enum"] == ["json", "xml"]
        query = {name for where, name in parameters if where == "query"}
        assert query == OPERATIONS[(method, path)], path
        assert all("schema" in p and p.get("description") for p in parameters.values()), path
    requests = next(
        op for m, p, op in geo_operations(spec) if (m, p) == ("get", "requests.{format}")
    )
    status = next(p for p in requests["parameters"] if p["name"] == "status")
    assert status["schema"]["items"]["enum"] == ["open", "closed"]
    assert (status["style"], status["explode"]) == ("form", False)  # status=open,closed


def test_post_requests_takes_the_spec_form(spec: dict[str, Any]) -> None:
    post = spec["paths"][BASE + "requests.{format}"]["post"]
    body = post["requestBody"]
    assert body["required"] is True
    assert set(body["content"]) == {"application/x-www-form-urlencoded"}
    schema = body["content"]["application/x-www-form-urlencoded"]["schema"]
    assert set(schema["properties"]) >= FORM_FIELDS
    assert set(schema["required"]) == {"api_key", "service_code", "description"}
    assert "phone" not in schema["required"] and "email" not in schema["required"]
    assert schema["properties"]["attribute[request_kind]"]["enum"][0] == "complaint"
    [pattern] = schema["patternProperties"]
    assert re.match(pattern, "attribute[pole_number]")
    for method, path, operation in geo_operations(spec):
        assert method == "post" or "requestBody" not in operation, path


def test_every_answer_and_error_is_described_in_json_and_xml(spec: dict[str, Any]) -> None:
    for method, path, operation in geo_operations(spec):
        responses = operation["responses"]
        expected = {SUCCESS[method], "400", "404"} | ({"403"} if method == "post" else set())
        assert set(responses) == expected, path  # no 422: errors are Open311 documents
        for status, response in responses.items():
            assert response["description"], (path, status)
            content = response["content"]
            assert set(content) == {"application/json", XML}, (path, status)
            for media in content.values():
                assert _refs(media["schema"]), (path, status, media)  # named models
        errors = responses["400"]["content"]
        assert errors["application/json"]["schema"]["items"]["$ref"].endswith("/GeoReportError")
        assert errors[XML]["schema"]["xml"] == {"name": "errors", "wrapped": True}


def test_every_reference_resolves(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    for ref in _refs(spec["paths"]) | _refs(schemas):
        assert ref.removeprefix("#/components/schemas/") in schemas, ref
    assert schemas["GeoReportService"]["xml"] == {"name": "service"}
    assert schemas["GeoReportRequest"]["xml"] == {"name": "request"}


@pytest.mark.parametrize(
    ("model", "document"),
    [
        (docs.GeoReportDiscovery, geo.discovery("http://intake/open311/v2", "12345")),
        (docs.GeoReportService, geo.service_list(DISTRICT, {})[0]),
        (docs.GeoReportServiceDefinition, geo.service_definition(DISTRICT, "settlement-review")),
        (
            docs.GeoReportRequest,
            geo.request_document(
                {
                    "case_id": "20260412000001",
                    "category": "streetlight",
                    "description": "路灯不亮",
                    "registered_at": datetime(2026, 4, 12, 1, 30, tzinfo=UTC),
                },
                DISTRICT,
            ),
        ),
    ],
)
def test_the_models_are_the_documents_intake_sends(
    model: type[BaseModel], document: dict[str, Any]
) -> None:
    assert set(document) == set(model.model_fields)
    model.model_validate(document)


def _refs(node: Any) -> set[str]:
    if isinstance(node, dict):
        own = {node["$ref"]} if isinstance(node.get("$ref"), str) else set()
        return own.union(*(_refs(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_refs(v) for v in node))
    return set()
