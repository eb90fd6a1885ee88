"""Errors a use case raises for the caller to see; the HTTP layer turns them into 4xx bodies
of the form {"error": <code>, "code": <code>, "message": <text>, ...details}: the stable code
under both keys, for readers of either."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


def error_body(code: str, message: str, **details: Any) -> dict[str, Any]:
    """The one shape of every error answer."""
    return {"error": code, "code": code, "message": message, **details}


class ApiError(Exception):
    status = 400

    def __init__(self, code: str, message: str, **details: Any) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details

    def body(self) -> dict[str, Any]:
        return error_body(self.code, self.message, **self.details)


class NotFound(ApiError):
    status = 404


class Conflict(ApiError):
    status = 409


class Forbidden(ApiError):
    status = 403


class Unprocessable(ApiError):
    status = 422


class TooManyRequests(ApiError):
    """429: the caller may try again after `retry_after_seconds`, which is also sent as the
    Retry-After header."""

    status = 429

    def __init__(self, code: str, message: str, *, retry_after_seconds: int, **details: Any):
        super().__init__(code, message, retry_after_seconds=retry_after_seconds, **details)
        self.retry_after_seconds = retry_after_seconds


class ErrorBody(BaseModel):
    """The body of every error answer, as documented in the OpenAPI documents. Details that
    belong to one error (allowed_actions, allowed_roles, fields, ...) sit beside the three
    fields."""

    model_config = ConfigDict(extra="allow")

    error: str = Field(description="稳定的错误代码（英文，供程序判断）")
    code: str = Field(description="同 error")
    message: str = Field(description="错误说明（简体中文，供人阅读）")


class FieldError(BaseModel):
    """One invalid field of a request."""

    model_config = ConfigDict(extra="allow")

    field: str = Field(description="出错的字段（如 query.limit、reason）")
    message: str = Field(description="该字段的错误说明")
    type: str | None = Field(default=None, description="错误类型代码")


class ValidationErrorBody(ErrorBody):
    """422: the request breaks the rules of its fields (`fields` lists them) or of the
    use case (a code of its own, with its details)."""

    fields: list[FieldError] = Field(default_factory=list, description="不合规定的字段")


class UnavailableBody(ErrorBody):
    """503: a dependency cannot be reached; the same request may succeed later."""

    retry_after_seconds: int = Field(description="建议多少秒后重试（同 Retry-After 头）")
