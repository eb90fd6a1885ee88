"""The HTTP edge every service shares: health, readiness, metrics, error bodies, limits,
correlation ids, request metrics, the check of path and query parameters, and the last
resort that turns an exception no handler took into a JSON answer (503 for an outage)."""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from common import logs, metrics
from common.api_docs import install_api_docs
from common.errors import ApiError, TooManyRequests, error_body
from common.field_messages import field_message, summary
from common.outages import is_infrastructure_error
from common.text import unstorable

log = logging.getLogger(__name__)

CORRELATION_HEADER = "X-Correlation-ID"
#: What a 503 asks the client to wait, in seconds, before it tries again.
RETRY_AFTER_SECONDS = 5


def field_errors(error: RequestValidationError | ValidationError) -> list[dict[str, Any]]:
    """Each invalid field: its path, a zh-CN sentence naming it, and the error type."""
    out = []
    for item in error.errors():
        location = [str(part) for part in item.get("loc", ()) if part not in ("body",)]
        out.append(
            {
                "field": ".".join(location),
                "message": field_message(item),
                "type": item.get("type"),
            }
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
        fields = field_errors(error)
        message = summary([field["message"] for field in fields])
        return JSONResponse(
            error_body("validation_failed", message, fields=fields), status_code=422
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, error: StarletteHTTPException) -> JSONResponse:
        code, message = _ROUTING_ERRORS.get(error.status_code, ("http_error", str(error.detail)))
        return JSONResponse(error_body(code, message), status_code=error.status_code)


#: What the router itself answers: no route for the path, or not for the method.
_ROUTING_ERRORS = {
    404: ("not_found", "没有这个地址"),
    405: ("method_not_allowed", "该地址不支持此请求方法"),
}


def parameter_guard(
    unchecked_prefixes: Sequence[str] = (),
) -> Callable[[Request], Awaitable[None]]:
    """An app-wide dependency: every path and query parameter must be text PostgreSQL can
    store, or the request is a 422 naming the parameter (as FastAPI names it: query.x,
    path.x). Routes under `unchecked_prefixes` read their parameters themselves and answer
    in their own format (Open311's error documents)."""

    async def check_parameters(request: Request) -> None:
        if request.url.path.startswith(tuple(unchecked_prefixes)):
            return
        given = [
            *(("path", name, value) for name, value in request.path_params.items()),
            *(("query", name, value) for name, value in request.query_params.multi_items()),
        ]
        problems = [
            {"type": "string_unstorable", "loc": (where, name), "msg": problem}
            for where, name, value in given
            if isinstance(value, str) and (problem := unstorable(name + value)) is not None
        ]
        if problems:
            raise RequestValidationError(problems)

    return check_parameters


def unavailable_response(**details: Any) -> JSONResponse:
    """503: a dependency cannot be reached; try again after Retry-After."""
    return JSONResponse(
        error_body(
            "service_unavailable",
            "服务暂时不可用：数据库或消息队列暂时无法连接，请稍后重试",
            retry_after_seconds=RETRY_AFTER_SECONDS,
            **details,
        ),
        status_code=503,
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


def failure_response(error: BaseException) -> JSONResponse:
    """503 when a dependency is unreachable; otherwise a 500 that names the correlation id,
    the key to the logged traceback."""
    if is_infrastructure_error(error):
        log.warning("dependency unreachable", extra={"error": repr(error)})
        return unavailable_response()
    correlation = logs.correlation_id.get()
    log.error("unhandled error", exc_info=error)
    return JSONResponse(
        error_body(
            "internal_error",
            f"服务内部错误，请稍后重试；如果一直出错，请向管理员提供关联编号 {correlation}",
            correlation_id=correlation,
        ),
        status_code=500,
    )


class Failsafe:
    """Pure ASGI, inside Observe: an exception no handler took becomes a JSON answer here,
    with the correlation header and in the request metrics. Starlette's own last resort
    answers outside every middleware and then re-raises, so the server drops the
    keep-alive connection."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = finished = False

        async def tracked(message: Any) -> None:
            nonlocal started, finished
            if message["type"] == "http.response.start":
                started = True
            elif message["type"] == "http.response.body" and not message.get("more_body"):
                finished = True
            await send(message)

        try:
            await self.app(scope, receive, tracked)
        except Exception as error:
            if finished:  # the answer is out: keep the connection, keep the traceback
                log.error("error after the response was sent", exc_info=error)
                return
            if started:  # half an answer cannot be mended; the server closes the connection
                raise
            await failure_response(error)(scope, receive, send)


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
        refused = started = False

        async def limited() -> Any:
            nonlocal received, refused
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > max_bytes:
                    refused = True
                    raise _TooLarge
            return message

        async def unless_refused(message: Any) -> None:
            # whatever the app makes of the refusal (FastAPI: a 400) gives way to the 413
            nonlocal started
            if refused and not started:
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited, unless_refused)
        except Exception:
            if not refused or started:
                raise
        if refused and not started:
            await self._refuse(send, max_bytes)

    async def _refuse(self, send: Send, max_bytes: int) -> None:
        response = JSONResponse(
            error_body(
                "payload_too_large",
                f"请求体超过了 {max_bytes} 字节的上限",
                max_bytes=max_bytes,
            ),
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
    # the first added is the innermost: Observe sees every answer, Failsafe every error
    # but the body limit's own
    app.add_middleware(
        BodySizeLimit, max_bytes=max_body_bytes, route_limits=route_body_limits or {}
    )
    app.add_middleware(Failsafe)
    app.add_middleware(Observe, service=service)


def edge_app(
    *,
    service: str,
    title: str,
    max_body_bytes: int,
    route_body_limits: Mapping[str, int] | None = None,
    own_parameter_checks: Sequence[str] = (),
    lifespan: Callable[[FastAPI], AbstractAsyncContextManager[None]] | None = None,
) -> FastAPI:
    """An app with the whole shared edge: the parameter check on every route, the error
    bodies, the last-resort answers, correlation ids, request metrics and the body limit."""
    app = FastAPI(
        title=title,
        lifespan=lifespan,
        dependencies=[Depends(parameter_guard(own_parameter_checks))],
        docs_url=None,  # served without a CDN by install_api_docs
        redoc_url=None,
    )
    install_api_docs(app)
    install_error_handlers(app)
    install_middleware(app, service, max_body_bytes, route_body_limits)
    return app


def metrics_response() -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
