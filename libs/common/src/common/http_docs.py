"""How routes document their error answers in the OpenAPI documents, once for every service:
`responses=errors(401, 403, 404, 503)` gives each status the shared error body (422 the
validation body with its fields, 503 the outage body and its Retry-After header)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from common.errors import ErrorBody, UnavailableBody, ValidationErrorBody

#: What each status means to the caller, in the words of the documents.
MEANINGS: dict[int, str] = {
    400: "请求有误",
    401: "未登录或登录已失效：需要有效的工作人员令牌",
    403: "当前角色或单位无权执行此操作",
    404: "要找的对象不存在，或对当前用户不可见",
    409: "与对象的当前状态冲突",
    410: "对象已不可用（例如评价链接已使用或已过期）",
    413: "请求体过大",
    415: "不支持的文件类型",
    422: "请求内容不符合规定（fields 列出出错的字段）",
    429: "请求过于频繁，请稍后再试",
    503: "服务暂时不可用：数据库或消息队列暂时无法连接，请按 Retry-After 稍后重试",
}

_RETRY_AFTER = {
    "Retry-After": {"description": "建议多少秒后重试", "schema": {"type": "integer"}},
}


def _body(status: int) -> type[BaseModel]:
    if status == 422:
        return ValidationErrorBody
    if status == 503:
        return UnavailableBody
    return ErrorBody


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The `responses=` entries of a route for the error statuses it can answer."""
    documented: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        if status not in MEANINGS:
            raise ValueError(f"no meaning documented for HTTP status {status}")
        entry: dict[str, Any] = {"model": _body(status), "description": MEANINGS[status]}
        if status == 503:
            entry["headers"] = _RETRY_AFTER
        documented[status] = entry
    return documented
