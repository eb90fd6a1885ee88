"""Every HTTP operation documents what it answers, so that a client can be generated from the
services' OpenAPI documents: its success field by field (or the file type it sends), the
errors it can give with the shared error body, and an operationId of its own.

The apps are built without Kafka or PostgreSQL: nothing here connects."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts

from common.auth import current_staff
from common.runtime import get_runtime

SERVICES = ["intake", "dispatch", "deadline", "callback", "supervision"]

#: Open311 GeoReport v2 answers in the spec's own error documents, which
#: tests/unit/test_open311_openapi.py checks.
OPEN311 = "/open311/v2/"
ERROR_BODIES = {"ErrorBody", "ValidationErrorBody", "UnavailableBody"}
SCHEMA_PREFIX = "#/components/schemas/"


def build(service: str) -> FastAPI:
    main = importlib.import_module(f"{service}.main")
    config = importlib.import_module(f"{service}.config")
    settings = config.Settings(
        database_url="postgresql+asyncpg://unused@127.0.0.1:1/unused",
        kafka_bootstrap_servers="127.0.0.1:1",
    )
    app: FastAPI = main.app(settings)
    return app


@pytest.fixture(scope="module", params=SERVICES)
def service(request: pytest.FixtureRequest) -> tuple[str, FastAPI, dict[str, Any]]:
    app = build(request.param)
    return request.param, app, app.openapi()


Operation = tuple[str, str, APIRoute, dict[str, Any]]


def operations(service: str, app: FastAPI, spec: dict[str, Any]) -> Iterator[Operation]:
    for context in iter_route_contexts(app.routes):  # routers' routes as the app serves them
        route, path = context.original_route, context.path_format
        if not isinstance(route, APIRoute) or not route.include_in_schema:
            continue
        for method in sorted(context.methods or ()):
            yield method, path, route, spec["paths"][path][method.lower()]


def calls(dependant: Dependant) -> Iterator[Callable[..., Any]]:
    for dependency in dependant.dependencies:
        if dependency.call is not None:
            yield dependency.call
        yield from calls(dependency)


def needs_staff(route: APIRoute) -> tuple[bool, bool]:
    """(needs a token, admits only some roles): current_staff, or common.auth.require's check."""
    found = list(calls(route.dependant))
    roles = any(getattr(call, "__qualname__", "").startswith("require.") for call in found)
    return roles or current_staff in found, roles


def resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].removeprefix(SCHEMA_PREFIX)]
    return schema


def described(spec: dict[str, Any], schema: dict[str, Any]) -> bool:
    """A model field by field, or a list of them; a bare object or `{}` says nothing."""
    schema = resolve(spec, schema)
    if schema.get("type") == "array":
        return described(spec, schema.get("items", {}))
    return bool(schema.get("properties"))


def success_problems(spec: dict[str, Any], operation: dict[str, Any]) -> list[str]:
    successes = {s: r for s, r in operation["responses"].items() if s.startswith("2")}
    if len(successes) != 1:
        return [f"one success status expected, found {sorted(successes) or 'none'}"]
    status, response = next(iter(successes.items()))
    content = response.get("content", {})
    if status == "204":
        return [] if not content else ["a 204 documents no body"]
    if not content:
        return [f"{status} documents no content"]
    problems = []
    for media, body in content.items():
        if media == "application/json" and not described(spec, body.get("schema", {})):
            problems.append(f"{status} application/json has no response model")
        elif media != "application/json" and "schema" not in body:
            problems.append(f"{status} {media} has no schema")
    return problems


def error_problems(spec: dict[str, Any], route: APIRoute, operation: dict[str, Any]) -> list[str]:
    responses = operation["responses"]
    token, roles = needs_staff(route)
    expected = {
        "401": token,
        "403": roles,
        "422": bool(operation.get("parameters") or operation.get("requestBody")),
        "503": get_runtime in set(calls(route.dependant)),
    }
    problems = [f"{status} not documented" for status, due in expected.items() if due]
    problems = [p for p in problems if p.split()[0] not in responses]
    for status, response in responses.items():
        if status[0] not in "45":
            continue
        schema = response.get("content", {}).get("application/json", {}).get("schema", {})
        name = schema.get("$ref", "").removeprefix(SCHEMA_PREFIX)
        if name not in ERROR_BODIES:
            problems.append(f"{status} does not use the shared error body ({name or schema})")
    if "422" in responses and "ValidationErrorBody" not in str(responses["422"]):
        problems.append("422 does not use the validation body")
    return problems


def test_every_operation_documents_its_success_and_its_errors(
    service: tuple[str, FastAPI, dict[str, Any]],
) -> None:
    name, app, spec = service
    problems = [
        f"{method} {path}: {problem}"
        for method, path, route, operation in operations(name, app, spec)
        for problem in [
            *success_problems(spec, operation),
            *([] if path.startswith(OPEN311) else error_problems(spec, route, operation)),
        ]
    ]
    assert not problems, f"{name}:\n" + "\n".join(problems)


def test_every_operation_id_is_unique(service: tuple[str, FastAPI, dict[str, Any]]) -> None:
    name, _, spec = service
    ids = [op.get("operationId") for ops in spec["paths"].values() for op in ops.values()]
    assert None not in ids, f"{name}: an operation without operationId"
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, f"{name}: operationIds used twice: {duplicates}"
