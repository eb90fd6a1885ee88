"""Rules of a batch import (座谈会, 大走访, ...): the template's columns, the limits of a file,
and how one spreadsheet row becomes a registration. Pure: the file is already read into rows
of cells; what a registration must look like field by field stays with the registration schema,
this module only turns cells into its fields and names the column a problem lies in."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from common.vocabulary import LABELS_ZH, RequestKind, SubmitterKind
from intake.domain.submission import requested_by_problem

#: The row the headers are on; data rows are numbered as the spreadsheet shows them.
HEADER_ROW = 1


class BatchSource(StrEnum):
    """Where a batch's opinions were collected."""

    SYMPOSIUM = "symposium"  # 座谈会
    VISITS = "visits"  # 大走访
    PETITION_REFERRAL = "petition_referral"  # 信访转来
    OTHER = "other"  # 其他


SOURCE_LABELS_ZH: dict[BatchSource, str] = {
    BatchSource.SYMPOSIUM: "座谈会",
    BatchSource.VISITS: "大走访",
    BatchSource.PETITION_REFERRAL: "信访转来",
    BatchSource.OTHER: "其他",
}


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # as the template writes it (zh-CN)
    required: bool
    example: str


#: The template, in order. `key` names the registration field the column fills.
COLUMNS: tuple[Column, ...] = (
    Column("title", "诉求标题", True, "小区门口路灯不亮"),
    Column("description", "诉求内容", True, "望月湖小区北门路灯坏了一个多月，晚上出行不便"),
    Column("submitter_kind", "诉求人类型", True, "群众"),
    Column("name", "姓名/单位名称", True, "张三"),
    Column("phone", "联系电话", True, "13800000000"),
    Column("uscc", "统一社会信用代码", False, ""),
    Column("address", "地址", True, "望月湖街道望月湖小区北门"),
    Column("street", "所属街道", False, "望月湖街道"),
    Column("category", "诉求类别", False, ""),
    Column("requested_by", "期望办结日期", False, ""),
    Column("kind", "诉求类型", False, "建议"),
)
COLUMN_OF: dict[str, Column] = {c.key: c for c in COLUMNS}
#: The request kind of a row that does not say: opinions gathered at a meeting are 意见建议.
DEFAULT_KIND = RequestKind.SUGGESTION
#: Other ways a clerk writes a submitter kind.
_KIND_ALIASES = {
    "个人": SubmitterKind.PERSON,
    "市民": SubmitterKind.PERSON,
    "单位": SubmitterKind.ENTERPRISE,
}


@dataclass(frozen=True)
class BatchLimits:
    """What one import may hold: more rows or bytes are refused before anything is read.
    Built from Settings (Settings.batch_limits), which hold the defaults."""

    max_rows: int
    max_bytes: int


@dataclass(frozen=True)
class RowProblem:
    row: int  # as the spreadsheet numbers it (the headers are on row 1)
    column: str  # the column's header, or "" for the row as a whole
    reason: str  # zh-CN

    def view(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "reason": self.reason}


@dataclass(frozen=True)
class Catalogue:
    """What a row's street and category are checked against."""

    streets: Mapping[str, str] = field(default_factory=dict)  # name -> code
    categories: Mapping[str, str] = field(default_factory=dict)  # name or code -> code


@dataclass(frozen=True)
class RowDraft:
    """A row turned into a registration's fields, not yet validated as one."""

    row: int
    form: dict[str, Any]
    requested_by: date | None


class HeaderProblem(ValueError):
    def __init__(self, missing: Sequence[str], duplicated: Sequence[str]) -> None:
        parts = []
        if missing:
            parts.append("缺少必填列：" + "、".join(missing))
        if duplicated:
            parts.append("列名重复：" + "、".join(duplicated))
        super().__init__("；".join(parts) + "。请使用导入模板")
        self.missing = list(missing)
        self.duplicated = list(duplicated)


