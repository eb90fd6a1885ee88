"""The zh-CN sentences of a 422: each invalid field named in Chinese (FIELD_LABELS_ZH), then
what is wrong with it, by pydantic's error type. A validator's own message (value_error) is
kept: ours are written in zh-CN. The error type stays beside the sentence for programs."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from common.vocabulary import FIELD_LABELS_ZH

#: Parts of an error's location that say where a value came from, not which field it is.
_SOURCES = frozenset({"body", "query", "path", "header", "cookie"})
#: How many field messages the summary names before it counts the rest.
SUMMARY_NAMES = 3
_DATETIME = "{label}必须是日期时间，如 2026-04-12T09:30:00+08:00"
_DATE = "{label}必须是日期，如 2026-04-12"

#: pydantic error type -> sentence; {label} is the field, the rest come from the error's ctx.
_TEMPLATES: dict[str, str] = {
    "missing": "缺少{label}",
    "string_too_short": "{label}至少需要 {min_length} 个字符",
    "string_too_long": "{label}不能超过 {max_length} 个字符",
    "too_short": "{label}至少需要 {min_length} 项",
    "too_long": "{label}不能超过 {max_length} 项",
    "string_pattern_mismatch": "{label}的格式不正确",
    "greater_than_equal": "{label}不能小于 {ge}",
    "greater_than": "{label}必须大于 {gt}",
    "less_than_equal": "{label}不能大于 {le}",
    "less_than": "{label}必须小于 {lt}",
    "int_parsing": "{label}必须是整数",
    "int_type": "{label}必须是整数",
    "int_from_float": "{label}必须是整数",
    "float_parsing": "{label}必须是数字",
    "float_type": "{label}必须是数字",
    "bool_parsing": "{label}必须是 true 或 false",
    "bool_type": "{label}必须是 true 或 false",
    "string_type": "{label}必须是文本",
    "enum": "{label}必须是以下之一：{expected}",
    "literal_error": "{label}必须是以下之一：{expected}",
    "extra_forbidden": "不接受字段 {name}",
    "datetime_parsing": _DATETIME,
    "datetime_from_date_parsing": _DATETIME,
    "datetime_type": _DATETIME,
    "date_parsing": _DATE,
    "date_from_datetime_parsing": _DATE,
    "date_from_datetime_inexact": _DATE,
    "date_type": _DATE,
    "uuid_parsing": "{label}必须是 UUID",
    "uuid_type": "{label}必须是 UUID",
    "dict_type": "{label}必须是 JSON 对象",
    "model_type": "{label}必须是 JSON 对象",
    "model_attributes_type": "{label}必须是 JSON 对象",
    "list_type": "{label}必须是列表",
    "json_invalid": "请求体不是有效的 JSON",
}
#: Types whose message is the validator's own, in zh-CN: ours (common.text) and the
#: parameter check's (common.http).
_OWN_MESSAGE = frozenset({"value_error", "assertion_error", "string_unstorable"})


def field_name(location: Sequence[str | int]) -> str:
    """The field an error's location points at: its last part that names a field."""
    for part in reversed(location):
        if isinstance(part, str) and part.isidentifier() and part not in _SOURCES:
            return part
    return ""


def field_label(name: str) -> str:
    """The field's name in Chinese, or the name itself when the table has none."""
    return FIELD_LABELS_ZH.get(name, name) if name else "请求内容"


def field_message(item: Mapping[str, Any]) -> str:
    """The zh-CN sentence for one of pydantic's (or FastAPI's) error items."""
    kind = str(item.get("type", ""))
    name = field_name(item.get("loc", ()))
    label = field_label(name)
    if kind in _OWN_MESSAGE:
        return f"{label}：{_own_message(item)}"
    template = _TEMPLATES.get(kind)
    if template is None:
        return f"{label}的值无效"
    context = dict(item.get("ctx") or {})
    context["expected"] = _choices(str(context.get("expected", "")))
    try:
        return template.format(label=label, name=name, **context)
    except (KeyError, IndexError, ValueError):
        return f"{label}的值无效"


def summary(messages: Sequence[str]) -> str:
    """The 422's own message: the first few field messages, and how many more there are."""
    if not messages:
        return "请求内容不符合要求"
    named = "；".join(messages[:SUMMARY_NAMES])
    more = len(messages) - SUMMARY_NAMES
    return f"请求内容不符合要求：{named}" + (f"；另有 {more} 处" if more > 0 else "")


def _own_message(item: Mapping[str, Any]) -> str:
    error = (item.get("ctx") or {}).get("error")
    if error is not None:
        return str(error)
    message = str(item.get("msg", ""))
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    return message


def _choices(expected: str) -> str:
    """pydantic's "'a', 'b' or 'c'" as 'a、b、c'."""
    quoted: list[str] = re.findall(r"'([^']*)'", expected)
    return "、".join(quoted) if quoted else expected
