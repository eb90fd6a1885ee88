"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2), as pure code: the service list
and definitions derived from the district's catalogue, the open/closed mapping of a case's
state, and the JSON and XML documents the spec prescribes. Input is checked in open311_input.py.

No I/O here: open311.py does the HTTP and the database.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from common.auth import mask_identity, mask_phone
from common.district import Category, District
from common.vocabulary import LABELS_ZH, RequestKind, SubmitterKind


@dataclass(frozen=True)
class ApiKey:
    """Who a request came from: a key's id (None for the demo key) and its name."""

    id: int | None
    name: str


SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-01-01T00:00:00+08:00"
FORMATS = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
#: China Standard Time has no daylight saving: a fixed offset needs no time-zone database.
CHINA = timezone(timedelta(hours=8), "Asia/Shanghai")
#: GET requests without dates covers this many days; a longer range is refused (spec default).
DEFAULT_DAYS = 90
MAX_RESULTS = 1000
#: Public statuses (intake's timeline) that end a request; every other status is open.
CLOSED_STATUSES = frozenset({"closed", "rejected"})
ANONYMOUS = "匿名"

_XML_ITEMS = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
}
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
_IDENTITY = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")


class Open311Error(Exception):
    """An error as the spec reports it: HTTP status, and a document [{code, description}]."""

    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description

    def document(self) -> list[dict[str, Any]]:
        return [{"code": self.status, "description": self.description}]


def response_format(extension: str) -> str:
    """The format named by the resource's extension; anything else is not a resource."""
    if extension not in FORMATS:
        raise Open311Error(404, f"format {extension!r} is not supported; use .json or .xml")
    return extension


# --- services and their definitions ---------------------------------------------------------


@dataclass(frozen=True)
class Attribute:
    code: str
    description: str
    datatype: str = "string"
    required: bool = False
    datatype_description: str = ""
    values: tuple[tuple[str, str], ...] = ()
    #: Label under which a free-text value is added to the case description.
    label: str = ""


KIND_ATTRIBUTE = Attribute(
    "request_kind",
    "诉求类型（不填按投诉处理）",
    datatype="singlevaluelist",
    values=tuple((kind.value, LABELS_ZH[kind]) for kind in RequestKind),
)
SUBMITTER_ATTRIBUTE = Attribute(
    "submitter_kind",
    "提交人类型（不填按群众处理）",
    datatype="singlevaluelist",
    values=((SubmitterKind.PERSON.value, "群众"), (SubmitterKind.ENTERPRISE.value, "企业")),
)
ENTERPRISE_NAME_ATTRIBUTE = Attribute(
    "enterprise_name", "企业名称（提交人为企业时必填）", datatype_description="营业执照上的名称"
)
USCC_ATTRIBUTE = Attribute(
    "uscc",
    "统一社会信用代码（提交人为企业时必填）",
    datatype_description="18位统一社会信用代码",
)
REQUESTED_BY_ATTRIBUTE = Attribute(
    "requested_by",
    "期望办结日期（选填）：希望在此日期前办结",
    datatype="datetime",
    datatype_description="ISO 8601 日期，如 2026-12-18；须晚于今天，且不晚于一年后",
)
COMMON_ATTRIBUTES = (
    KIND_ATTRIBUTE,
    SUBMITTER_ATTRIBUTE,
    ENTERPRISE_NAME_ATTRIBUTE,
    USCC_ATTRIBUTE,
    REQUESTED_BY_ATTRIBUTE,
)

#: What a department needs to act on requests of a category, beyond the common attributes.
CATEGORY_ATTRIBUTES: dict[str, tuple[Attribute, ...]] = {
    "construction-project": (
        Attribute(
            "project_name",
            "项目名称",
            required=True,
            datatype_description="如：某某安置小区二期工程",
            label="项目名称",
        ),
    ),
    "settlement-review": (
        Attribute(
            "project_name",
            "送审项目名称",
            required=True,
            datatype_description="结算送审时的项目名称",
            label="项目名称",
        ),
        Attribute(
            "submitted_on",
            "送审日期",
            datatype="datetime",
            datatype_description="ISO 8601，如 2026-03-01",
            label="送审日期",
        ),
    ),
    "streetlight": (Attribute("pole_number", "路灯杆编号（杆身上的编号）", label="路灯杆编号"),),
    "food-safety": (Attribute("shop_name", "商户或摊位名称", label="商户名称"),),
}


def attributes_of(code: str) -> tuple[Attribute, ...]:
    return COMMON_ATTRIBUTES + CATEGORY_ATTRIBUTES.get(code, ())


