"""The HTTP edge every service shares: health, readiness, metrics, error bodies, limits,
correlation ids and request metrics."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from common import logs, metrics
from common.errors import ApiError, TooManyRequests

CORRELATION_HEADER = "X-Correlation-ID"


def field_errors(error: RequestValidationError) -> list[dict[str, Any]]:
    out = []
    for item in error.errors():
        location = [str(part) for part in item.get("loc", ()) if part not in ("body",)]
        out.append(
            {"field": ".".join(location), "message": item.get("msg", ""), "type": item.get("type")}
        )
    return out


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_: Request, error: ApiError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if error.status == 401 else {}
        if isinstance(error, TooManyRequests):
            headers["Retry-After"] = str(error.retry_after_seconds)
        return JSONResponse(error.body(), status_code=error.status, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, error: RequestValidationError) -> JSONResponse:
        return JSONResponse(
            {
                "error": "validation_failed",
                "message": "the request has invalid fields",
                "fields": field_errors(error),
            },
            status_code=422,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, error: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(error.status_code, "http_error")
        return JSONResponse(
            {"error": code, "message": str(error.detail)}, status_code=error.status_code
        )


class BodySizeLimit:
    """Refuses bodies over the limit before they are read into memory. `route_limits` maps
    path patterns (regular expressions matched against the whole path) to their own limit,
    for the few routes that take files; every other route keeps `max_bytes`."""

    def __init__(
        self, app: ASGIApp, max_bytes: int, route_limits: Mapping[str, int] | None = None
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.route_limits = [(re.compile(p), n) for p, n in (route_limits or {}).items()]

    def limit_for(self, path: str) -> int:
        for pattern, limit in self.route_limits:
            if pattern.fullmatch(path):
                return limit
        return self.max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        max_bytes = self.limit_for(scope.get("path", ""))
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > max_bytes:
            await self._refuse(send, max_bytes)
            return
        received = 0

        async def limited() -> Any:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > max_bytes:
                    raise _TooLarge
            return message

        try:
            await self.app(scope, limited, send)
        except _TooLarge:
            await self._refuse(send, max_bytes)

    async def _refuse(self, send: Send, max_bytes: int) -> None:
        response = JSONResponse(
            {
                "error": "payload_too_large",
                "message": f"request body exceeds {max_bytes} bytes",
                "max_bytes": max_bytes,
            },
            status_code=413,
        )
        await send({"type": "http.response.start", "status": 413, "headers": response.raw_headers})
        await send({"type": "http.response.body", "body": response.body})


class _TooLarge(Exception):
    pass


class Observe:
    """Pure ASGI: correlation id, request metrics (no BaseHTTPMiddleware task and streams)."""

    def __init__(self, app: ASGIApp, service: str) -> None:
        self.app = app
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        raw = headers.get(CORRELATION_HEADER.lower().encode())
        correlation = raw.decode("latin-1") if raw else str(uuid.uuid4())
        logs.correlation_id.set(correlation)
        started = time.perf_counter()
        status = 500

        async def send_with_header(message: Any) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [
                    *message["headers"],
                    (CORRELATION_HEADER.encode(), correlation.encode()),
                ]
            await send(message)

        try:
            await self.app(scope, receive, send_with_header)
        finally:
            route = scope.get("route")
            template = getattr(route, "path", "unmatched")
            metrics.HTTP_REQUESTS.labels(self.service, scope["method"], template, status).inc()
            metrics.HTTP_SECONDS.labels(self.service, template).observe(
                time.perf_counter() - started
            )


def install_middleware(
    app: FastAPI,
    service: str,
    max_body_bytes: int,
    route_body_limits: Mapping[str, int] | None = None,
) -> None:
    app.add_middleware(Observe, service=service)
    app.add_middleware(
        BodySizeLimit, max_bytes=max_body_bytes, route_limits=route_body_limits or {}
    )


def metrics_response() -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
