"""Errors a use case raises for the caller to see; the HTTP layer turns them into 4xx bodies
of the form {"error": <code>, "code": <code>, "message": <text>, ...details}: the stable code
under both keys, for readers of either."""

from __future__ import annotations

from typing import Any


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
