"""How the Open311 GeoReport v2 resources appear in intake's OpenAPI document.

The handlers read their parameters themselves, so that every error is an Open311 error
document; FastAPI therefore cannot infer them. This module describes each operation in full:
path and query parameters, the form body of POST requests, and every answer in JSON and in
XML (the `.json` and `.xml` forms of each resource). The models are the documents that
domain/open311.py builds, field by field.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from intake.domain.open311 import COMMON_ATTRIBUTES, DEFAULT_DAYS, MAX_RESULTS
from intake.domain.open311_input import FIRST_YEAR, LAST_YEAR

XML = "text/xml"
REF = "#/components/schemas/"
ERROR_WHEN = {
    400: "a parameter is missing or invalid; the description names it",
    403: "api_key is missing, unknown or revoked",
    404: "unknown format, jurisdiction_id, service_code, request or token",
}


def _xml(name: str, *, wrapped: bool = False) -> dict[str, Any]:
    return {"xml": {"name": name, **({"wrapped": True} if wrapped else {})}}


def _list_of(item: str) -> dict[str, Any]:
    """A nested list: in XML, a wrapper element of `item` elements."""
    return {"xml": {"wrapped": True}, "items": {"$ref": REF + item}}


class GeoReportError(BaseModel):
    model_config = ConfigDict(json_schema_extra=_xml("error"))
    code: int = Field(description="the HTTP status")
    description: str = Field(description="what is wrong, naming the parameter")


class GeoReportEndpoint(BaseModel):
    model_config = ConfigDict(json_schema_extra=_xml("endpoint"))
    specification: str
    url: str
    changeset: datetime
    type: Literal["production", "test"]
    formats: list[str] = Field(
        json_schema_extra={
            "xml": {"wrapped": True},
            "items": {"type": "string", "xml": {"name": "format"}},
        }
    )


class GeoReportDiscovery(BaseModel):
    model_config = ConfigDict(json_schema_extra=_xml("discovery"))
    changeset: datetime
    contact: str
    key_service: str
    endpoints: list[GeoReportEndpoint] = Field(json_schema_extra=_list_of("GeoReportEndpoint"))


class GeoReportService(BaseModel):
    model_config = ConfigDict(json_schema_extra=_xml("service"))
    service_code: str
    service_name: str
    description: str
    metadata: bool = Field(description="always true: every service has attributes")
    type: Literal["realtime", "batch", "blackbox"]
    keywords: str = Field(description="comma-separated")
    group: str = Field(description="the lead department, or 其他")


class GeoReportAttributeValue(BaseModel):
    model_config = ConfigDict(json_schema_extra=_xml("value"))
    key: str
    name: str


class GeoReportAttribute(BaseModel):
    model_config = ConfigDict(json_schema_extra=_xml("attribute"))
    variable: bool
    code: str
    datatype: Literal["string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"]
    required: bool
    datatype_description: str
    order: int = Field(ge=1)
    description: str
    values: list[GeoReportAttributeValue] = Field(
        default_factory=list,
        description="only for list datatypes",
        json_schema_extra=_list_of("GeoReportAttributeValue"),
    )


class GeoReportServiceDefinition(BaseModel):
    model_config = ConfigDict(json_schema_extra=_xml("service_definition"))
    service_code: str
    attributes: list[GeoReportAttribute] = Field(json_schema_extra=_list_of("GeoReportAttribute"))


class GeoReportRequest(BaseModel):
    model_config = ConfigDict(json_schema_extra=_xml("request"))
    service_request_id: str = Field(description="the case number (受理编号)")
    status: Literal["open", "closed"]
    status_notes: str = Field(description="the latest public timeline line")
    service_name: str
    service_code: str
    description: str = Field(description="mobile and identity numbers masked")
    agency_responsible: str
    service_notice: str
    requested_datetime: datetime
    updated_datetime: datetime
    expected_datetime: datetime | None = Field(description="always null: deadlines are internal")
    address: str
    address_id: str
    zipcode: str
    lat: float | None
    long: float | None
    media_url: str | None = Field(description="null when the request had none")


class GeoReportReceipt(BaseModel):
    model_config = ConfigDict(json_schema_extra=_xml("request"))
    service_request_id: str = Field(description="the case number (受理编号)")
    service_notice: str = Field(description="with the tracking code (查询码), shown only here")
    account_id: str | None = Field(description="always null: intake keeps no accounts")


class GeoReportToken(BaseModel):
    model_config = ConfigDict(json_schema_extra=_xml("request"))
    service_request_id: str
    token: str = Field(json_schema_extra={"format": "uuid"})


# --- parameters ---------------------------------------------------------------------------


def _parameter(name: str, where: str, description: str, **schema: Any) -> dict[str, Any]:
    return {
        "name": name,
        "in": where,
        "required": where == "path",
        "description": description,
        "schema": {"type": "string", **schema},
    }


def _comma_list(name: str, description: str, **items: Any) -> dict[str, Any]:
    """The spec's comma-delimited lists (status=open,closed)."""
    return {
        **_parameter(name, "query", description),
        "schema": {"type": "array", "items": {"type": "string", **items}},
        "style": "form",
        "explode": False,
    }