def category_of(district: District, code: str) -> Category:
    for category in district.categories:
        if category.code == code:
            return category
    raise Open311Error(404, f"service_code {code!r} not found")


def service_list(district: District, keywords: Mapping[str, Sequence[str]]) -> list[dict[str, Any]]:
    names = {d.code: d.name for d in district.departments}
    return [
        {
            "service_code": category.code,
            "service_name": category.name,
            "description": (
                f"{category.name}，由{names.get(category.lead, category.lead)}主办"
                if category.lead
                else f"{category.name}：由派单员人工分派"
            ),
            "metadata": True,
            "type": "realtime",
            "keywords": ", ".join(keywords.get(category.code, ())),
            # a taxonomy groups its items by domain; a flat catalogue by lead department
            "group": category.domain_name
            or (names.get(category.lead, category.lead) if category.lead else "其他"),
        }
        for category in district.categories
    ]


def service_definition(district: District, code: str) -> dict[str, Any]:
    category = category_of(district, code)
    return {
        "service_code": category.code,
        "attributes": [
            {
                "variable": True,
                "code": attribute.code,
                "datatype": attribute.datatype,
                "required": attribute.required,
                "datatype_description": attribute.datatype_description,
                "order": order,
                "description": attribute.description,
                **(
                    {"values": [{"key": k, "name": n} for k, n in attribute.values]}
                    if attribute.values
                    else {}
                ),
            }
            for order, attribute in enumerate(attributes_of(category.code), start=1)
        ],
    }


def discovery(base_url: str, contact: str) -> dict[str, Any]:
    return {
        "changeset": CHANGESET,
        "contact": contact,
        "key_service": "API keys are issued by the district's administrator (POST /api/v1/open311/keys)",
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": base_url,
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }


# --- a case as an Open311 request -----------------------------------------------------------


def open_or_closed(public_status: str) -> str:
    return "closed" if public_status in CLOSED_STATUSES else "open"


def timestamp(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(CHINA).isoformat(timespec="seconds")


def request_document(row: Mapping[str, Any], district: District) -> dict[str, Any]:
    """One case as a GeoReport request. `row` holds the case's columns, its public status and
    latest timeline line, and what the Open311 submission added (media_url)."""
    category = next((c for c in district.categories if c.code == row["category"]), None)
    names = {d.code: d.name for d in district.departments}
    status = row.get("status") or "registered"
    return {
        "service_request_id": row["case_id"],
        "status": open_or_closed(status),
        "status_notes": row.get("status_text") or "您的诉求已登记",
        "service_name": category.name if category else row["category"],
        "service_code": row["category"],
        "description": public_text(row["description"]),
        "agency_responsible": names.get(category.lead or "", "") if category else "",
        "service_notice": "",
        "requested_datetime": timestamp(row["registered_at"]),
        "updated_datetime": timestamp(row.get("updated_at") or row["registered_at"]),
        "expected_datetime": None,
        "address": row.get("address") or "",
        "address_id": "",
        "zipcode": "",
        "lat": row.get("latitude"),
        "long": row.get("longitude"),
        "media_url": row.get("media_url") or None,  # null, as for any value not known
    }


def public_text(text: str) -> str:
    """GET requests is public: mobile and identity numbers residents write into their
    description are masked, as staff without contact rights see them."""
    masked = _IDENTITY.sub(lambda m: mask_identity(m.group()) or "", text)
    return _MOBILE.sub(lambda m: mask_phone(m.group()) or "", masked)


def receipt_notice(case_id: str, tracking_code: str) -> str:
    return (
        f"您的诉求已登记，受理编号 {case_id}，查询码 {tracking_code}。"
        "请保存查询码，凭受理编号和查询码查询办理进度。"
    )


# --- rendering ------------------------------------------------------------------------------


def render(fmt: str, root: str, document: Any) -> bytes:
    """The document as JSON, or as XML under `root` (list items named per the spec)."""
    if fmt == "json":
        return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
    element = ET.Element(root)
    _fill(element, root, document)
    body = ET.tostring(element, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}'.encode()


def _fill(element: ET.Element, name: str, value: Any) -> None:
    if isinstance(value, Mapping):
        for key, item in value.items():
            _fill(ET.SubElement(element, key), key, item)
    elif isinstance(value, list | tuple):
        child_name = _XML_ITEMS.get(name, "item")
        for item in value:
            _fill(ET.SubElement(element, child_name), child_name, item)
    elif value is None:
        pass
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    else:
        element.text = _XML_FORBIDDEN.sub("", str(value))


def error_document(fmt: str, error: Open311Error) -> bytes:
    return render(fmt, "errors", error.document())
