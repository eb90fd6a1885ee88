"""Knowledge articles as intake's in-memory store keeps them, for the application tests of
answers given from them: an article with its versions, the published one named."""

from __future__ import annotations

from datetime import date

from common.memory import MemoryDatabase
from intake.repository.memory import MemoryStore
from tests.support.intake_world import AT


def add_article(
    db: MemoryDatabase[MemoryStore],
    article_id: str = "KB-water-001",
    *,
    department: str = "water",
    versions: int = 1,
    published: int | None = 1,
    valid_until: date | None = None,
) -> None:
    """An article with `versions` versions, `published` the published one (None: none)."""
    db.store.tables.knowledge_articles[article_id] = {
        "article_id": article_id,
        "department": department,
        "latest_version": versions,
        "published_version": published,
        "reviewed_at": AT,
        "reviewed_by": "handler:reviewer",
        "gap_id": None,
        "created_at": AT,
        "updated_at": AT,
    }
    for version in range(1, versions + 1):
        db.store.tables.knowledge_versions[(article_id, version)] = {
            "article_id": article_id,
            "version": version,
            "status": (
                "published"
                if version == published
                else ("superseded" if published and version < published else "draft")
            ),
            "question": f"停水了找哪个部门？（第{version}版）",
            "phrasings": [],
            "answer": "拨打供水服务热线。",
            "basis": [],
            "categories": ["water-outage"],
            "valid_from": date(2024, 1, 1),
            "valid_until": valid_until,
            "author": "handler:li",
            "created_at": AT,
            "updated_at": AT,
            "submitted_at": AT,
            "reviewer": "handler:reviewer",
            "published_at": AT,
            "review_note": None,
        }
