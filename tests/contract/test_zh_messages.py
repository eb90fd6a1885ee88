"""Every error a service raises for people to read carries a zh-CN message beside its stable
English code: each literal message given to an API error, or to a domain refusal that
becomes one, contains Chinese."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ["intake", "dispatch", "deadline", "callback", "supervision"]

#: Callable name -> position of the message a person reads.
MESSAGE_ARGUMENT = {
    "ApiError": 1,
    "NotFound": 1,
    "Conflict": 1,
    "Forbidden": 1,
    "Unprocessable": 1,
    "TooManyRequests": 1,
    "LinkUnusable": 1,
    "UnsupportedMediaType": 1,
    "Gone": 1,
    "TooManyAttempts": 1,
    "RuleRefused": 1,
    "OrganisationRuleBroken": 1,
    "InvalidPolicy": 0,
    "InvalidSchedule": 0,
    "_require_text": 2,
}
#: The login route, whose answers the console branch words (removed at merge).
CONSOLE_COVERS: set[tuple[str, str, str]] = set()
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def _literal_text(node: ast.expr) -> str | None:
    """The fixed text of a literal or f-string message; None for anything computed."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            part.value
            for part in node.values
            if isinstance(part, ast.Constant) and isinstance(part.value, str)
        )
    return None


def messages(service: str) -> Iterator[tuple[str, int, str]]:
    for path in sorted((ROOT / "services" / service / "src").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if (service, path.name, function.name) in CONSOLE_COVERS:
                continue
            for call in ast.walk(function):
                if not isinstance(call, ast.Call):
                    continue
                position = MESSAGE_ARGUMENT.get(_name(call))
                if position is None or len(call.args) <= position:
                    continue
                text = _literal_text(call.args[position])
                if text is not None:
                    yield path.name, call.lineno, text


@pytest.mark.parametrize("service", SERVICES)
def test_every_error_message_is_in_chinese(service: str) -> None:
    found = list(messages(service))
    assert found, f"{service}: no error messages found; is the list of callables stale?"
    english = sorted(
        {f"{file}:{line}: {text!r}" for file, line, text in found if not CHINESE.search(text)}
    )
    assert not english, f"{service} has messages without Chinese:\n" + "\n".join(english)
