"""Errors a use case raises for the caller to see; the HTTP layer turns them into 4xx bodies
of the form {"error": <code>, "code": <code>, "message": <text>, ...details}: the stable code
under both keys, for readers of either."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class ErrorBody(BaseModel):
    """The body of every error answer, as the OpenAPI documents describe it: the stable code
    under both keys, a zh-CN message, and whatever details the error adds beside them
    (allowed_roles, allowed_actions, retry_after_seconds...)."""

    model_config = ConfigDict(extra="allow")
    error: str = Field(description="稳定的英文错误代码，供程序判断")
    code: str = Field(description="与 error 相同的错误代码")
    message: str = Field(description="给人看的中文说明")


class FieldError(BaseModel):
    """One field of a request that is not acceptable."""

    field: str = Field(description="字段路径，如 submitter.phone、query.limit")
    message: str = Field(description="中文说明，以中文字段名开头")
    type: str = Field(description="错误类型，供程序判断，如 missing、string_too_long")


class ValidationErrorBody(ErrorBody):
    """A 422: the request's fields, each with what is wrong with it."""

    fields: list[FieldError] = Field(default_factory=list, description="逐项列出不符合要求的字段")


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
