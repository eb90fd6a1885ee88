"""Figures as files, for any service: CSV (UTF-8 with a BOM, so spreadsheet programs read the
Chinese headers) or XLSX, with zh-CN column headers, the route's documented 200 and the
download's answer. A service describes its sheets (Sheet, Column) and hands over rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from fastapi import Response
from openpyxl import Workbook

Format = Literal["csv", "xlsx"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    percent: bool = False
    labels: Mapping[str, str] | None = None  # code -> zh-CN label


@dataclass(frozen=True)
class Sheet:
    title: str
    columns: Sequence[Column]


def _cell(column: Column, value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    if isinstance(value, bool) and column.labels is not None:  # labels {"true": 是, ...}
        return column.labels.get(str(value).lower(), value)
    if column.labels is not None and isinstance(value, str):
        return column.labels.get(value, value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def table(sheet: Sheet, rows: Iterable[Mapping[str, Any]]) -> list[list[Any]]:
    return [[_cell(column, row.get(column.key)) for column in sheet.columns] for row in rows]


def to_csv(sheet: Sheet, rows: Iterable[Mapping[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([column.header for column in sheet.columns])
    writer.writerows(table(sheet, rows))
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(sheet: Sheet, rows: Iterable[Mapping[str, Any]]) -> bytes:
    workbook = Workbook()
    worksheet = workbook.active
    assert worksheet is not None
    worksheet.title = sheet.title
    worksheet.append([column.header for column in sheet.columns])
    for values in table(sheet, rows):
        worksheet.append(values)
    for index, column in enumerate(sheet.columns, start=1):
        if column.percent:
            for (cell,) in worksheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = "0.00%"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def file_response(
    sheet: Sheet, rows: Sequence[Mapping[str, Any]], fmt: Format, name: str
) -> Response:
    """The sheet as a download named `name.fmt`."""
    if fmt == "csv":
        content, media = to_csv(sheet, rows), "text/csv; charset=utf-8"
    else:
        content, media = to_xlsx(sheet, rows), XLSX
    return Response(
        content,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'},
    )


def export_responses(sheet: Sheet) -> dict[int | str, dict[str, Any]]:
    """The 200 of an export route: the sheet as CSV or XLSX, by the path's extension."""
    columns = "、".join(column.header for column in sheet.columns)
    return {
        200: {
            "description": (
                f"“{sheet.title}”文件下载：.csv 为 UTF-8（带 BOM）的 CSV，.xlsx 为 Excel 工作簿；"
                f"首行为中文表头：{columns}"
            ),
            "headers": {
                "Content-Disposition": {
                    "description": 'attachment; filename="<名称>.<csv|xlsx>"',
                    "schema": {"type": "string"},
                }
            },
            "content": {
                "text/csv": {"schema": {"type": "string"}},
                XLSX: {"schema": {"type": "string", "format": "binary"}},
            },
        }
    }
