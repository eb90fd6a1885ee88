"""The district file's knowledge articles (`knowledge: articles:`, a folder of YAML files):
read and checked at start-up, and seeded.

A file with a bad article is refused as the rest of the district file is: the file, the line,
the article's code and the reason (DistrictFileError), so intake does not start with half a
knowledge base. Seeding inserts every article whose code is missing as published version 1,
written and reviewed by `system:seed`; an article already there is left alone, so that the
units' later edits win over the file."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from common.district import CODE_PATTERN, District
from common.district_file import DistrictFileError, line_of
from intake.knowledge import rules as kb
from intake.knowledge.articles import content_values
from intake.knowledge.rules import ArticleContent, Basis, VersionStatus
from intake.repository.store import Unit

ARTICLE_CODE = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"


class BasisEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str = ""
    number: str = ""
    url: str | None = None


class ArticleEntry(BaseModel):
    """One article as a district's file writes it."""

    model_config = ConfigDict(extra="forbid")
    code: str = Field(pattern=ARTICLE_CODE)
    owner: str = Field(pattern=CODE_PATTERN)
    categories: list[str] = Field(default_factory=list)
    question: str = ""
    phrasings: list[str] = Field(default_factory=list)
    answer: str = ""
    basis: list[BasisEntry] = Field(default_factory=list)
    valid_from: date | None = None
    valid_until: date | None = None

    def content(self) -> ArticleContent:
        return ArticleContent(
            question=self.question,
            phrasings=tuple(self.phrasings),
            answer=self.answer,
            basis=tuple(Basis(b.title, b.number, b.url) for b in self.basis),
            categories=tuple(self.categories),
            valid_from=self.valid_from,
            valid_until=self.valid_until,
        )


@dataclass(frozen=True)
class SeedArticle:
    code: str
    owner: str
    content: ArticleContent


def articles_folder(district_file: str | Path, district: District) -> Path | None:
    section = district.knowledge
    if section is None or section.articles is None:
        return None
    return Path(district_file).resolve().parent / section.articles


def load_articles(district_file: str | Path, district: District) -> list[SeedArticle]:
    """Every article of the district's articles folder, checked; [] without one."""
    folder = articles_folder(district_file, district)
    if folder is None:
        return []
    if not folder.is_dir():
        raise DistrictFileError(district_file, None, f"knowledge articles folder {folder} missing")
    departments = {d.code for d in district.departments}
    categories = {
        c for item in district.categories for c in (item.code, item.group, item.domain) if c
    }
    found: list[SeedArticle] = []
    seen: set[str] = set()
    for path in sorted(folder.glob("*.yaml")):
        for article in read_file(path, departments, categories):
            if article.code in seen:
                raise DistrictFileError(path, None, f"{article.code}: duplicate article code")
            seen.add(article.code)
            found.append(article)
    return found


def read_file(
    path: Path, departments: Collection[str], categories: Collection[str]
) -> list[SeedArticle]:
    raw = path.read_bytes()
    document = yaml.safe_load(raw)
    entries = document.get("articles") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise DistrictFileError(path, 1, "expected a mapping with a list `articles:`")
    return [
        _article(path, raw, i, entry, departments, categories) for i, entry in enumerate(entries)
    ]


def _article(
    path: Path,
    raw: bytes,
    index: int,
    entry: Any,
    departments: Collection[str],
    categories: Collection[str],
) -> SeedArticle:
    code = entry.get("code") if isinstance(entry, dict) else None

    def refused(loc: Sequence[str | int], reason: str) -> DistrictFileError:
        line = line_of(yaml.compose(raw, Loader=yaml.SafeLoader), ("articles", index, *loc))
        return DistrictFileError(path, line, f"{code or f'article {index + 1}'}: {reason}")

    try:
        article = ArticleEntry.model_validate(entry)
    except ValidationError as error:
        first = error.errors()[0]
        loc = tuple(first["loc"])
        raise refused(loc, f"{'.'.join(map(str, loc))}: {first['msg']}") from error
    content = article.content()
    problems = kb.department_problems(article.owner, departments)
    problems += kb.content_problems(content, known_categories=categories)
    if problems:
        problem = problems[0]
        field = problem.field.split("[")[0].replace("department", "owner")
        raise refused(
            (field,), f"{problem.field.replace('department', 'owner')}: {problem.message}"
        )
    return SeedArticle(article.code, article.owner, content)


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
