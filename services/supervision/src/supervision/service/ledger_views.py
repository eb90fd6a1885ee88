"""Campaign ledgers read back: each with its figures (Gaoyou's 41 collected: 31 / 2 / 8), its
entries, a handler's own entries, and the published ledgers as the public sees them (no one's
name, no staff account)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from common.auth import Principal
from common.clock import local_date, utcnow
from common.errors import NotFound
from common.vocabulary import Role
from supervision.domain.ledgers import Disposition, EntryState, figures, is_overdue
from supervision.repository.store import Unit

#: What the public never sees of an entry: who raised it and which staff entered or changed it
PERSONAL = frozenset({"raised_by", "created_by", "updated_by", "published_by"})


def entry_view(row: Mapping[str, Any], today: date) -> dict[str, Any]:
    """The stored entry, whether it is overdue today and the day it was rectified."""
    rectified_at = row["rectified_at"]
    return {
        **row,
        "overdue": is_overdue(EntryState.of(row), today),
        "rectified_on": local_date(rectified_at) if rectified_at is not None else None,
    }


def ledger_view(
    ledger: Mapping[str, Any],
    entries: Sequence[Mapping[str, Any]],
    dispositions: Sequence[Disposition],
    today: date | None = None,
) -> dict[str, Any]:
    today = today or local_date(utcnow())
    return {
        **ledger,
        "published": ledger["published_at"] is not None,
        "figures": figures([EntryState.of(e) for e in entries], dispositions, today),
    }


def _by_ledger(entries: Sequence[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    grouped: dict[int, list[dict[str, Any]]] = {}
    for entry in entries:
        grouped.setdefault(entry["ledger_id"], []).append(entry)
    return grouped


async def _views(
    uow: Unit, dispositions: Sequence[Disposition], *, published_only: bool
) -> list[dict[str, Any]]:
    ledgers = await uow.store.ledgers.listed(published_only=published_only)
    ids = [ledger["ledger_id"] for ledger in ledgers]
    grouped = _by_ledger(await uow.store.ledgers.entries(ledger_ids=ids))
    return [
        ledger_view(ledger, grouped.get(ledger["ledger_id"], []), dispositions)
        for ledger in ledgers
    ]


async def list_ledgers(uow: Unit, *, dispositions: Sequence[Disposition]) -> list[dict[str, Any]]:
    """Every ledger with its figures, newest first."""
    return await _views(uow, dispositions, published_only=False)


async def ledger_detail(
    uow: Unit, *, ledger_id: int, dispositions: Sequence[Disposition]
) -> dict[str, Any]:
    """The ledger, its figures and its entries."""
    ledger = await uow.store.ledgers.get(ledger_id)
    if ledger is None:
        raise NotFound("ledger_not_found", f"没有编号为 {ledger_id} 的台账")
    entries = await uow.store.ledgers.entries(ledger_ids=[ledger_id])
    today = local_date(utcnow())
    return {
        **ledger_view(ledger, entries, dispositions, today),
        "entries": [entry_view(entry, today) for entry in entries],
    }


async def entries_of(
    uow: Unit,
    *,
    principal: Principal,
    mine: bool = False,
    ledger_id: int | None = None,
    responsible_unit: str | None = None,
) -> list[dict[str, Any]]:
    """Ledger entries: a handler's are always those of its own unit (as `mine` asks for);
    others filter by ledger and responsible unit."""
    if principal.role is Role.HANDLER or mine:
        responsible_unit = principal.department or ""
    entries = await uow.store.ledgers.entries(
        ledger_ids=[ledger_id] if ledger_id is not None else None,
        responsible_unit=responsible_unit,
    )
    today = local_date(utcnow())
    return [entry_view(entry, today) for entry in entries]


def public(view: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in view.items() if key not in PERSONAL}


async def published_ledgers(
    uow: Unit, *, dispositions: Sequence[Disposition]
) -> list[dict[str, Any]]:
    """The published ledgers with their figures, newest first."""
    return [public(view) for view in await _views(uow, dispositions, published_only=True)]


async def published_ledger(
    uow: Unit, *, ledger_id: int, dispositions: Sequence[Disposition]
) -> dict[str, Any]:
    """A published ledger, its figures and its entries, without personal data; an unpublished
    one is not found."""
    ledger = await uow.store.ledgers.get(ledger_id)
    if ledger is None or ledger["published_at"] is None:
        raise NotFound("ledger_not_published", f"台账 {ledger_id} 未在问题清单中公开")
    detail = await ledger_detail(uow, ledger_id=ledger_id, dispositions=dispositions)
    return {**public(detail), "entries": [public(entry) for entry in detail["entries"]]}
