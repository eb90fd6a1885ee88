"""Figures and lists as files: the export routes' documentation and the CSV or XLSX answer,
with the district's names in place of codes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any, Literal

from fastapi import Response

from common.district import load_district
from common.exports import export_responses, file_response
from common.http_docs import errors
from common.runtime import Runtime
from supervision import exports

Format = Literal["csv", "xlsx"]
#: an export's failures: a staff export also answers 401 and 403
STAFF_FAILURES = errors(401, 403, 422, 503)


def file_route(sheet: exports.Sheet, *, staff: bool = True) -> dict[str, Any]:
    """An export route: a CSV or XLSX file, or an error in JSON."""
    failures = STAFF_FAILURES if staff else errors(422, 503)
    return {"response_class": Response, "responses": {**export_responses(sheet), **failures}}


@cache
def district_names(district_file: str | None) -> exports.Names:
    """The names of the district file's departments and categories, read once."""
    district = load_district(district_file)
    return exports.Names(
        {department.code: department.name for department in district.departments},
        {category.code: category.name for category in district.categories},
        {c.domain: c.domain_name or c.domain for c in district.categories if c.domain},
    )


@cache
def district_domains(district_file: str | None) -> dict[str, str]:
    """Item code -> domain code, for the items of a three-level taxonomy."""
    district = load_district(district_file)
    return {c.code: c.domain for c in district.categories if c.domain}


def send_file(
    runtime: Runtime,
    sheet: exports.Sheet,
    rows: Sequence[Mapping[str, Any]],
    fmt: Format,
    name: str,
) -> Response:
    named = exports.named(sheet, district_names(runtime.settings.district_file))
    return file_response(named, rows, fmt, name)
