"""The taxonomy in memory (MemoryTaxonomy, part of memory.py's MemoryStore): nodes in file
order, the edit log whose ids are versions, items routed by the organisation's rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from common.district import District
from dispatch.domain.taxonomy import Level, Node
from dispatch.repository.store import FILE_ACTOR

if TYPE_CHECKING:
    from dispatch.repository.memory import MemoryOrganisation


@dataclass
class MemoryTaxonomy:
    #: items' routing is the organisation's routing rules, as the SQL joins them
    organisation: MemoryOrganisation
    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    edit_log: list[dict[str, Any]] = field(default_factory=list)

    async def lock(self) -> None:
        return None

    async def load(self) -> list[Node]:
        ordered = sorted(self.nodes.values(), key=lambda n: (n["position"], n["code"]))
        return [self._node(n) for n in ordered]

    def _node(self, row: dict[str, Any]) -> Node:
        rule = self.organisation.rules.get(row["code"], {})
        return Node(
            code=row["code"],
            level=row["level"],
            name=row["name"],
            parent=row["parent"],
            kinds=tuple(row["kinds"]),
            lead=rule.get("lead"),
            co_handlers=tuple(rule.get("co_handlers") or ()),
            retired=row["retired_at"] is not None,
        )

    async def audit(self) -> dict[str, dict[str, Any]]:
        return {
            code: {"updated_at": n["updated_at"], "updated_by": n["updated_by"]}
            for code, n in self.nodes.items()
        }

    async def save(self, node: Node, *, actor: str, now: datetime) -> None:
        known = self.nodes.get(node.code)
        retired_at = ((known and known["retired_at"]) or now) if node.retired else None
        self.nodes[node.code] = {
            "code": node.code,
            "level": node.level,
            "name": node.name,
            "parent": node.parent,
            "kinds": list(node.kinds),
            "position": known["position"] if known else self._next_position(),
            "retired_at": retired_at,
            "updated_at": now,
            "updated_by": actor,
        }
        if node.level == "item":
            await self.organisation.put_routing_rule(
                category=node.code, lead=node.lead, co_handlers=list(node.co_handlers), now=now
            )

    def _next_position(self) -> int:
        return max((n["position"] for n in self.nodes.values()), default=0) + 1

    async def touch(self, code: str, *, actor: str, now: datetime) -> bool:
        if code not in self.nodes:
            return False
        self.nodes[code].update(updated_at=now, updated_by=actor)
        return True

    async def record(
        self, *, code: str, action: str, detail: dict[str, Any], actor: str, now: datetime
    ) -> int:
        edit_id = len(self.edit_log) + 1
        self.edit_log.append(
            {
                "id": edit_id,
                "code": code,
                "action": action,
                "detail": detail,
                "actor": actor,
                "at": now,
            }
        )
        return edit_id

    async def edits(self, *, code: str | None, limit: int) -> list[dict[str, Any]]:
        found = [e for e in reversed(self.edit_log) if code is None or e["code"] == code]
        return found[:limit]

    async def seed(self, district: District, *, now: datetime) -> list[str]:
        wanted: list[tuple[str, Level, str, str | None, list[str]]] = []
        seen: set[str] = set()
        for leaf in district.categories:
            if leaf.domain is not None and leaf.domain not in seen:
                wanted.append((leaf.domain, "domain", leaf.domain_name or leaf.domain, None, []))
                seen.add(leaf.domain)
            if leaf.group is not None and leaf.group not in seen:
                name = leaf.group_name or leaf.group
                wanted.append((leaf.group, "category", name, leaf.domain, []))
                seen.add(leaf.group)
            wanted.append((leaf.code, "item", leaf.name, leaf.group, [k.value for k in leaf.kinds]))
        start = self._next_position()
        added = []
        for position, (code, level, name, parent, kinds) in enumerate(wanted, start=start):
            if code in self.nodes:
                continue
            self.nodes[code] = {
                "code": code,
                "level": level,
                "name": name,
                "parent": parent,
                "kinds": kinds,
                "position": position,
                "retired_at": None,
                "updated_at": now,
                "updated_by": FILE_ACTOR,
            }
            added.append(code)
        for category in district.categories:
            if category.code in added and category.code not in self.organisation.rules:
                await self.organisation.put_routing_rule(
                    category=category.code,
                    lead=category.lead,
                    co_handlers=list(category.co_handlers),
                    now=now,
                )
        return added
