"""The refusals the use cases share: an unknown case, an unknown category."""

from __future__ import annotations

from common.errors import NotFound, Unprocessable


def unknown_category(code: str) -> Unprocessable:
    return Unprocessable(
        "unknown_category",
        f"分类 {code} 不在本区启用的分类目录中",
        fields=[{"field": "category", "message": "分类不在分类目录中", "type": "unknown"}],
    )


def case_named(case_id: str) -> str:
    return f"受理编号为 {case_id} 的诉求"


def no_case(case_id: str) -> NotFound:
    return NotFound("case_not_found", f"没有{case_named(case_id)}")
