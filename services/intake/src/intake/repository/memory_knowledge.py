"""MemoryKnowledge: the knowledge base's articles, versions and flags in memory, for the
application tests, as knowledge/repository.py keeps them in PostgreSQL."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from intake.repository.memory_cases import Tables
from intake.repository.store import ArticleFilters


class MemoryKnowledge:
    def __init__(self, tables: Tables) -> None:
        self.tables = tables

    async def insert_article(self, values: dict[str, Any]) -> bool:
        if values["article_id"] in self.tables.knowledge_articles:
            return False  # ON CONFLICT DO NOTHING
        row = {"published_version": None, "reviewed_at": None, "reviewed_by": None}
        row |= {"gap_id": None} | values | {"revision": self._next_revision()}
        self.tables.knowledge_articles[values["article_id"]] = row
        return True

    def _next_revision(self) -> int:
        revisions = [a["revision"] for a in self.tables.knowledge_articles.values()]
        return max(revisions, default=0) + 1

    async def update_article(self, article_id: str, values: dict[str, Any]) -> None:
        if article_id in self.tables.knowledge_articles:
            revision = self._next_revision()
            self.tables.knowledge_articles[article_id].update(values | {"revision": revision})

    async def find_article(self, article_id: str, *, lock: bool = False) -> dict[str, Any] | None:
        row = self.tables.knowledge_articles.get(article_id)
        return dict(row) if row is not None else None

    async def insert_version(self, values: dict[str, Any]) -> None:
        key = (values["article_id"], values["version"])
        if key in self.tables.knowledge_versions:
            raise KeyError(f"duplicate version {key}")
        empty = dict.fromkeys(("submitted_at", "reviewer", "published_at", "review_note"))
        self.tables.knowledge_versions[key] = empty | values

    async def update_version(self, article_id: str, version: int, values: dict[str, Any]) -> None:
        if (article_id, version) in self.tables.knowledge_versions:
            self.tables.knowledge_versions[(article_id, version)].update(values)

    async def find_version(self, article_id: str, version: int) -> dict[str, Any] | None:
        row = self.tables.knowledge_versions.get((article_id, version))
        return dict(row) if row is not None else None

    async def versions_of(self, article_id: str) -> list[dict[str, Any]]:
        found = [dict(v) for (a, _), v in self.tables.knowledge_versions.items() if a == article_id]
        return sorted(found, key=lambda v: v["version"])

    def _open_flags(self, article_id: str) -> int:
        return sum(
            1
            for f in self.tables.knowledge_flags
            if f["article_id"] == article_id and f["resolved_at"] is None
        )

    def _joined(self, today: date) -> list[dict[str, Any]]:
        rows = []
        for article in self.tables.knowledge_articles.values():
            latest = self.tables.knowledge_versions[
                (article["article_id"], article["latest_version"])
            ]
            expired = latest["status"] == "published" and (
                latest["valid_until"] is not None and latest["valid_until"] < today
            )
            rows.append(
                dict(article)
                | {
                    "latest_status": latest["status"],
                    "status": "expired" if expired else latest["status"],
                    "question": latest["question"],
                    "phrasings": latest["phrasings"],
                    "categories": latest["categories"],
                    "valid_from": latest["valid_from"],
                    "valid_until": latest["valid_until"],
                    "open_flags": self._open_flags(article["article_id"]),
                }
            )
        return rows

    @staticmethod
    def _overdue(row: dict[str, Any], reviewed_before: datetime) -> bool:
        reviewed = row["reviewed_at"]
        return (
            row["published_version"] is not None
            and reviewed is not None
            and reviewed < reviewed_before
        )

    def _matches(self, row: dict[str, Any], filters: ArticleFilters) -> bool:
        q = (filters.q or "").lower()
        text = " ".join([row["question"], *row["phrasings"], row["article_id"]]).lower()
        overdue = self._overdue(row, filters.reviewed_before)
        return (
            (filters.department is None or row["department"] == filters.department)
            and (filters.category is None or filters.category in row["categories"])
            and (filters.status is None or row["status"] == filters.status)
            and (not q or q in text)
            and (filters.review_overdue is None or overdue == filters.review_overdue)
            and (filters.flagged is None or (row["open_flags"] > 0) == filters.flagged)
        )

    async def list_articles(self, filters: ArticleFilters) -> tuple[list[dict[str, Any]], int]:
        found = [r for r in self._joined(filters.today) if self._matches(r, filters)]
        # ORDER BY updated_at DESC, article_id
        found.sort(key=lambda r: r["article_id"])
        found.sort(key=lambda r: r["updated_at"], reverse=True)
        for row in found:
            del row["phrasings"]
        return found[filters.offset : filters.offset + filters.limit], len(found)

    async def published_versions(
        self, keys: Sequence[tuple[str, int]]
    ) -> dict[tuple[str, int], dict[str, Any]]:
        out = {}
        for key in keys:
            if key in self.tables.knowledge_versions:
                department = self.tables.knowledge_articles[key[0]]["department"]
                out[key] = dict(self.tables.knowledge_versions[key]) | {"department": department}
        return out

    async def searchable(self, today: date) -> list[dict[str, Any]]:
        found = []
        for (article_id, _), v in sorted(self.tables.knowledge_versions.items()):
            current = v["valid_from"] <= today and (
                v["valid_until"] is None or today <= v["valid_until"]
            )
            if v["status"] == "published" and current:
                department = self.tables.knowledge_articles[article_id]["department"]
                found.append(dict(v) | {"department": department})
        return found

    async def revision(self) -> tuple[Any, ...]:
        revisions = [a["revision"] for a in self.tables.knowledge_articles.values()]
        return (max(revisions, default=None), len(revisions))

    async def add_flag(self, values: dict[str, Any]) -> bool:
        key = (values["article_id"], values["version"], values["case_id"])
        if any(
            (f["article_id"], f["version"], f["case_id"]) == key
            for f in self.tables.knowledge_flags
        ):
            return False
        flag_id = len(self.tables.knowledge_flags) + 1
        row = {"flag_id": flag_id, "resolved_at": None, "resolved_by": None} | values
        self.tables.knowledge_flags.append(row)
        return True

    async def flags_of(self, article_id: str) -> list[dict[str, Any]]:
        return [dict(f) for f in self.tables.knowledge_flags if f["article_id"] == article_id]

    async def resolve_flags(self, article_id: str, *, at: datetime, by: str) -> int:
        count = 0
        for flag in self.tables.knowledge_flags:
            if flag["article_id"] == article_id and flag["resolved_at"] is None:
                flag.update(resolved_at=at, resolved_by=by)
                count += 1
        return count

    async def review_status(
        self, *, today: date, reviewed_before: datetime
    ) -> list[dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for row in self._joined(today):
            counts = out.setdefault(
                row["department"],
                {
                    "department": row["department"],
                    "published": 0,
                    "drafts": 0,
                    "pending_review": 0,
                    "review_overdue": 0,
                    "open_flags": 0,
                },
            )
            counts["published"] += row["published_version"] is not None
            counts["drafts"] += row["latest_status"] == "draft"
            counts["pending_review"] += row["latest_status"] == "pending_review"
            counts["review_overdue"] += self._overdue(row, reviewed_before)
            counts["open_flags"] += row["open_flags"]
        return [out[d] for d in sorted(out)]
