"""Shared test helpers live in tests/support: a test module that imports from another test
module or from a conftest runs that module's code (and its fixtures' side effects) twice, under
two names, and breaks when the other is moved or renamed. So every module under tests/ may
import from the tests package only what tests/support holds."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
SUPPORT = "tests.support"


def _imported(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        dots = "." * node.level
        if node.module is None:  # from . import x
            return [f"{dots}{alias.name}" for alias in node.names]
        return [f"{dots}{node.module}"]
    return []


def _foreign(name: str) -> bool:
    parts = name.split(".")
    in_tests = parts[0] == "tests" and name != SUPPORT and not name.startswith(f"{SUPPORT}.")
    return name.startswith(".") or in_tests or "conftest" in parts or parts[0].startswith("test_")


def foreign_imports(source: str) -> list[str]:
    """The modules `source` imports from tests/ outside tests/support: another test module,
    a conftest, or anything imported relatively."""
    names = (name for node in ast.walk(ast.parse(source)) for name in _imported(node))
    return [name for name in names if _foreign(name)]


def test_the_check_catches_a_test_module_or_conftest_import() -> None:
    assert foreign_imports("from tests.browser.conftest import DESKTOP") == [
        "tests.browser.conftest"
    ]
    assert foreign_imports("from tests.browser.test_handler import take") == [
        "tests.browser.test_handler"
    ]
    assert foreign_imports("import conftest\nfrom . import test_x\nimport test_clerk") == [
        "conftest",
        ".test_x",
        "test_clerk",
    ]
    assert foreign_imports("from tests.support.console import Console\nimport tests.support") == []


def test_modules_under_tests_import_shared_helpers_only_from_tests_support() -> None:
    offenders = {
        str(path.relative_to(TESTS.parent)): found
        for path in sorted(TESTS.rglob("*.py"))
        if (found := foreign_imports(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}, "move what they share into tests/support"