FORMAT = _parameter(
    "format", "path", "json or xml: the format of the answer, errors included", enum=["json", "xml"]
)
JURISDICTION = _parameter("jurisdiction_id", "query", "optional; when given, the district's code")
DATES = (
    f"ISO 8601; a time without offset is read as +08:00; years {FIRST_YEAR} to {LAST_YEAR}. "
    f"Without dates, the last {DEFAULT_DAYS} days; the range may span at most {DEFAULT_DAYS} days"
)
REQUESTS_FILTERS = [
    _comma_list("service_request_id", "case numbers; overrides every other filter"),
    _comma_list("service_code", "services to include (default: all)"),
    _comma_list("status", "open, closed or both (default: both)", enum=["open", "closed"]),
    _parameter("start_date", "query", f"requested on or after. {DATES}", format="date-time"),
    _parameter("end_date", "query", f"requested on or before. {DATES}", format="date-time"),
]


def _attribute_properties() -> dict[str, Any]:
    """The attributes every service has, by name; the service-specific ones by pattern."""
    return {
        f"attribute[{a.code}]": {
            "type": "string",
            "description": a.description,
            **({"enum": [key for key, _ in a.values]} if a.values else {"maxLength": 200}),
        }
        for a in COMMON_ATTRIBUTES
    }


REQUEST_FORM: dict[str, Any] = {
    "type": "object",
    "required": ["api_key", "service_code", "description"],
    "properties": {
        "api_key": {"type": "string", "description": "may also be sent in the query string"},
        "jurisdiction_id": {"type": "string"},
        "service_code": {"type": "string", "maxLength": 64, "description": "from GET services"},
        "lat": {"type": "number", "minimum": -90, "maximum": 90, "description": "WGS84"},
        "long": {"type": "number", "minimum": -180, "maximum": 180, "description": "WGS84"},
        "address_string": {"type": "string", "maxLength": 256},
        "address_id": {"type": "string", "maxLength": 64},
        "email": {"type": "string", "format": "email", "maxLength": 254},
        "device_id": {"type": "string", "description": "accepted, not stored"},
        "account_id": {"type": "string", "description": "accepted, not stored"},
        "first_name": {"type": "string", "maxLength": 32},
        "last_name": {"type": "string", "maxLength": 32, "description": "family name"},
        "phone": {
            "type": "string",
            "maxLength": 32,
            "description": "optional; 7 to 15 digits, spaces, dashes, parentheses and a +country "
            "prefix allowed: +86 138 0013 8000, 0731-8888 6666",
        },
        "description": {"type": "string", "minLength": 5, "maxLength": 3800},
        "media_url": {"type": "string", "format": "uri", "maxLength": 1024},
        **_attribute_properties(),
    },
    "patternProperties": {
        r"^attribute\[[^\]]{1,64}\](\[\])?$": {
            "type": "string",
            "maxLength": 200,
            "description": "a service-specific attribute from GET services/{service_code}",
        }
    },
    "description": "A location is required: lat and long, address_string or address_id.",
}


