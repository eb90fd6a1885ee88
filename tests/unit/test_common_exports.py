"""The shared CSV and XLSX writer (common.exports): zh-CN headers, a BOM for spreadsheet
programs, codes shown by their labels, lists joined, percentages formatted, and the download's
name and type."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from common import exports

SHEET = exports.Sheet(
    "窗口评价",
    [
        exports.Column("level", "统计对象", labels={"unit": "窗口单位"}),
        exports.Column("share", "满意率", percent=True),
        exports.Column("comments", "最近意见"),
        exports.Column("missing", "空白"),
    ],
)
ROWS = [{"level": "unit", "share": 0.75, "comments": ["很快", "热情"], "missing": None}]


def test_csv_starts_with_a_bom_and_shows_labels_and_joined_lists() -> None:
    content = exports.to_csv(SHEET, ROWS)
    assert content.startswith("\ufeff".encode())
    lines = content.decode("utf-8-sig").splitlines()
    assert lines == ["统计对象,满意率,最近意见,空白", "窗口单位,0.75,很快、热情,"]


def test_xlsx_names_its_sheet_and_formats_percentages() -> None:
    worksheet = load_workbook(io.BytesIO(exports.to_xlsx(SHEET, ROWS))).active
    assert worksheet is not None and worksheet.title == "窗口评价"
    assert worksheet["A2"].value == "窗口单位"
    assert (worksheet["B2"].value, worksheet["B2"].number_format) == (0.75, "0.00%")


def test_the_download_is_named_and_typed_by_its_format() -> None:
    csv = exports.file_response(SHEET, ROWS, "csv", "window-ratings")
    assert csv.media_type == "text/csv; charset=utf-8"
    assert csv.headers["content-disposition"] == 'attachment; filename="window-ratings.csv"'
    xlsx = exports.file_response(SHEET, ROWS, "xlsx", "window-ratings")
    assert xlsx.media_type == exports.XLSX


def test_the_documented_answer_lists_the_headers() -> None:
    documented = exports.export_responses(SHEET)[200]
    assert "统计对象、满意率、最近意见、空白" in documented["description"]
    assert set(documented["content"]) == {"text/csv", exports.XLSX}
