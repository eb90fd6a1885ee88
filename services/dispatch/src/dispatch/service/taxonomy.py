"""Use cases of the live taxonomy: seed it from the district file, edit it, and announce every
change (TaxonomyChanged) to the services that read it. Dispatch is its one authority
(docs/adr/0019-live-taxonomy.md)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime
from typing import Any

from common import events
from common.clock import utcnow
from common.district import District
from common.errors import ApiError, Conflict, NotFound, Unprocessable
from common.taxonomy import TaxonomyLeaf
from dispatch.domain.taxonomy import (
    Changes,
    Node,
    TaxonomyRefused,
    check_change,
    check_new,
    check_restore,
    check_retire,
    leaves,
    tree_of,
)
from dispatch.repository.store import FILE_ACTOR, TaxonomyRepository, Unit

#: the key TaxonomyChanged is published under: one partition, versions in order
TAXONOMY_KEY = "taxonomy"
_REFUSALS: dict[int, type[ApiError]] = {404: NotFound, 409: Conflict, 422: Unprocessable}


async def tree(taxonomy: TaxonomyRepository) -> dict[str, Any]:
    """The whole tree, each node with who changed it last and when."""
    nodes = await taxonomy.load()
    audit = await taxonomy.audit()
    view = tree_of(nodes)

    def annotate(entry: dict[str, Any]) -> None:
        entry |= audit.get(entry["code"], {})
        for key in ("categories", "items"):
            for child in entry.get(key, []):
                annotate(child)

    for entry in [*view["domains"], *view["ungrouped"]]:
        annotate(entry)
    return view


async def add(uow: Unit, node: Node, *, actor: str) -> dict[str, Any]:
    return await _edit(
        uow, node.code, "add", lambda tree, known: check_new(tree, known, node), actor=actor
    )


async def change(uow: Unit, code: str, changes: Changes, *, actor: str) -> dict[str, Any]:
    return await _edit(
        uow,
        code,
        "change",
        lambda tree, known: check_change(tree, known, code, changes),
        actor=actor,
    )


async def retire(uow: Unit, code: str, *, actor: str) -> dict[str, Any]:
    return await _edit(uow, code, "retire", lambda tree, _: check_retire(tree, code), actor=actor)


async def restore(uow: Unit, code: str, *, actor: str) -> dict[str, Any]:
    return await _edit(uow, code, "restore", lambda tree, _: check_restore(tree, code), actor=actor)


async def _edit(
    uow: Unit,
    code: str,
    action: str,
    rule: Callable[[dict[str, Node], set[str]], Node],
    *,
    actor: str,
) -> dict[str, Any]:
    await uow.store.taxonomy.lock()
    tree = {node.code: node for node in await uow.store.taxonomy.load()}
    known = set(await uow.store.organisation.department_parents())
    try:
        updated = rule(tree, known)
    except TaxonomyRefused as refused:
        raise _REFUSALS[refused.status](refused.code, str(refused), **refused.details) from refused
    now = utcnow()
    await uow.store.taxonomy.save(updated, actor=actor, now=now)
    before = tree.get(code)
    detail = {"before": _plain(before) if before else None, "after": _plain(updated)}
    version = await uow.store.taxonomy.record(
        code=code, action=action, detail=detail, actor=actor, now=now
    )
    await publish(uow, version=version, actor=actor, now=now)
    return {**_plain(updated), "version": version, "updated_at": now, "updated_by": actor}


async def routing_changed(uow: Unit, code: str, rule: dict[str, Any], *, actor: str) -> None:
    """A route set through /org/routing-rules: when the code is a taxonomy item, logged with
    who and when and announced, as an edit through /taxonomy would be."""
    await uow.store.taxonomy.lock()
    if not await uow.store.taxonomy.touch(code, actor=actor, now=(now := utcnow())):
        return
    detail = {"lead": rule["lead"], "co_handlers": rule["co_handlers"]}
    version = await uow.store.taxonomy.record(
        code=code, action="route", detail=detail, actor=actor, now=now
    )
    await publish(uow, version=version, actor=actor, now=now)


async def publish(uow: Unit, *, version: int, actor: str, now: datetime) -> None:
    """Announce the taxonomy as it now stands, every item included."""
    nodes = await uow.store.taxonomy.load()
    uow.emit(
        events.TaxonomyChanged(
            version=version,
            leaves=[TaxonomyLeaf.model_validate(leaf) for leaf in leaves(nodes)],
            actor=actor,
            changed_at=now,
        ),
        case_id=TAXONOMY_KEY,
    )


async def seed(uow: Unit, district: District) -> list[str]:
    """The district file's nodes the database does not have yet (all of them the first
    time); announced when there are any."""
    await uow.store.taxonomy.lock()
    now = utcnow()
    added = await uow.store.taxonomy.seed(district, now=now)
    if added:
        version = await uow.store.taxonomy.record(
            code=district.district.code,
            action="seed",
            detail={"added": added},
            actor=FILE_ACTOR,
            now=now,
        )
        await publish(uow, version=version, actor=FILE_ACTOR, now=now)
    return added


def _plain(node: Node) -> dict[str, Any]:
    out = asdict(node)
    out["kinds"] = list(node.kinds)
    out["co_handlers"] = list(node.co_handlers)
    return out
