"""Reading a district file: the three-level taxonomy flattened into routable leaves, and the
checks that name the line of a bad entry.

A district file may list its categories flat (`categories:`, as the demo district does) or as
a taxonomy in the way city 12345 centres classify requests: domain (领域) -> category (类别)
-> item (事项). Only items are routed; a category may give the lead department its items
inherit. Either way the services see one flat list of leaves, each knowing its domain and
category, so nothing downstream depends on how the file was written.

A file with an unknown department, a leaf without a lead, a cycle of parent departments or
a duplicate code is refused as a whole with the line and the reason: nothing of it is applied.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

Loc = tuple[str | int, ...]


class DistrictFileError(ValueError):
    """A district file refused at load: where and why."""

    def __init__(self, path: str | Path, line: int | None, reason: str) -> None:
        self.path = str(path)
        self.line = line
        self.reason = reason
        super().__init__(f"{path}:{line if line is not None else '?'}: {reason}")


@dataclass(frozen=True)
class Problem:
    loc: Loc
    reason: str


@dataclass(frozen=True)
class Flattened:
    """The document with its taxonomy leaves appended to `categories`, and for every
    category in the result where in the file it was written."""

    document: dict[str, Any]
    origins: list[Loc]


def flatten(document: Mapping[str, Any]) -> Flattened:
    """Taxonomy items become categories carrying their domain and category; explicit flat
    categories keep their place in front."""
    flat = dict(document)
    categories = list(_list(document.get("categories")))
    origins: list[Loc] = [("categories", i) for i in range(len(categories))]
    for d, domain in enumerate(_list(document.get("taxonomy"))):
        for g, group in enumerate(_list(_get(domain, "categories"))):
            for i, item in enumerate(_list(_get(group, "items"))):
                if not isinstance(item, dict):
                    continue
                leaf = dict(item)
                leaf.pop("lead", None)
                lead = item.get("lead", _get(group, "lead"))
                leaf["lead"] = lead
                if "co_handlers" not in item and _get(group, "co_handlers") is not None:
                    leaf["co_handlers"] = _get(group, "co_handlers")
                leaf |= {
                    "domain": _get(domain, "code"),
                    "domain_name": _get(domain, "name"),
                    "group": _get(group, "code"),
                    "group_name": _get(group, "name"),
                }
                categories.append(leaf)
                origins.append(("taxonomy", d, "categories", g, "items", i))
    flat["categories"] = categories
    flat.pop("taxonomy", None)
    return Flattened(flat, origins)


def problems(document: Mapping[str, Any]) -> list[Problem]:
    """What makes a file unusable beyond its field types, in file order."""
    departments = [d for d in _list(document.get("departments"))]
    found = _duplicates(
        [(("departments", i, "code"), _get(d, "code")) for i, d in enumerate(departments)],
        "department",
    )
    known = {_get(d, "code") for d in departments}
    for i, department in enumerate(departments):
        parent = _get(department, "parent")
        if parent is not None and parent not in known:
            found.append(Problem(("departments", i, "parent"), f"unknown department {parent}"))
    found += _cycles(departments)
    found += _duplicates(list(_taxonomy_codes(document)), "classification code")
    found += _leaf_problems(document, known)
    staff = _list(document.get("staff"))
    found += _duplicates(
        [(("staff", i, "username"), _get(s, "username")) for i, s in enumerate(staff)],
        "username",
    )
    for i, account in enumerate(staff):
        department = _get(account, "department")
        if department is not None and department not in known:
            found.append(Problem(("staff", i, "department"), f"unknown department {department}"))
    if document.get("demo_handlers") is not None:
        found += demo_handler_problems(document)
    return found


DEMO_HANDLER_SUFFIX = "-handler"
DEMO_REVIEWER_SUFFIX = "-reviewer"
USERNAME_LENGTH = 64


def demo_handler_username(department: str) -> str:
    """The demo handler account `demo_handlers:` makes for a department."""
    return f"{department}{DEMO_HANDLER_SUFFIX}"


def demo_reviewer_username(department: str) -> str:
    """The demo knowledge-base reviewer `demo_handlers: reviewers:` makes for a department."""
    return f"{department}{DEMO_REVIEWER_SUFFIX}"


def demo_handler_problems(document: Mapping[str, Any]) -> list[Problem]:
    """A demo handler's or reviewer's username that is too long, or that the file's staff
    list already has."""
    listed = {_get(s, "username"): j for j, s in enumerate(_list(document.get("staff")))}
    makers = [demo_handler_username]
    if _get(document.get("demo_handlers"), "reviewers") is not None:
        makers.append(demo_reviewer_username)
    found = []
    for i, department in enumerate(_list(document.get("departments"))):
        for make in makers:
            username = make(str(_get(department, "code")))
            if len(username) > USERNAME_LENGTH:
                reason = f"demo_handlers: username {username} is longer than {USERNAME_LENGTH}"
                found.append(Problem(("departments", i, "code"), reason))
            elif username in listed:
                reason = f"username {username} is listed and made by demo_handlers"
                found.append(Problem(("staff", listed[username], "username"), reason))
    return found


def _leaf_problems(document: Mapping[str, Any], known: set[Any]) -> list[Problem]:
    found = []
    for i, category in enumerate(_list(document.get("categories"))):
        found += _references(("categories", i), category, known)
    for d, domain in enumerate(_list(document.get("taxonomy"))):
        for g, group in enumerate(_list(_get(domain, "categories"))):
            at: Loc = ("taxonomy", d, "categories", g)
            found += _references(at, group, known)
            items = _list(_get(group, "items"))
            if not items:
                found.append(Problem(at, f"category {_get(group, 'code')} has no items"))
            for i, item in enumerate(items):
                found += _references((*at, "items", i), item, known)
                if _get(item, "lead") is None and _get(group, "lead") is None:
                    code = _get(item, "code")
                    found.append(Problem((*at, "items", i), f"leaf {code} has no lead department"))
    return found


def _references(at: Loc, entry: Any, known: set[Any]) -> list[Problem]:
    found = []
    lead = _get(entry, "lead")
    if lead is not None and lead not in known:
        found.append(Problem((*at, "lead"), f"lead is unknown department {lead}"))
    for j, code in enumerate(_list(_get(entry, "co_handlers"))):
        if code not in known:
            found.append(
                Problem((*at, "co_handlers", j), f"co-handler is unknown department {code}")
            )
    return found


def _taxonomy_codes(document: Mapping[str, Any]) -> list[tuple[Loc, Any]]:
    """Domains, categories, items and flat categories share one namespace of codes."""
    out: list[tuple[Loc, Any]] = [
        (("categories", i, "code"), _get(c, "code"))
        for i, c in enumerate(_list(document.get("categories")))
    ]
    for d, domain in enumerate(_list(document.get("taxonomy"))):
        out.append((("taxonomy", d, "code"), _get(domain, "code")))
        for g, group in enumerate(_list(_get(domain, "categories"))):
            out.append((("taxonomy", d, "categories", g, "code"), _get(group, "code")))
            for i, item in enumerate(_list(_get(group, "items"))):
                out.append(
                    (("taxonomy", d, "categories", g, "items", i, "code"), _get(item, "code"))
                )
    return out


def _duplicates(entries: Sequence[tuple[Loc, Any]], what: str) -> list[Problem]:
    seen: set[Any] = set()
    found = []
    for loc, code in entries:
        if code is None:
            continue
        if code in seen:
            found.append(Problem(loc, f"duplicate {what} {code}"))
        seen.add(code)
    return found


def _cycles(departments: Sequence[Any]) -> list[Problem]:
    """A department that is, through its parents, its own parent."""
    parent = {_get(d, "code"): _get(d, "parent") for d in departments}
    found = []
    for i, department in enumerate(departments):
        start = _get(department, "code")
        chain = [start]
        current = parent.get(start)
        while current is not None and current in parent and current not in chain:
            chain.append(current)
            current = parent.get(current)
        if current == start:
            path = " -> ".join(str(c) for c in [*chain, start])
            found.append(Problem(("departments", i, "parent"), f"parent cycle {path}"))
    return found


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _get(entry: Any, key: str) -> Any:
    return entry.get(key) if isinstance(entry, dict) else None


def line_of(node: yaml.Node | None, loc: Loc) -> int | None:
    """The 1-based line of the deepest node of `loc` the file has."""
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            node = node.value[part] if part < len(node.value) else None
        else:
            node = None
        if node is None:
            break
        line = node.start_mark.line + 1
    return line


def refused(path: str | Path, raw: str | bytes, problem: Problem) -> DistrictFileError:
    return DistrictFileError(
        path, line_of(yaml.compose(raw, Loader=yaml.SafeLoader), problem.loc), problem.reason
    )


def from_validation(error: ValidationError, origins: Sequence[Loc]) -> Problem:
    """The first type error of the flattened document, located in the file as written."""
    first = error.errors()[0]
    loc: Loc = tuple(first["loc"])
    index = loc[1] if len(loc) >= 2 and loc[0] == "categories" else None
    if isinstance(index, int) and index < len(origins):
        loc = (*origins[index], *loc[2:])
    return Problem(loc, f"{'.'.join(str(p) for p in loc)}: {first['msg']}")
