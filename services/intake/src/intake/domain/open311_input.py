"""Open311 GeoReport v2 input, as pure code: validation of a posted request and of the
GET requests filters. The documents intake answers with are in open311.py.

The spec's optional arguments: an empty parameter is the same as one not given. A value of
only invisible characters (zero-width spaces, the BOM) is not empty, and names nothing: 400.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from common.clock import local_date, utcnow
from common.district import District
from common.text import is_blank, unstorable
from common.vocabulary import RequestKind, SubmitterKind
from intake.domain.open311 import (
    ANONYMOUS,
    CHINA,
    DEFAULT_DAYS,
    MAX_RESULTS,
    Open311Error,
    attributes_of,
    category_of,
)
from intake.domain.submission import requested_by_problem, valid_uscc

_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,190}\.[^@\s]{1,63}$")
#: What people put between the digits of a phone number: spaces, dashes, dots, parentheses.
_PHONE_SEPARATORS = re.compile(r"[\s\-.()]")
_PHONE_DIGITS = re.compile(r"[0-9]{7,15}")
#: Dates a person can mean; beyond them the 90-day window arithmetic would leave the calendar.
FIRST_YEAR, LAST_YEAR = 1900, 2999
_ATTRIBUTE = re.compile(r"^attribute\[([^\]]{1,64})\](\[\])?$")
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")


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
    requested_by: date | None = None  # 期望办结日期, attribute[requested_by]


def check_storable(params: Mapping[str, Sequence[str]]) -> None:
    """Every parameter of a resource (path, query and form alike), before anything reads it:
    PostgreSQL cannot store a NUL, so it is refused here, naming the parameter."""
    for name, values in params.items():
        if (problem := unstorable(name)) is not None:
            raise Open311Error(400, f"parameter name {name!r}: {problem}")
        for value in values:
            if (problem := unstorable(value)) is not None:
                raise Open311Error(400, f"{name}: {problem}")


def given(name: str, values: Iterable[str]) -> list[str]:
    """The values a client gave, stripped: empty ones count as not given (the spec), ones of
    only invisible characters are refused."""
    out = []
    for value in values:
        stripped = value.strip()
        if stripped and is_blank(stripped):
            raise Open311Error(400, f"{name}: 不能只含空白或不可见字符")
        if stripped:
            out.append(stripped)
    return out


def _one(params: Mapping[str, Sequence[str]], name: str, *, limit: int) -> str | None:
    values = given(name, params.get(name, ()))
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
        value = given(name, values)
        if len(value) > 1:
            raise Open311Error(400, f"attribute[{match.group(1)}] is given more than once")
        if value:
            if len(value[0]) > 200:
                raise Open311Error(400, f"attribute[{match.group(1)}] is too long")
            found[match.group(1)] = value[0]
    return found


def parse_request(
    district: District, params: Mapping[str, Sequence[str]], *, today: date | None = None
) -> Open311Request:
    """Validate a POST requests form (api_key is checked by the caller, before this).
    `today` is the district's date a requested completion date must come after."""
    code = _one(params, "service_code", limit=64)
    if code is None:
        raise Open311Error(400, "service_code is required")
    known = {c.code for c in district.categories}
    if code not in known:
        # the spec: 404 - service_code was not found
        raise Open311Error(404, f"service_code {code!r} is not a service of this jurisdiction")
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
    phone = _one(params, "phone", limit=32)
    phone = parse_phone(phone) if phone is not None else None
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

    requested_by = _requested_by(attributes.get("requested_by"), today)
    first = _one(params, "first_name", limit=32) or ""
    last = _one(params, "last_name", limit=32) or ""
    extras = [f"{definitions[c].label}：{v}" for c, v in attributes.items() if definitions[c].label]
    return Open311Request(
        service_code=code,
        kind=RequestKind(attributes.get("request_kind", RequestKind.COMPLAINT.value)),
        title=title_of(description, fallback=category_of(district, code).name),
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
        requested_by=requested_by,
    )


def _requested_by(raw: str | None, today: date | None) -> date | None:
    """attribute[requested_by]: the district's (Asia/Shanghai) date of the value given."""
    if raw is None:
        return None
    requested = local_date(parse_datetime(raw, "attribute[requested_by]"))
    problem = requested_by_problem(requested, today or local_date(utcnow()))
    if problem is not None:
        raise Open311Error(400, f"attribute[requested_by] 期望办结日期{problem}")
    return requested


def parse_phone(raw: str) -> str:
    """A phone number as people write it: spaces, dashes, dots or parentheses between the
    digits, and a +country prefix (+86 138 0013 8000, 0731-8888 6666, (0731) 88886666).
    Kept as its digits with the leading + if any: 7 to 15 digits, the most E.164 allows."""
    compact = _PHONE_SEPARATORS.sub("", unicodedata.normalize("NFKC", raw))  # full-width too
    plus = compact.startswith("+")
    digits = compact[1:] if plus else compact
    if not _PHONE_DIGITS.fullmatch(digits):
        raise Open311Error(
            400,
            "phone must be 7 to 15 digits, optionally with a leading + and spaces, dashes "
            "or parentheses between them, e.g. +86 138 0013 8000 or 0731-8888 6666",
        )
    return ("+" if plus else "") + digits


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
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise Open311Error(400, f"{name} must lie between the years {FIRST_YEAR} and {LAST_YEAR}")
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
        out.extend(given(name, value.split(",")))
    return tuple(dict.fromkeys(out))
