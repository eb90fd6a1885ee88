"""The taxonomy administrators edit live: domain (领域) -> category (类别) -> item (事项).

Pure rules, no I/O: what an edit may do given the tree as it stands and the departments
that exist. Only items are routed (a lead department, co-handlers) and only items carry
request kinds; a flat catalogue (the demo district) has items without a parent. An item is
retired, never deleted: cases filed under it keep it for their history and the figures.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

Level = Literal["domain", "category", "item"]
LEVELS: tuple[Level, ...] = ("domain", "category", "item")
#: the level a node's parent must have; a domain has none, an item may have none (flat)
PARENT_LEVEL: dict[Level, Level | None] = {"domain": None, "category": "domain", "item": "category"}
LEVEL_ZH: dict[Level, str] = {"domain": "领域", "category": "类别", "item": "事项"}


class TaxonomyRefused(ValueError):
    """An edit that would break the taxonomy: `status` 404/409/422, a stable `code`, a zh-CN
    message naming the field."""

    def __init__(self, status: int, code: str, message: str, **details: Any) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.details = details


@dataclass(frozen=True)
class Node:
    code: str
    level: Level
    name: str
    parent: str | None = None
    kinds: tuple[str, ...] = ()
    lead: str | None = None
    co_handlers: tuple[str, ...] = ()
    retired: bool = False


@dataclass(frozen=True)
class Changes:
    """What a PATCH asks for; a field left unset is not changed."""

    name: str | None = None
    parent: str | None = None
    move: bool = False  # `parent` was sent (None moves an item out of any category)
    kinds: tuple[str, ...] | None = None
    lead: str | None = None
    route: bool = False  # `lead` or `co_handlers` was sent
    co_handlers: tuple[str, ...] | None = None


def check_new(
    tree: Mapping[str, Node], departments: Collection[str], node: Node, *, routed: bool = True
) -> Node:
    """A node to add. `routed`: an item must name its lead (a flat file's `other` may not,
    but that comes only from the file)."""
    if node.code in tree:
        raise TaxonomyRefused(
            409, "duplicate_code", f"分类代码（code）{node.code} 已存在", field="code"
        )
    _check_parent(tree, node)
    if node.level == "item":
        _check_route(departments, node.lead, node.co_handlers, required=routed)
    elif node.lead is not None or node.co_handlers or node.kinds:
        raise TaxonomyRefused(
            422,
            "not_an_item",
            f"只有事项可设主办单位、协办单位和诉求类型，{LEVEL_ZH[node.level]}不可（lead）",
            field="lead",
        )
    return node


def check_change(
    tree: Mapping[str, Node], departments: Collection[str], code: str, changes: Changes
) -> Node:
    """The node as it will be after the edit."""
    current = existing(tree, code)
    updated = current
    if changes.name is not None:
        updated = replace(updated, name=changes.name)
    if changes.move:
        updated = replace(updated, parent=changes.parent)
        _check_parent(tree, updated)
    if (changes.kinds is not None or changes.route) and current.level != "item":
        raise TaxonomyRefused(
            422,
            "not_an_item",
            f"只有事项可设主办单位、协办单位和诉求类型，{LEVEL_ZH[current.level]}不可（lead）",
            field="lead" if changes.route else "kinds",
        )
    if changes.kinds is not None:
        updated = replace(updated, kinds=changes.kinds)
    if changes.route:
        lead = changes.lead
        co_handlers = changes.co_handlers if changes.co_handlers is not None else ()
        _check_route(departments, lead, co_handlers, required=True)
        updated = replace(updated, lead=lead, co_handlers=co_handlers)
    return updated


def check_retire(tree: Mapping[str, Node], code: str) -> Node:
    node = existing(tree, code)
    if node.level != "item":
        raise TaxonomyRefused(
            422,
            "not_an_item",
            f"只能停用事项，{node.code} 是{LEVEL_ZH[node.level]}（code）",
            field="code",
        )
    return replace(node, retired=True)


def check_restore(tree: Mapping[str, Node], code: str) -> Node:
    node = check_retire(tree, code)
    return replace(node, retired=False)


def existing(tree: Mapping[str, Node], code: str) -> Node:
    if code not in tree:
        raise TaxonomyRefused(404, "taxonomy_node_not_found", f"分类 {code} 不存在", field="code")
    return tree[code]


def _check_parent(tree: Mapping[str, Node], node: Node) -> None:
    """The parent exists, is one level up, and the node is not (through its parents) its own
    ancestor."""
    if node.parent is None:
        if node.level == "category":
            raise TaxonomyRefused(
                422, "parent_required", "类别须属于一个领域（parent）", field="parent"
            )
        return
    ancestor: str | None = node.parent
    seen = {node.code}
    while ancestor is not None:
        if ancestor in seen:
            raise TaxonomyRefused(
                422,
                "taxonomy_cycle",
                f"上级分类（parent）{node.parent} 会使 {node.code} 成为自己的上级",
                field="parent",
            )
        seen.add(ancestor)
        ancestor = tree[ancestor].parent if ancestor in tree else None
    parent = tree.get(node.parent)
    if parent is None:
        raise TaxonomyRefused(
            422, "unknown_parent", f"上级分类（parent）{node.parent} 不存在", field="parent"
        )
    wanted = PARENT_LEVEL[node.level]
    if wanted is None or parent.level != wanted:
        raise TaxonomyRefused(
            422,
            "wrong_parent_level",
            f"{LEVEL_ZH[node.level]}的上级分类（parent）须是"
            f"{LEVEL_ZH[wanted] if wanted else '空'}，{parent.code} 是{LEVEL_ZH[parent.level]}",
            field="parent",
        )


def _check_route(
    departments: Collection[str], lead: str | None, co_handlers: Sequence[str], *, required: bool
) -> None:
    if lead is None:
        if required:
            raise TaxonomyRefused(422, "lead_required", "事项须有主办单位（lead）", field="lead")
        if co_handlers:
            raise TaxonomyRefused(
                422, "lead_required", "指定协办单位时须指定主办单位（lead）", field="lead"
            )
        return
    if lead not in departments:
        raise TaxonomyRefused(
            422, "unknown_department", f"主办单位（lead）{lead} 不存在", field="lead"
        )
    unknown = [code for code in co_handlers if code not in departments]
    if unknown:
        raise TaxonomyRefused(
            422,
            "unknown_department",
            f"协办单位（co_handlers）不存在：{'、'.join(unknown)}",
            field="co_handlers",
            unknown_departments=unknown,
        )
    if lead in co_handlers:
        raise TaxonomyRefused(
            422,
            "lead_is_co_handler",
            f"{lead} 不能既是主办单位（lead）又是协办单位（co_handlers）",
            field="co_handlers",
        )
    if len(set(co_handlers)) != len(co_handlers):
        raise TaxonomyRefused(
            422, "duplicate_co_handler", "协办单位（co_handlers）有重复", field="co_handlers"
        )


def tree_of(nodes: Sequence[Node]) -> dict[str, Any]:
    """Domains with their categories and items, in the given order; items without a
    category (a flat catalogue) apart."""
    children: dict[str | None, list[Node]] = {}
    for node in nodes:
        children.setdefault(node.parent, []).append(node)

    def view(node: Node) -> dict[str, Any]:
        out: dict[str, Any] = {
            "code": node.code,
            "level": node.level,
            "name": node.name,
            "retired": node.retired,
        }
        if node.level == "item":
            out |= {
                "kinds": list(node.kinds),
                "lead": node.lead,
                "co_handlers": list(node.co_handlers),
            }
        else:
            key = "categories" if node.level == "domain" else "items"
            out[key] = [view(child) for child in children.get(node.code, [])]
        return out

    roots = children.get(None, [])
    return {
        "domains": [view(n) for n in roots if n.level == "domain"],
        "ungrouped": [view(n) for n in roots if n.level == "item"],
    }


def leaves(nodes: Sequence[Node]) -> list[dict[str, Any]]:
    """Every item with its category's and domain's code and name: what TaxonomyChanged
    carries to the services that read the taxonomy."""
    by_code = {node.code: node for node in nodes}
    out = []
    for node in nodes:
        if node.level != "item":
            continue
        group = by_code.get(node.parent) if node.parent else None
        domain = by_code.get(group.parent) if group is not None and group.parent else None
        out.append(
            {
                "code": node.code,
                "name": node.name,
                "kinds": list(node.kinds),
                "lead": node.lead,
                "co_handlers": list(node.co_handlers),
                "retired": node.retired,
                "group": group.code if group else None,
                "group_name": group.name if group else None,
                "domain": domain.code if domain else None,
                "domain_name": domain.name if domain else None,
            }
        )
    return out
