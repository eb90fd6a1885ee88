"""How the error answers of an operation appear in a service's OpenAPI document, so that a
client generated from it knows every answer's shape:

    @router.post("/things", response_model=Thing, responses=errors(401, 403, 422, 503))

A 422 has the validation body (its `fields`); every other status the shared error body.
401, 429 and 503 name the header that comes with them."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from pydantic import BaseModel

from common.errors import ErrorBody, ValidationErrorBody

#: What each status means, for the person reading the document.
MEANING_ZH: dict[int, str] = {
    400: "请求有误",
    401: "需要登录：缺少工作人员令牌，或令牌无效、已过期",
    403: "当前角色无权进行此操作；allowed_roles 列出可以进行的角色",
    404: "未找到，或当前账号无权查看",
    409: "与当前状态冲突，此时不能进行该操作",
    410: "已失效：已经用过或已经过期",
    413: "请求体过大",
    415: "不支持的文件类型",
    422: "请求内容不符合要求；fields 逐项列出字段、中文说明和错误类型",
    429: "尝试次数过多，请在 Retry-After 秒后重试",
    500: "服务内部错误；message 中有供管理员查询的关联编号",
    503: "服务暂时不可用（数据库或消息队列无法连接），请在 Retry-After 秒后重试",
}

_HEADERS: dict[int, dict[str, Any]] = {
    401: {
        "WWW-Authenticate": {"description": "Bearer", "schema": {"type": "string"}},
    },
    429: {
        "Retry-After": {"description": "几秒后可以重试", "schema": {"type": "integer"}},
    },
    503: {
        "Retry-After": {"description": "几秒后可以重试", "schema": {"type": "integer"}},
    },
}


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The `responses=` of an operation that can answer with these error statuses."""
    return {status: _response(status) for status in statuses}


def _response(status: int) -> dict[str, Any]:
    if status < 400:
        raise ValueError(f"{status} is not an error status")
    model: type[BaseModel] = ValidationErrorBody if status == 422 else ErrorBody
    described: dict[str, Any] = {
        "model": model,
        "description": MEANING_ZH.get(status, HTTPStatus(status).phrase),
    }
    if status in _HEADERS:
        described["headers"] = _HEADERS[status]
    return described
