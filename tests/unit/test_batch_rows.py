"""Batch import rules: the template's headers, one row's cells turned into a registration's
fields or into zh-CN problems naming the row and the column, and the files refused whole."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta

import pytest
from openpyxl import Workbook, load_workbook

from common.errors import ApiError
from intake.batches import file as batch_file
from intake.batches.service import validated_row
from intake.config import Settings
from intake.domain import batch_rows as rows
from intake.domain.batch_rows import BatchLimits, BatchState, RowDraft

HEADERS = [c.header for c in rows.COLUMNS]
CATALOGUE = rows.Catalogue(
    streets={"望月湖街道": "wangyuehu"},
    categories={"路灯": "streetlight", "streetlight": "streetlight"},
)
TODAY = date(2026, 11, 30)
#: the limits the default settings give
LIMITS = Settings(
    database_url="postgresql://x@y/z", kafka_bootstrap_servers="k:9092"
).batch_limits()
GOOD = {
    "诉求标题": "小区门口路灯不亮",
    "诉求内容": "望月湖小区北门路灯坏了一个多月",
    "诉求人类型": "群众",
    "姓名/单位名称": "张三",
    "联系电话": "13800000001",
    "地址": "望月湖小区北门",
}


def _valid_uscc() -> str:
    from intake.domain.submission import valid_uscc

    stem = "91430104MA4L1234"
    for check in "0123456789ABCDEFGHJKLMNPQRTUWXY":
        for last in "0123456789ABCDEFGHJKLMNPQRTUWXY":
            if valid_uscc(stem + check + last):
                return stem + check + last
    raise AssertionError("no check character")


def row(**cells: object) -> list[str]:
    values = {**GOOD, **cells}
    return [rows.cell_text(values.get(h, "")) for h in HEADERS]


def drafted(cells: list[str], number: int = 2) -> RowDraft | list[rows.RowProblem]:
    positions = rows.column_positions(HEADERS)
    return rows.draft(number, cells, positions, CATALOGUE, today=TODAY)


def test_a_good_row_becomes_a_registration_of_the_batch_channel() -> None:
    found = drafted(row(所属街道="望月湖街道", 诉求类别="路灯", 期望办结日期="2026/12/18"))
    assert isinstance(found, RowDraft)
    assert found.form["channel"] == "batch_import"
    assert found.form["location"] == {"address": "望月湖小区北门", "area": "wangyuehu"}
    assert found.form["category"] == "streetlight"
    assert found.form["kind"] == "suggestion"
    assert found.requested_by == date(2026, 12, 18)
    assert not isinstance(validated_row(found), list)


def test_missing_cells_name_the_row_and_the_column_in_chinese() -> None:
    found = drafted(row(诉求标题="", 联系电话=""), number=7)
    assert isinstance(found, list)
    assert [(p.row, p.column) for p in found] == [(7, "诉求标题"), (7, "联系电话")]
    assert found[0].reason == "诉求标题为必填项"


@pytest.mark.parametrize(
    ("cells", "column", "reason"),
    [
        ({"诉求人类型": "外星人"}, "诉求人类型", "诉求人类型须为“群众”或“企业”"),
        ({"所属街道": "火星街道"}, "所属街道", "“火星街道”不是本区的街道（乡镇）"),
        ({"诉求类别": "天气"}, "诉求类别", "“天气”不在本区启用的分类目录中"),
        ({"期望办结日期": "下周"}, "期望办结日期", "期望办结日期须为日期，如 2026-12-18"),
        ({"期望办结日期": "2026-11-30"}, "期望办结日期", "期望办结日期须晚于今天（2026-11-30）"),
        (
            {"期望办结日期": "2028-01-01"},
            "期望办结日期",
            "期望办结日期不能晚于一年后（2027-12-01）",
        ),
        ({"诉求类型": "聊天"}, "诉求类型", None),
    ],
)
def test_cells_this_module_reads_are_refused_with_a_reason(
    cells: dict[str, str], column: str, reason: str | None
) -> None:
    found = drafted(row(**cells))
    assert isinstance(found, list) and len(found) == 1
    assert found[0].column == column
    if reason is not None:
        assert found[0].reason == reason


@pytest.mark.parametrize(
    ("cells", "column"),
    [
        ({"诉求标题": "灯"}, "诉求标题"),
        ({"诉求内容": "坏了"}, "诉求内容"),
        ({"联系电话": "电话号码"}, "联系电话"),
        ({"诉求人类型": "企业", "统一社会信用代码": "123"}, "诉求人类型"),
    ],
)
def test_the_registration_schema_checks_the_rest_and_names_the_column(
    cells: dict[str, str], column: str
) -> None:
    found = drafted(row(**cells))
    assert isinstance(found, RowDraft)
    problems = validated_row(found)
    assert isinstance(problems, list) and problems
    assert {p.column for p in problems} == {column}
    assert all(p.row == 2 and p.reason for p in problems)


def test_an_enterprise_row_is_named_by_its_unit_and_credit_code() -> None:
    uscc = _valid_uscc()
    found = drafted(
        row(诉求人类型="企业", **{"姓名/单位名称": "岳麓某公司"}, 统一社会信用代码=uscc)
    )
    assert isinstance(found, RowDraft)
    form = validated_row(found)
    assert not isinstance(form, list)
    assert form.submitter.enterprise_name == "岳麓某公司" and form.submitter.uscc == uscc


def test_spreadsheet_cells_read_as_text() -> None:
    assert rows.cell_text(13800000001.0) == "13800000001"
    assert rows.cell_text(datetime(2026, 12, 18, 0, 0)) == "2026-12-18"
    assert rows.cell_text("　１３８ ") == "138"
    assert rows.cell_text(None) == ""


def test_headers_missing_or_repeated_refuse_the_file() -> None:
    with pytest.raises(rows.HeaderProblem) as refused:
        rows.column_positions(["诉求标题", "诉求标题", "地址"])
    assert "诉求内容" in refused.value.missing and refused.value.duplicated == ["诉求标题"]
    assert "缺少必填列" in str(refused.value)
    # spaces in a header and unknown extra columns do not matter; order does not either
    positions = rows.column_positions(["备注", *reversed([f" {h} " for h in HEADERS])])
    assert positions["title"] == len(HEADERS)


def test_empty_rows_are_skipped_and_numbered_as_the_sheet_shows_them() -> None:
    found = list(rows.data_rows([["a"], [None, ""], ["b"]]))
    assert [n for n, _ in found] == [2, 4]


def test_a_job_silent_too_long_is_shown_interrupted() -> None:
    now = datetime(2026, 11, 30, tzinfo=UTC)
    assert rows.shown_state("importing", now - timedelta(minutes=5), now) is BatchState.INTERRUPTED
    assert rows.shown_state("importing", now - timedelta(seconds=5), now) is BatchState.IMPORTING
    assert rows.shown_state("imported", now - timedelta(days=5), now) is BatchState.IMPORTED


# --- files -----------------------------------------------------------------------------------


def _csv(text: str, encoding: str = "utf-8") -> bytes:
    return text.encode(encoding)


def _refusal(content: bytes, limits: BatchLimits | None = None) -> ApiError:
    with pytest.raises(ApiError) as refused:
        batch_file.read(content, limits or LIMITS)
    return refused.value


def test_csv_in_gb18030_and_utf8_with_bom_are_read_alike() -> None:
    text = ",".join(HEADERS) + "\n" + ",".join(row()) + "\n"
    for content in (_csv(text, "gb18030"), _csv(text, "utf-8-sig")):
        sheet = batch_file.read(content, LIMITS)
        assert sheet.kind == "csv" and len(sheet.rows) == 1
        assert sheet.rows[0][sheet.positions["name"]] == "张三"


def test_the_xlsx_template_reads_back_with_its_example_row() -> None:
    sheet = batch_file.read(batch_file.template_xlsx(), LIMITS)
    assert sheet.kind == "xlsx" and len(sheet.rows) == 1
    book = load_workbook(io.BytesIO(batch_file.template_xlsx()))
    assert [c.value for c in book.worksheets[0][1]] == HEADERS
    assert batch_file.template_csv().startswith(b"\xef\xbb\xbf")


def test_files_refused_whole_have_stable_codes() -> None:
    assert _refusal(b"").code == "empty_file"
    assert _refusal(b"  \n").code == "empty_file"
    assert _refusal(b"\xd0\xcf\x11\xe0rest of an old xls").status == 415
    assert _refusal(b"PK\x03\x04not really a zip").code == "unsupported_file_type"
    missing = _refusal(_csv("诉求标题,地址\n灯,某处\n"))
    assert missing.code == "missing_headers" and missing.status == 422
    assert "诉求内容" in missing.message
    big = _refusal(b"x" * 101, BatchLimits(max_rows=LIMITS.max_rows, max_bytes=100))
    assert (big.code, big.status) == ("file_too_large", 413)
    text = ",".join(HEADERS) + "\n" + (",".join(row()) + "\n") * 3 + ",,,\n" * 5
    assert (
        len(batch_file.read(_csv(text), BatchLimits(max_rows=3, max_bytes=LIMITS.max_bytes)).rows)
        == 3
    )
    many = _refusal(
        _csv(text + ",".join(row()) + "\n"), BatchLimits(max_rows=3, max_bytes=LIMITS.max_bytes)
    )
    assert (many.code, many.status) == ("too_many_rows", 413)


def test_an_xlsx_with_numbers_and_dates_in_cells() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADERS)
    cells: list[object] = row()
    cells[HEADERS.index("联系电话")] = 13800000001
    cells[HEADERS.index("期望办结日期")] = datetime(2026, 12, 18)
    sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    read = batch_file.read(out.getvalue(), LIMITS)
    found = drafted([rows.cell_text(c) for c in read.rows[0]])
    assert isinstance(found, RowDraft)
    assert found.form["submitter"]["phone"] == "13800000001"
    assert found.requested_by == date(2026, 12, 18)
