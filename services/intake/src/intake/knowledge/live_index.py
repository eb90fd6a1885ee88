"""The search index this process answers from, and how it stays fresh.

The index holds the published versions valid today. It is built at start-up, rebuilt at once
when this process publishes or withdraws an article, and otherwise whenever the articles'
revision (a sequence every change of an article advances) or the day has changed: every replica polls
that cheap revision every few seconds, so an article published through one replica is found
through the others within the poll. Search answers are checked against the store, so a
replica whose index lags never serves a version that is no longer published."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Mapping
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from common.clock import local_date, utcnow
from intake.knowledge import rules as kb
from intake.knowledge import views
from intake.knowledge.rules import KnowledgePolicy
from intake.knowledge.search import SearchDocument, SearchIndex
from intake.repository.store import Unit

log = logging.getLogger(__name__)
Units = Callable[[], AbstractAsyncContextManager[Unit]]


def document(row: Mapping[str, Any]) -> SearchDocument:
    return SearchDocument(
        article_id=row["article_id"],
        version=row["version"],
        question=row["question"],
        phrasings=tuple(row["phrasings"]),
        answer=row["answer"],
        categories=tuple(row["categories"]),
        department=row["department"],
    )


@dataclass
class LiveIndex:
    """The index and what it was built from."""

    policy: KnowledgePolicy
    poll_seconds: float
    index: SearchIndex = field(default_factory=lambda: SearchIndex.build([]))
    built_from: tuple[Any, ...] | None = None
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def refresh(self, units: Units, *, force: bool = False) -> bool:
        """Rebuild when the articles or the day changed since the last build (or always,
        forced); True when it rebuilt."""
        async with self._lock:
            today = local_date(utcnow())
            async with units() as uow:
                revision = (*await uow.store.knowledge.revision(), today)
                if not force and revision == self.built_from:
                    return False
                rows = await uow.store.knowledge.searchable(today)
            # building is CPU work over every article: off the event loop
            self.index = await asyncio.to_thread(SearchIndex.build, [document(r) for r in rows])
            self.built_from = revision
            log.info("knowledge index rebuilt: %d articles", len(self.index))
            return True

    async def follow(self, units: Units) -> None:
        """Background loop: poll the revision, rebuild when it changed."""
        while True:
            try:
                await self.refresh(units)
            except Exception:
                log.exception("refreshing the knowledge index failed")
            await asyncio.sleep(self.poll_seconds)

    async def search(
        self, uow: Unit, query: str, *, limit: int, category: str | None, today: date
    ) -> dict[str, Any]:
        """The best published versions for a resident's words, each with its fields from the
        store, and how long the search took."""
        started = time.perf_counter()
        hits = self.index.search(query, limit=limit, category=category)
        rows = await uow.store.knowledge.published_versions(
            [(h.article_id, h.version) for h in hits]
        )
        found = []
        for hit in hits:
            row = rows.get((hit.article_id, hit.version))
            if row is None or row["status"] != kb.VersionStatus.PUBLISHED.value:
                continue  # published anew or withdrawn since this index was built
            if not kb.is_current(row["valid_from"], row["valid_until"], today):
                continue
            found.append(views.public_hit(row, self.policy) | _staff_fields(row, hit.score))
        took_ms = (time.perf_counter() - started) * 1000
        return {"query": query, "took_ms": round(took_ms, 2), "hits": found}


def _staff_fields(row: Mapping[str, Any], score: float) -> dict[str, Any]:
    return {
        "department": row["department"],
        "categories": list(row["categories"]),
        "score": round(score, 4),
    }
