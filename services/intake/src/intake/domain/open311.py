"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2), as pure code: the service list
and definitions derived from the district's catalogue, validation of a posted request, the
open/closed mapping of a case's state, and the JSON and XML documents the spec prescribes.

No I/O here: open311.py does the HTTP and the database.
"""

from __future__ import annotations

import json
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from common.auth import mask_identity, mask_phone
from common.district import Category, District
from common.vocabulary import LABELS_ZH, RequestKind, SubmitterKind
from intake.domain.submission import valid_uscc

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
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,190}\.[^@\s]{1,63}$")
_PHONE = re.compile(r"^\+?[0-9][0-9-]{5,19}$")
_ATTRIBUTE = re.compile(r"^attribute\[([^\]]{1,64})\](\[\])?$")
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
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
COMMON_ATTRIBUTES = (KIND_ATTRIBUTE, SUBMITTER_ATTRIBUTE, ENTERPRISE_NAME_ATTRIBUTE, USCC_ATTRIBUTE)

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


def _category(district: District, code: str) -> Category:
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
                f"{category.name}，由{names[category.lead]}主办"
                if category.lead
                else f"{category.name}：由派单员人工分派"
            ),
            "metadata": True,
            "type": "realtime",
            "keywords": ", ".join(keywords.get(category.code, ())),
            "group": names[category.lead] if category.lead else "其他",
        }
        for category in district.categories
    ]


def service_definition(district: District, code: str) -> dict[str, Any]:
    category = _category(district, code)
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


# --- a posted request -----------------------------------------------------------------------


@dataclass(frozen=True)
class Open311Request:
    """A validated POST requests: everything the ordinary submission use case needs."""

    service_code: str
    kind: RequestKind
    title: str
    description: str
    submitter_kind: SubmitterKind
    name: str
    phone: str | None
    email: str | None
    enterprise_name: str | None
    uscc: str | None
    address: str | None
    latitude: float | None
    longitude: float | None
    media_url: str | None
    attributes: Mapping[str, str] = field(default_factory=dict)


def _one(params: Mapping[str, Sequence[str]], name: str, *, limit: int) -> str | None:
    values = [v.strip() for v in params.get(name, ()) if v.strip()]
    if not values:
        return None
    if len(values) > 1:
        raise Open311Error(400, f"{name} is given more than once")
    if len(values[0]) > limit:
        raise Open311Error(400, f"{name} is longer than {limit} characters")
    return values[0]


def _coordinate(params: Mapping[str, Sequence[str]], name: str, bound: float) -> float | None:
    raw = _one(params, name, limit=32)
    if raw is None:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise Open311Error(400, f"{name} must be a decimal number") from None
    if not math.isfinite(value) or abs(value) > bound:
        raise Open311Error(400, f"{name} must lie between -{bound:g} and {bound:g}")
    return value


def submitted_attributes(params: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """attribute[code]=value pairs; blank values count as not given."""
    found: dict[str, str] = {}
    for name, values in params.items():
        match = _ATTRIBUTE.match(name)
        if match is None:
            continue
        given = [v.strip() for v in values if v.strip()]
        if len(given) > 1:
            raise Open311Error(400, f"attribute[{match.group(1)}] is given more than once")
        if given:
            if len(given[0]) > 200:
                raise Open311Error(400, f"attribute[{match.group(1)}] is too long")
            found[match.group(1)] = given[0]
    return found


def parse_request(district: District, params: Mapping[str, Sequence[str]]) -> Open311Request:
    """Validate a POST requests form (api_key is checked by the caller, before this)."""
    code = _one(params, "service_code", limit=64)
    if code is None:
        raise Open311Error(400, "service_code is required")
    known = {c.code for c in district.categories}
    if code not in known:
        raise Open311Error(400, f"service_code {code!r} is not a service of this jurisdiction")
    attributes = submitted_attributes(params)
    definitions = {a.code: a for a in attributes_of(code)}
    if unknown := sorted(set(attributes) - set(definitions)):
        raise Open311Error(400, f"attribute[{unknown[0]}] is not an attribute of {code}")
    for attribute in definitions.values():
        value = attributes.get(attribute.code)
        if value is None:
            if attribute.required:
                raise Open311Error(
                    400, f"attribute[{attribute.code}] is required: {attribute.description}"
                )
            continue
        if attribute.values and value not in {k for k, _ in attribute.values}:
            allowed = ", ".join(k for k, _ in attribute.values)
            raise Open311Error(400, f"attribute[{attribute.code}] must be one of: {allowed}")
        if attribute.datatype == "datetime":
            parse_datetime(value, f"attribute[{attribute.code}]")

    latitude = _coordinate(params, "lat", 90)
    longitude = _coordinate(params, "long", 180)
    if (latitude is None) != (longitude is None):
        raise Open311Error(400, "lat and long must be given together")
    address = _one(params, "address_string", limit=256)
    address_id = _one(params, "address_id", limit=64)
    if latitude is None and address is None and address_id is None:
        raise Open311Error(
            400, "a location is required: lat and long, address_string or address_id"
        )
    if address is None and address_id is not None:
        address = f"地址编号 {address_id}"

    description = _one(params, "description", limit=3800)
    if description is None or len(description) < 5:
        raise Open311Error(400, "description is required: at least 5 characters")
    email = _one(params, "email", limit=254)
    if email is not None and not _EMAIL.match(email):
        raise Open311Error(400, "email is not a valid e-mail address")
    phone = _one(params, "phone", limit=20)
    if phone is not None and not _PHONE.match(phone):
        raise Open311Error(400, "phone must be digits, optionally with + and -")
    media_url = _one(params, "media_url", limit=1024)
    if media_url is not None and not re.match(r"^https?://[^\s]+$", media_url):
        raise Open311Error(400, "media_url must be an http or https URL")

    submitter_kind = SubmitterKind(attributes.get("submitter_kind", SubmitterKind.PERSON.value))
    enterprise_name, uscc = attributes.get("enterprise_name"), attributes.get("uscc")
    if submitter_kind is SubmitterKind.ENTERPRISE:
        if not enterprise_name:
            raise Open311Error(400, "attribute[enterprise_name] is required for an enterprise")
        if not uscc or not valid_uscc(uscc.upper()):
            raise Open311Error(400, "attribute[uscc] must be a valid 统一社会信用代码")
        uscc = uscc.upper()

    first = _one(params, "first_name", limit=32) or ""
    last = _one(params, "last_name", limit=32) or ""
    extras = [f"{definitions[c].label}：{v}" for c, v in attributes.items() if definitions[c].label]
    return Open311Request(
        service_code=code,
        kind=RequestKind(attributes.get("request_kind", RequestKind.COMPLAINT.value)),
        title=title_of(description, fallback=_category(district, code).name),
        description="\n".join([description, *extras]),
        submitter_kind=submitter_kind,
        # Chinese names put the family name first
        name=f"{last}{first}" if (last or first) else ANONYMOUS,
        phone=phone,
        email=email,
        enterprise_name=enterprise_name if submitter_kind is SubmitterKind.ENTERPRISE else None,
        uscc=uscc if submitter_kind is SubmitterKind.ENTERPRISE else None,
        address=address,
        latitude=latitude,
        longitude=longitude,
        media_url=media_url,
        attributes=attributes,
    )


def title_of(description: str, *, fallback: str, limit: int = 30) -> str:
    """Open311 has no title: the first sentence of the description, cut to a short line."""
    first = _SENTENCE_END.split(description.strip(), maxsplit=1)[0].strip()
    if len(first) < 2:
        return fallback
    return first if len(first) <= limit else first[: limit - 1] + "…"


# --- GET requests filters -------------------------------------------------------------------


def parse_datetime(raw: str, name: str) -> datetime:
    """ISO 8601 (the w3 subset); a time without offset is read as China Standard Time."""
    text = raw.strip().replace("z", "Z")
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise Open311Error(
            400, f"{name} must be an ISO 8601 date-time, e.g. 2026-03-01T08:00:00+08:00"
        ) from None
    return value if value.tzinfo is not None else value.replace(tzinfo=CHINA)


@dataclass(frozen=True)
class RequestQuery:
    ids: tuple[str, ...] = ()
    service_codes: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    start: datetime | None = None
    end: datetime | None = None
    limit: int = MAX_RESULTS


def parse_query(params: Mapping[str, Sequence[str]], *, now: datetime) -> RequestQuery:
    """GET requests filters. service_request_id overrides every other filter (spec); dates
    default to a window of DEFAULT_DAYS, the longest allowed."""
    ids = _csv(params, "service_request_id")
    if ids:
        if len(ids) > MAX_RESULTS:
            raise Open311Error(400, f"at most {MAX_RESULTS} service_request_id values")
        return RequestQuery(ids=ids)
    statuses = _csv(params, "status")
    if bad := [s for s in statuses if s not in ("open", "closed")]:
        raise Open311Error(400, f"status {bad[0]!r} is not open or closed")
    start_raw, end_raw = _one(params, "start_date", limit=40), _one(params, "end_date", limit=40)
    start = parse_datetime(start_raw, "start_date") if start_raw else None
    end = parse_datetime(end_raw, "end_date") if end_raw else None
    window = timedelta(days=DEFAULT_DAYS)
    # one side given: the window runs from it; none: the last DEFAULT_DAYS days
    if start is None:
        end = end or now
        start = end - window
    elif end is None:
        end = start + window
    if start > end:
        raise Open311Error(400, "start_date is after end_date")
    if end - start > timedelta(days=DEFAULT_DAYS):
        raise Open311Error(400, f"start_date and end_date may be at most {DEFAULT_DAYS} days apart")
    return RequestQuery(
        service_codes=_csv(params, "service_code"),
        statuses=tuple(sorted(set(statuses))),
        start=start,
        end=end,
    )


def _csv(params: Mapping[str, Sequence[str]], name: str) -> tuple[str, ...]:
    out: list[str] = []
    for value in params.get(name, ()):
        out.extend(part.strip() for part in value.split(",") if part.strip())
    return tuple(dict.fromkeys(out))


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
        "media_url": row.get("media_url") or "",
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
