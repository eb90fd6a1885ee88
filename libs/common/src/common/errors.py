"""Errors a use case raises for the caller to see; the HTTP layer turns them into 4xx bodies
of the form {"error": <code>, "message": <text>, ...details}."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    status = 400

    def __init__(self, code: str, message: str, **details: Any) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details

    def body(self) -> dict[str, Any]:
        return {"error": self.code, "message": self.message, **self.details}


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
