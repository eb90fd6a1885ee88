"""Dispatch's taxonomy tables: the tree, its edit log, and the district file's seeding."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from common.district import District
from dispatch.domain.taxonomy import Level, Node
from dispatch.models import routing_rules, taxonomy_edits, taxonomy_nodes
from dispatch.repository.store import FILE_ACTOR

#: one writer at a time, so that versions (edit ids) follow commit order
LOCK_KEY = 0x7A78_0001


class TaxonomySql:
    """The taxonomy over one session."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def lock(self) -> None:
        await self.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})

    async def load(self) -> list[Node]:
        """Every node in file order (then order of addition), each item with its routing."""
        rows = await self.session.execute(
            select(taxonomy_nodes, routing_rules.c.lead, routing_rules.c.co_handlers)
            .outerjoin(routing_rules, routing_rules.c.category == taxonomy_nodes.c.code)
            .order_by(taxonomy_nodes.c.position, taxonomy_nodes.c.code)
        )
        return [
            Node(
                code=r.code,
                level=r.level,
                name=r.name,
                parent=r.parent,
                kinds=tuple(r.kinds),
                lead=r.lead,
                co_handlers=tuple(r.co_handlers or ()),
                retired=r.retired_at is not None,
            )
            for r in rows
        ]

    async def audit(self) -> dict[str, dict[str, Any]]:
        rows = await self.session.execute(
            select(taxonomy_nodes.c.code, taxonomy_nodes.c.updated_at, taxonomy_nodes.c.updated_by)
        )
        return {r.code: {"updated_at": r.updated_at, "updated_by": r.updated_by} for r in rows}

    async def save(self, node: Node, *, actor: str, now: datetime) -> None:
        """Insert or update a node and, for an item, its routing rule."""
        position = await self.session.scalar(
            select(func.coalesce(func.max(taxonomy_nodes.c.position), 0))
        )
        values = {
            "level": node.level,
            "name": node.name,
            "parent": node.parent,
            "kinds": list(node.kinds),
            "updated_at": now,
            "updated_by": actor,
        }
        retired_at = func.coalesce(taxonomy_nodes.c.retired_at, now) if node.retired else None
        statement = insert(taxonomy_nodes).values(
            code=node.code,
            position=int(position or 0) + 1,
            retired_at=now if node.retired else None,
            **values,
        )
        await self.session.execute(
            statement.on_conflict_do_update(
                index_elements=["code"], set_={**values, "retired_at": retired_at}
            )
        )
        if node.level == "item":
            rule = {"lead": node.lead, "co_handlers": list(node.co_handlers), "updated_at": now}
            await self.session.execute(
                insert(routing_rules)
                .values(category=node.code, **rule)
                .on_conflict_do_update(index_elements=["category"], set_=rule)
            )

    async def touch(self, code: str, *, actor: str, now: datetime) -> bool:
        """Mark a node changed by `actor`; False when there is no such node."""
        changed = await self.session.scalar(
            taxonomy_nodes.update()
            .where(taxonomy_nodes.c.code == code)
            .values(updated_at=now, updated_by=actor)
            .returning(taxonomy_nodes.c.code)
        )
        return changed is not None

    async def record(
        self,
        *,
        code: str,
        action: str,
        detail: dict[str, Any],
        actor: str,
        now: datetime,
    ) -> int:
        """Log an edit; its id is the taxonomy's new version."""
        edit_id = await self.session.scalar(
            insert(taxonomy_edits)
            .values(code=code, action=action, detail=detail, actor=actor, at=now)
            .returning(taxonomy_edits.c.id)
        )
        return int(edit_id or 0)

    async def edits(self, *, code: str | None, limit: int) -> list[dict[str, Any]]:
        query = select(taxonomy_edits).order_by(taxonomy_edits.c.id.desc()).limit(limit)
        if code is not None:
            query = query.where(taxonomy_edits.c.code == code)
        return [
            {
                "id": r.id,
                "code": r.code,
                "action": r.action,
                "detail": r.detail,
                "actor": r.actor,
                "at": r.at,
            }
            for r in await self.session.execute(query)
        ]

    async def seed(self, district: District, *, now: datetime) -> list[str]:
        """Add what the file has and the database has not: domains, categories and items by
        code. A node already present is never changed by the file (an administrator's edit
        wins, a retired item stays retired). Returns the codes added."""
        wanted: list[tuple[str, Level, str, str | None, list[str]]] = []
        seen: set[str] = set()
        for leaf in district.categories:
            if leaf.domain is not None and leaf.domain not in seen:
                wanted.append((leaf.domain, "domain", leaf.domain_name or leaf.domain, None, []))
                seen.add(leaf.domain)
            if leaf.group is not None and leaf.group not in seen:
                wanted.append(
                    (leaf.group, "category", leaf.group_name or leaf.group, leaf.domain, [])
                )
                seen.add(leaf.group)
            kinds = [k.value for k in leaf.kinds]
            wanted.append((leaf.code, "item", leaf.name, leaf.group, kinds))
        present = set((await self.session.scalars(select(taxonomy_nodes.c.code))).all())
        start = await self.session.scalar(
            select(func.coalesce(func.max(taxonomy_nodes.c.position), 0))
        )
        added = []
        for position, (code, level, name, parent, kinds) in enumerate(
            wanted, start=int(start or 0) + 1
        ):
            if code in present:
                continue
            await self.session.execute(
                insert(taxonomy_nodes).values(
                    code=code,
                    level=level,
                    name=name,
                    parent=parent,
                    kinds=kinds,
                    position=position,
                    updated_at=now,
                    updated_by=FILE_ACTOR,
                )
            )
            added.append(code)
        routes = [
            {"category": c.code, "lead": c.lead, "co_handlers": c.co_handlers, "updated_at": now}
            for c in district.categories
            if c.code in added
        ]
        if routes:
            await self.session.execute(
                insert(routing_rules)
                .values(routes)
                .on_conflict_do_nothing(index_elements=["category"])
            )
        return added
