"""Reading an uploaded batch file (XLSX, or CSV in UTF-8 or GB18030) into rows of cells, and
writing the template a clerk fills in. Everything is refused before a row is checked when the
file is of another type, empty, without the template's headers, or too large."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook, load_workbook

from common.errors import ApiError, Unprocessable
from intake.domain.batch_rows import COLUMNS, BatchLimits, HeaderProblem, column_positions

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"  # the old binary .xls, and other Office 97 files


class TooLarge(ApiError):
    status = 413


class UnsupportedType(ApiError):
    status = 415


@dataclass(frozen=True)
class Sheet:
    kind: str  # "xlsx" or "csv"
    positions: dict[str, int]
    rows: list[Sequence[Any]]  # under the headers, as read


def read(content: bytes, limits: BatchLimits) -> Sheet:
    if len(content) > limits.max_bytes:
        raise TooLarge(
            "file_too_large",
            f"文件超过了 {limits.max_bytes // 1024} KB 的上限，请拆分后分批导入",
            max_bytes=limits.max_bytes,
        )
    if not content.strip():
        raise Unprocessable("empty_file", "文件是空的，请按导入模板填写后再上传")
    kind, rows = ("xlsx", _xlsx_rows(content)) if content.startswith(_ZIP) else ("csv", None)
    if rows is None:
        rows = _csv_rows(content)
    table = _limited(rows, limits)
    if not table or not any(str(c or "").strip() for c in table[0]):
        raise Unprocessable("empty_file", "文件没有表头，请按导入模板填写后再上传")
    try:
        positions = column_positions(table[0])
    except HeaderProblem as problem:
        raise Unprocessable(
            "missing_headers",
            str(problem),
            missing=problem.missing,
            duplicated=problem.duplicated,
            expected=[c.header for c in COLUMNS],
        ) from problem
    return Sheet(kind, positions, table[1:])


def _limited(rows: Any, limits: BatchLimits) -> list[Sequence[Any]]:
    """The headers and at most `max_rows` rows under them; trailing empty rows do not count."""
    table: list[Sequence[Any]] = []
    filled = 0
    for row in rows:
        table.append(row)
        if len(table) > 1 and any(str(c).strip() for c in row if c is not None):
            filled = len(table)
            if filled - 1 > limits.max_rows:
                raise TooLarge(
                    "too_many_rows",
                    f"一次最多导入 {limits.max_rows} 行，请拆分后分批导入",
                    max_rows=limits.max_rows,
                )
    return table[: max(filled, 1)]


def _xlsx_rows(content: bytes) -> Any:
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise UnsupportedType(
            "unsupported_file_type", "文件不是有效的 XLSX 表格，请上传 XLSX 或 CSV 文件"
        ) from error
    sheet = book.worksheets[0] if book.worksheets else None
    if sheet is None:
        raise Unprocessable("empty_file", "表格中没有工作表")
    return sheet.iter_rows(values_only=True)


def _csv_rows(content: bytes) -> list[list[str]]:
    if content.startswith(_OLE) or b"\x00" in content[:4096]:
        raise UnsupportedType(
            "unsupported_file_type",
            "只接受 XLSX 或 CSV 文件（旧版 .xls 请另存为 .xlsx）",
        )
    text = _decoded(content)
    return list(csv.reader(io.StringIO(text, newline="")))


def _decoded(content: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnsupportedType("unsupported_encoding", "CSV 文件须为 UTF-8 或 GB18030（GBK）编码")


def template_rows() -> list[list[str]]:
    return [[c.header for c in COLUMNS], [c.example for c in COLUMNS]]


def template_csv() -> bytes:
    """UTF-8 with a byte-order mark, so that spreadsheet programs read the Chinese right."""
    out = io.StringIO(newline="")
    csv.writer(out).writerows(template_rows())
    return out.getvalue().encode("utf-8-sig")


def template_xlsx() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "诉求"
    for row in template_rows():
        sheet.append(row)
    notes = book.create_sheet("填写说明")
    notes.append(["列名", "是否必填", "说明"])
    for column in COLUMNS:
        notes.append([column.header, "必填" if column.required else "选填", _NOTES[column.key]])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


_NOTES = {
    "title": "2 至 100 个字",
    "description": "5 至 4000 个字",
    "submitter_kind": "群众 或 企业",
    "name": "群众填姓名，企业填单位名称",
    "phone": "手机或座机号码",
    "uscc": "企业必填，18 位",
    "address": "问题发生地或诉求人地址",
    "street": "本区街道（乡镇）全称，不填则按地址识别",
    "category": "分类名称或编码，不填则自动分类",
    "requested_by": "如 2026-12-18，晚于导入当天，一年之内",
    "kind": "投诉、求助、咨询、建议、举报、办不成事，不填为建议",
}
