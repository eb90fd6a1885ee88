"""Intake's copy of the live taxonomy (the category catalogue) and what reads it.

Dispatch is the taxonomy's one authority (docs/adr/0019-live-taxonomy.md); intake keeps
each leaf as the latest TaxonomyChanged carries it. Until the first one arrives it starts
from the district file, under the same rule as dispatch: a leaf already present is never
changed by the file. Each intake process watches the catalogue's revision and, when it
moves, rebuilds what it holds in memory (the classifier, the Open311 service list), so an
administrator's edit is seen without a restart, on every replica."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from common import events
from common.consumer import MessageContext
from common.district import Category, District
from common.runtime import Runtime
from intake.classification.live_model import LiveClassifier
from intake.classification.training import Training
from intake.domain.classification import LabelledExample
from intake.models import categories, taxonomy_state
from intake.state import IntakeState

log = logging.getLogger(__name__)

FILE_ACTOR = "system:district-file"
REFRESH_SECONDS = 1.0


# --- the table ------------------------------------------------------------------------------


async def seed(session: AsyncSession, district: District, *, now: datetime) -> None:
    """Leaves from the district file the catalogue has not got yet; never an update."""
    rows = [
        {
            "code": c.code,
            "name": c.name,
            "description": "",
            "active": True,
            "updated_at": now,
            "updated_by": FILE_ACTOR,
            **_placement(c.domain, c.domain_name, c.group, c.group_name),
            "kinds": [k.value for k in c.kinds],
            "lead": c.lead,
            "co_handlers": list(c.co_handlers),
            "position": position,
        }
        for position, c in enumerate(district.categories, start=1)
    ]
    if not rows:
        return
    added = await session.scalars(
        insert(categories)
        .values(rows)
        .on_conflict_do_nothing(index_elements=["code"])
        .returning(categories.c.code)
    )
    if added.all():
        await _bump(session)


async def apply(session: AsyncSession, event: events.TaxonomyChanged, *, at: datetime) -> bool:
    """Take the taxonomy a newer TaxonomyChanged announces; an older or repeated one changes
    nothing (False)."""
    state = (await session.execute(select(taxonomy_state).with_for_update())).one()
    if event.version <= state.version:
        return False
    positions = {leaf.code: i for i, leaf in enumerate(event.leaves, start=1)}
    for leaf in event.leaves:
        values = {
            "name": leaf.name,
            "active": not leaf.retired,
            "updated_at": at,
            "updated_by": event.actor,
            **_placement(leaf.domain, leaf.domain_name, leaf.group, leaf.group_name),
            "kinds": [k.value for k in leaf.kinds],
            "lead": leaf.lead,
            "co_handlers": list(leaf.co_handlers),
            "position": positions[leaf.code],
        }
        statement = insert(categories).values(code=leaf.code, description="", **values)
        await session.execute(statement.on_conflict_do_update(index_elements=["code"], set_=values))
    await session.execute(update(taxonomy_state).values(version=event.version))
    await _bump(session)
    return True


async def revision(session: AsyncSession) -> int:
    return int(await session.scalar(select(taxonomy_state.c.revision)) or 0)


async def _bump(session: AsyncSession) -> None:
    await session.execute(update(taxonomy_state).values(revision=taxonomy_state.c.revision + 1))


def _placement(
    domain: str | None, domain_name: str | None, group: str | None, group_name: str | None
) -> dict[str, Any]:
    return {
        "domain": domain,
        "domain_name": domain_name,
        "group_code": group,
        "group_name": group_name,
    }


async def on_taxonomy_changed(ctx: MessageContext, event: events.TaxonomyChanged) -> None:
    """A newer taxonomy from supervision becomes the live catalogue; an older one is ignored."""
    if await ctx.store.catalogue.apply_taxonomy(event, at=event.changed_at):
        log.info("taxonomy applied", extra={"version": event.version})


# --- what each process holds ----------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Snapshot:
    """The catalogue as one process last read it."""

    everything: District  # every leaf, retired ones too: names for cases filed under them
    live: District  # the leaves open to new cases
    keywords: Mapping[str, Sequence[str]]


class LiveCatalogue:
    """The district file's catalogue until the database says otherwise; `refresh` reads the
    database's revision and, when it moved, rebuilds the Open311 list and has the classifier
    follow the live items (the model store's current version over them, live_model.py)."""

    def __init__(
        self, district: District, classifier: LiveClassifier, keywords: Mapping[str, Sequence[str]]
    ) -> None:
        self._classifier = classifier
        self._examples = list(classifier.training.examples)
        self._file_keywords = {code: list(words) for code, words in keywords.items()}
        self._file_names = {c.code: c.name for c in district.categories}
        self._revision: int | None = None
        self._built_from = _fingerprint(district.categories, set())
        self._lock = asyncio.Lock()
        self.current = Snapshot(district, district, keywords)

    @property
    def classifier(self) -> LiveClassifier:
        return self._classifier

    async def refresh(self, runtime: Runtime) -> Snapshot:
        async with runtime.db.session() as session:
            seen = await revision(session)
        if seen == self._revision:
            return self.current
        async with self._lock:
            if seen != self._revision:
                async with runtime.db.session() as session:
                    seen = await revision(session)
                    rows = await _rows(session)
                await self._rebuild(rows)
                self._revision = seen
        return self.current

    async def _rebuild(self, rows: Sequence[Any]) -> None:
        leaves = [_category(row) for row in rows]
        retired = {row.code for row in rows if not row.active}
        fingerprint = _fingerprint(leaves, retired)
        if fingerprint == self._built_from:
            return
        base = self.current.everything
        everything = base.model_copy(update={"categories": leaves})
        live = base.model_copy(update={"categories": [c for c in leaves if c.code not in retired]})
        keywords = live_keywords(
            live.categories, self._examples, self._file_keywords, self._file_names
        )
        await self._classifier.recatalogue(live.categories, keywords)
        self.current = Snapshot(everything, live, keywords)
        self._built_from = fingerprint
        log.info(
            "catalogue reloaded", extra={"leaves": len(live.categories), "retired": len(retired)}
        )

    def names(self) -> Mapping[str, str]:
        """Every leaf's name as this process last read it (retired ones too)."""
        return _Names(self)


class _Names(Mapping[str, str]):
    """A live view: a leaf added after start-up is named, not shown by its code."""

    def __init__(self, catalogue: LiveCatalogue) -> None:
        self._catalogue = catalogue

    def _now(self) -> dict[str, str]:
        return {c.code: c.name for c in self._catalogue.current.everything.categories}

    def __getitem__(self, code: str) -> str:
        return self._now()[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._now())

    def __len__(self) -> int:
        return len(self._catalogue.current.everything.categories)


async def live_items(
    session: AsyncSession, district: District, training: Training
) -> tuple[list[Category], dict[str, list[str]]]:
    """The live items and their keywords as the database holds them (for a command that runs
    beside intake, such as retraining); the district file's before intake ever seeded."""
    rows = await _rows(session)
    if not rows:
        return list(district.categories), dict(training.keywords)
    leaves = [_category(row) for row in rows if row.active]
    names = {c.code: c.name for c in district.categories}
    return leaves, live_keywords(leaves, training.examples, training.keywords, names)


def live_keywords(
    leaves: Sequence[Category],
    examples: Sequence[LabelledExample],
    file_keywords: Mapping[str, Sequence[str]],
    file_names: Mapping[str, str],
) -> dict[str, list[str]]:
    """What the classifier was started with for the leaves still live, plus: a renamed
    leaf's new name, and for a leaf added since (nothing written for it) its own and its
    category's name, so that it can be suggested from the first request on."""
    taught = {e.category for e in examples}
    out: dict[str, list[str]] = {}
    for leaf in leaves:
        words = list(file_keywords.get(leaf.code, ()))
        if leaf.code not in file_names and leaf.code not in taught:
            words += [leaf.name] + ([leaf.group_name] if leaf.group_name else [])
        elif leaf.code in file_names and file_names[leaf.code] != leaf.name:
            words.append(leaf.name)
        if words:
            out[leaf.code] = list(dict.fromkeys(words))
    return out


async def _rows(session: AsyncSession) -> list[Any]:
    query = select(categories).order_by(categories.c.position, categories.c.code)
    return list(await session.execute(query))


def _category(row: Any) -> Category:
    return Category(
        code=row.code,
        name=row.name,
        lead=row.lead,
        co_handlers=list(row.co_handlers),
        domain=row.domain,
        domain_name=row.domain_name,
        group=row.group_code,
        group_name=row.group_name,
        kinds=list(row.kinds),
    )


def _fingerprint(leaves: Sequence[Category], retired: set[str]) -> tuple[Any, ...]:
    return tuple(
        (c.code, c.name, c.lead, tuple(c.co_handlers), c.group_name, c.code in retired)
        for c in leaves
    )


async def watch(runtime: Runtime) -> None:
    """Background loop: follow the catalogue's revision."""
    catalogue = runtime.state_as(IntakeState).catalogue
    while True:
        try:
            await catalogue.refresh(runtime)
        except Exception:
            log.exception("reading the catalogue failed")
        await asyncio.sleep(REFRESH_SECONDS)