def cell_text(value: Any) -> str:
    """A cell as text: numbers a spreadsheet stored as such (a phone number) without ".0",
    dates as YYYY-MM-DD, full-width forms folded, surrounding spaces removed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return unicodedata.normalize("NFKC", str(value)).strip()


def column_positions(header_cells: Sequence[Any]) -> dict[str, int]:
    """Where each template column is; unknown columns are ignored. Missing required or
    repeated headers refuse the whole file."""
    by_header = {c.header: c for c in COLUMNS}
    positions: dict[str, int] = {}
    duplicated: list[str] = []
    for index, cell in enumerate(header_cells):
        column = by_header.get(re.sub(r"\s+", "", cell_text(cell)))
        if column is None:
            continue
        if column.key in positions:
            duplicated.append(column.header)
        positions[column.key] = index
    missing = [c.header for c in COLUMNS if c.required and c.key not in positions]
    if missing or duplicated:
        raise HeaderProblem(missing, duplicated)
    return positions


def data_rows(rows: Iterable[Sequence[Any]]) -> Iterable[tuple[int, list[str]]]:
    """The rows under the headers with their spreadsheet numbers; wholly empty rows are
    skipped (spreadsheets keep formatted empty rows at the end)."""
    for number, cells in enumerate(rows, start=HEADER_ROW + 1):
        texts = [cell_text(c) for c in cells]
        if any(texts):
            yield number, texts


def draft(
    number: int,
    cells: Sequence[str],
    positions: Mapping[str, int],
    catalogue: Catalogue,
    *,
    today: date,
) -> RowDraft | list[RowProblem]:
    """One row as a registration's fields, or what is wrong with the cells this module reads
    (a kind, a street, a category, a date); the rest is the registration schema's to check."""

    def cell(key: str) -> str:
        index = positions.get(key)
        return cells[index] if index is not None and index < len(cells) else ""

    problems: list[RowProblem] = []

    def problem(key: str, reason: str) -> None:
        problems.append(RowProblem(number, COLUMN_OF[key].header, reason))

    for column in COLUMNS:
        if column.required and not cell(column.key):
            problem(column.key, f"{column.header}为必填项")
    submitter_kind = _submitter_kind(cell("submitter_kind"))
    if cell("submitter_kind") and submitter_kind is None:
        problem("submitter_kind", "诉求人类型须为“群众”或“企业”")
    kind = _request_kind(cell("kind"))
    if kind is None:
        problem("kind", "诉求类型须为" + "、".join(f"“{LABELS_ZH[k]}”" for k in RequestKind))
    area = None
    if cell("street"):
        area = catalogue.streets.get(cell("street"))
        if area is None:
            problem("street", f"“{cell('street')}”不是本区的街道（乡镇）")
    category = None
    if cell("category"):
        category = catalogue.categories.get(cell("category"))
        if category is None:
            problem("category", f"“{cell('category')}”不在本区启用的分类目录中")
    requested_by = None
    if cell("requested_by"):
        requested_by = parse_date(cell("requested_by"))
        if requested_by is None:
            problem("requested_by", "期望办结日期须为日期，如 2026-12-18")
        elif (wrong := requested_by_problem(requested_by, today)) is not None:
            problem("requested_by", f"期望办结日期{wrong}")
    if problems:
        return problems
    enterprise = submitter_kind is SubmitterKind.ENTERPRISE
    name = cell("name")
    form: dict[str, Any] = {
        "channel": "batch_import",
        "kind": (kind or DEFAULT_KIND).value,
        "category": category,
        "title": cell("title"),
        "description": cell("description"),
        "submitter": {
            "kind": (submitter_kind or SubmitterKind.PERSON).value,
            "name": name,
            "phone": cell("phone"),
            "enterprise_name": name if enterprise else None,
            "uscc": (cell("uscc").upper() or None) if enterprise else (cell("uscc") or None),
        },
        "location": {"address": cell("address"), "area": area},
    }
    return RowDraft(number, form, requested_by)


#: A registration field's error location -> the column it came from.
_FIELD_COLUMNS = {
    ("title",): "title",
    ("description",): "description",
    ("kind",): "kind",
    ("category",): "category",
    ("submitter",): "submitter_kind",
    ("submitter", "kind"): "submitter_kind",
    ("submitter", "name"): "name",
    ("submitter", "enterprise_name"): "name",
    ("submitter", "phone"): "phone",
    ("submitter", "uscc"): "uscc",
    ("location",): "address",
    ("location", "address"): "address",
    ("location", "area"): "street",
}


def column_of_field(location: Sequence[str | int]) -> str:
    """The header of the column a registration error's location points at ("" if none)."""
    parts = tuple(p for p in location if isinstance(p, str))
    while parts:
        key = _FIELD_COLUMNS.get(parts)
        if key is not None:
            return COLUMN_OF[key].header
        parts = parts[:-1]
    return ""


def parse_date(text: str) -> date | None:
    """2026-12-18, 2026/12/18, 2026.12.18 or 2026年12月18日."""
    found = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", text)
    if found is None:
        return None
    try:
        return date(int(found[1]), int(found[2]), int(found[3]))
    except ValueError:
        return None


def _submitter_kind(text: str) -> SubmitterKind | None:
    for kind in SubmitterKind:
        if text in (LABELS_ZH[kind], kind.value):
            return kind
    return _KIND_ALIASES.get(text)


def _request_kind(text: str) -> RequestKind | None:
    if not text:
        return DEFAULT_KIND
    for kind in RequestKind:
        if text in (LABELS_ZH[kind], kind.value):
            return kind
    return None


def source_of(text: str) -> BatchSource | None:
    for source, label in SOURCE_LABELS_ZH.items():
        if text in (label, source.value):
            return source
    return None


class BatchState(StrEnum):
    CHECKING = "checking"  # rows being checked
    IMPORTING = "importing"  # the batch's cases being registered, in one transaction
    IMPORTED = "imported"
    REFUSED = "refused"  # bad rows and no good-rows-only: nothing imported
    FAILED = "failed"  # stopped by an error: nothing imported
    INTERRUPTED = "interrupted"  # its process stopped: nothing imported


STATE_LABELS_ZH: dict[BatchState, str] = {
    BatchState.CHECKING: "正在检查",
    BatchState.IMPORTING: "正在导入",
    BatchState.IMPORTED: "已导入",
    BatchState.REFUSED: "未导入（有错误行）",
    BatchState.FAILED: "导入失败，未导入任何诉求",
    BatchState.INTERRUPTED: "导入中断，未导入任何诉求",
}
#: A running job reports at least this often; one silent for longer lost its process.
STALE_AFTER = timedelta(minutes=2)


def shown_state(state: str, heartbeat_at: datetime, now: datetime) -> BatchState:
    """A job still marked as running whose process stopped has rolled back: say so."""
    running = state in (BatchState.CHECKING, BatchState.IMPORTING)
    if running and now - heartbeat_at > STALE_AFTER:
        return BatchState.INTERRUPTED
    return BatchState(state)
