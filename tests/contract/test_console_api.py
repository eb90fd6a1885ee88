"""The console's API client is generated from the services themselves: the committed OpenAPI
documents and labels (web/openapi/) and TypeScript types (web/src/api/) must be exactly what
the code produces now, and every route the console calls must declare its response.
Regenerate with `npm run api` in web/."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "web"
CALL = re.compile(
    r"\b(intake|dispatch|deadline|callback|supervision)\.(GET|POST|PUT|PATCH|DELETE)\(\s*\"([^\"]+)\""
)


@cache
def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("console_openapi", WEB / "scripts" / "openapi.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@cache
def rendered() -> dict[str, str]:
    files: dict[str, str] = generator().rendered()
    return files


def test_the_committed_documents_are_what_the_services_serve() -> None:
    stale = [
        name
        for name, text in rendered().items()
        if not (WEB / "openapi" / name).is_file()
        or (WEB / "openapi" / name).read_text(encoding="utf-8") != text
    ]
    assert not stale, f"web/openapi/{stale} differ from the code: run `npm run api` in web/"


def test_the_committed_types_are_generated_from_the_documents() -> None:
    node = shutil.which("node")
    if node is None or not (WEB / "node_modules" / "openapi-typescript").is_dir():
        pytest.fail("the check needs Node.js and web/node_modules: ./dev test installs them")
    checked = subprocess.run(
        [node, "scripts/api-types.mjs", "--types-only", "--check"],
        cwd=WEB,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert checked.returncode == 0, checked.stderr


def calls() -> list[tuple[str, str, str]]:
    """(service, method, path) of every request the console's code makes."""
    found = set()
    for source in (WEB / "src").rglob("*"):
        if source.suffix in (".ts", ".vue") and not source.name.endswith(".test.ts"):
            found.update(CALL.findall(source.read_text(encoding="utf-8")))
    return sorted(found)


def test_the_console_calls_routes_that_declare_their_response() -> None:
    found = calls()
    assert found, "no API calls found in web/src: has the client changed shape?"
    undeclared = []
    for service, method, path in found:
        document = _document(service)
        operation = document["paths"].get(path, {}).get(method.lower())
        assert operation is not None, f"{service} has no {method} {path}"
        if not any(
            c == "204" or _declares_a_model(document, r)  # 204: no body, by definition
            for c, r in operation["responses"].items()
            if c.startswith("2")
        ):
            undeclared.append(f"{service} {method} {path}")
    assert not undeclared, f"routes the console calls without a response model: {undeclared}"


def _document(service: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(rendered()[f"{service}.json"])
    return document


def _declares_a_model(document: dict[str, Any], response: dict[str, Any]) -> bool:
    schema = response.get("content", {}).get("application/json", {}).get("schema", {})
    schema = schema.get("items", schema) if schema.get("type") == "array" else schema
    ref = schema.get("$ref", "")
    return ref.startswith("#/components/schemas/") and bool(
        document["components"]["schemas"][ref.rsplit("/", 1)[1]].get("properties")
    )


def test_every_console_route_has_a_name_of_its_own() -> None:
    """vue-router keeps only the last route of a name: a portal page named like a staff page
    would send residents' links to the staff login."""
    router = (WEB / "src" / "router.ts").read_text()
    names = re.findall(r'^\s+name: "([^"]+)",$', router, flags=re.MULTILINE)
    assert len(names) > 40, "the route definitions were not found"
    repeated = sorted({name for name in names if names.count(name) > 1})
    assert repeated == [], f"route names defined twice in web/src/router.ts: {repeated}"
