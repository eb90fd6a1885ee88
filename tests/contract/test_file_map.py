"""The shape rules of the source tree, held by code: docs/services.md's file map is what
the modules' docstrings say, every module says what it holds, and none grows past
MAX_LINES lines without saying why at its top."""

from __future__ import annotations

from pathlib import Path

from common import file_map

SERVICES_MD = file_map.ROOT / "docs" / "services.md"


def test_the_file_map_in_services_md_is_current() -> None:
    current = SERVICES_MD.read_text(encoding="utf-8")
    assert current == file_map.render(current), (
        "docs/services.md's file map is stale: python -m common.file_map --write docs/services.md"
    )


def test_the_check_command_refuses_a_stale_map(tmp_path: Path) -> None:
    stale = tmp_path / "services.md"
    stale.write_text(SERVICES_MD.read_text(encoding="utf-8").replace("| `main.py` |", "| x |"))
    assert file_map.main(["--check", str(stale)]) == 1
    assert file_map.main(["--check", str(SERVICES_MD)]) == 0


def all_modules() -> list[file_map.Module]:
    return [m for package in file_map.packages().values() for m in file_map.modules(package)]


def test_every_module_says_what_it_holds() -> None:
    silent = [str(m.path) for m in all_modules() if not m.summary]
    assert not silent, f"modules without a docstring: {silent}"


def test_no_module_is_long_without_saying_why() -> None:
    long = [
        f"{m.path} ({m.lines} lines)"
        for m in all_modules()
        if m.lines > file_map.MAX_LINES and not m.says_why_long
    ]
    assert not long, (
        f"over {file_map.MAX_LINES} lines with no 'Long because' or 'Longer than' paragraph at the top: {long}"
    )


def test_the_size_rule_sees_a_reason_only_where_one_is_written() -> None:
    plain = file_map.Module(Path("x.py"), 500, "Holds x.\n\nMore on x.")
    reasoned = file_map.Module(Path("y.py"), 500, "Holds y.\n\nLong because it is one table.")
    assert not plain.says_why_long
    assert reasoned.says_why_long
    assert plain.summary == "Holds x."