# --- answers ------------------------------------------------------------------------------


def _answers(
    status: int, model: Any, xml_schema: dict[str, Any], description: str, *errors: int
) -> dict[int | str, dict[str, Any]]:
    """The success answer and the errors, each as JSON (from the model) and as XML."""
    error_xml = {
        "type": "array",
        **_xml("errors", wrapped=True),
        "items": {"$ref": REF + "GeoReportError"},
    }
    return {
        status: {
            "model": model,
            "description": description,
            "content": {XML: {"schema": xml_schema}},
        },
        **{
            error: {
                "model": list[GeoReportError],
                "description": ERROR_WHEN[error],
                "content": {XML: {"schema": error_xml}},
            }
            for error in (400, *errors)
        },
    }


def _xml_list(root: str, item: str) -> dict[str, Any]:
    return {"type": "array", **_xml(root, wrapped=True), "items": {"$ref": REF + item}}


def _operation(
    operation_id: str,
    summary: str,
    parameters: list[dict[str, Any]],
    responses: dict[int | str, dict[str, Any]],
    **extra: Any,
) -> dict[str, Any]:
    """Keyword arguments for the route decorator."""
    return {
        "operation_id": operation_id,
        "summary": summary,
        "responses": responses,
        "openapi_extra": {"parameters": parameters, **extra},
    }


DISCOVERY = _operation(
    "open311_discovery",
    "Service discovery: the endpoint, its formats and contact",
    [FORMAT, JURISDICTION],
    _answers(200, GeoReportDiscovery, {"$ref": REF + "GeoReportDiscovery"}, "the endpoint", 404),
)
SERVICES = _operation(
    "open311_services",
    "The services (the district's categories)",
    [FORMAT, JURISDICTION],
    _answers(
        200, list[GeoReportService], _xml_list("services", "GeoReportService"), "services", 404
    ),
)
SERVICE_DEFINITION = _operation(
    "open311_service_definition",
    "A service's attributes",
    [FORMAT, _parameter("service_code", "path", "from GET services"), JURISDICTION],
    _answers(
        200,
        GeoReportServiceDefinition,
        {"$ref": REF + "GeoReportServiceDefinition"},
        "the service definition",
        404,
    ),
)
POST_REQUEST = _operation(
    "open311_post_request",
    "File a request: it becomes an ordinary case",
    [FORMAT],
    _answers(
        201,
        list[GeoReportReceipt],
        _xml_list("service_requests", "GeoReportReceipt"),
        "filed: one element, with service_request_id (services are realtime, so no token)",
        403,
        404,
    ),
    requestBody={
        "required": True,
        "content": {"application/x-www-form-urlencoded": {"schema": REQUEST_FORM}},
    },
)
GET_REQUESTS = _operation(
    "open311_get_requests",
    f"Requests, newest first, at most {MAX_RESULTS}",
    [FORMAT, JURISDICTION, *REQUESTS_FILTERS],
    _answers(
        200,
        list[GeoReportRequest],
        _xml_list("service_requests", "GeoReportRequest"),
        "requests",
        404,
    ),
)
GET_REQUEST = _operation(
    "open311_get_request",
    "One request",
    [
        FORMAT,
        _parameter("service_request_id", "path", "the case number (受理编号)"),
        JURISDICTION,
    ],
    _answers(
        200,
        list[GeoReportRequest],
        _xml_list("service_requests", "GeoReportRequest"),
        "a list of one request",
        404,
    ),
)
GET_TOKEN = _operation(
    "open311_get_token",
    "The request a token stands for",
    [FORMAT, _parameter("token", "path", "a token intake issued", format="uuid"), JURISDICTION],
    _answers(
        200,
        list[GeoReportToken],
        _xml_list("service_requests", "GeoReportToken"),
        "a list of one element",
        404,
    ),
)
