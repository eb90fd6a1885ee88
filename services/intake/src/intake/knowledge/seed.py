"""The district file's knowledge articles (`knowledge: articles:`, a folder of YAML files):
read and checked at start-up, and seeded.

A file with a bad article is refused as the rest of the district file is: the file, the
article's code, the field and the reason (DistrictFileError), so intake does not start with half a
knowledge base. Seeding inserts every article whose code is missing as published version 1,
written and reviewed by `system:seed`; an article already there is left alone, so that the
units' later edits win over the file."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from common.district import District
from common.district_file import DistrictFileError
from intake.knowledge import files
from intake.knowledge import rules as kb
from intake.knowledge.articles import content_values
from intake.knowledge.rules import ArticleContent, Basis, VersionStatus
from intake.repository.store import Unit


@dataclass(frozen=True)
class SeedArticle:
    code: str
    owner: str
    content: ArticleContent


def load_articles(district_file: str | Path, district: District) -> list[SeedArticle]:
    """Every article of the district's articles folder (files.py reads them), checked by the
    rules every article is held to; [] without a folder."""
    folders = files.folders_of(district_file, district)
    folder = folders.articles if folders else None
    if folder is None:
        return []
    try:
        entries = files.read_articles(folder)
    except files.KnowledgeFileError as error:
        raise DistrictFileError(district_file, None, str(error)) from error
    departments = {d.code for d in district.departments}
    categories = {
        c for item in district.categories for c in (item.code, item.group, item.domain) if c
    }
    return [_checked(entry, departments, categories) for entry in entries]


def _checked(
    entry: files.ArticleEntry, departments: Collection[str], categories: Collection[str]
) -> SeedArticle:
    content = ArticleContent(
        question=entry.question,
        phrasings=entry.phrasings,
        answer=entry.answer,
        basis=tuple(Basis(b.title, b.number, b.url) for b in entry.basis),
        categories=entry.categories,
        valid_from=entry.valid_from,
        valid_until=entry.valid_until,
    )
    problems = kb.department_problems(entry.owner, departments)
    problems += kb.content_problems(content, known_categories=categories)
    if problems:
        field = problems[0].field.replace("department", "owner")
        reason = f"article {entry.code}: {field}: {problems[0].message}"
        raise DistrictFileError(entry.source, None, reason)
    return SeedArticle(entry.code, entry.owner, content)


async def seed(uow: Unit, articles: Sequence[SeedArticle], *, at: datetime) -> int:
    """Insert every article whose code is missing, published; how many were inserted."""
    inserted = 0
    for article in articles:
        created = await uow.store.knowledge.insert_article(
            {
                "article_id": article.code,
                "department": article.owner,
                "latest_version": 1,
                "published_version": 1,
                "reviewed_at": at,
                "reviewed_by": kb.SEED_ACTOR,
                "created_at": at,
                "updated_at": at,
            }
        )
        if not created:
            continue
        await uow.store.knowledge.insert_version(
            {
                "article_id": article.code,
                "version": 1,
                "status": VersionStatus.PUBLISHED.value,
                **content_values(article.content),
                "author": kb.SEED_ACTOR,
                "created_at": at,
                "updated_at": at,
                "reviewer": kb.SEED_ACTOR,
                "published_at": at,
            }
        )
        inserted += 1
    return inserted
