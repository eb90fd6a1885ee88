"""The district's knowledge files: the `knowledge:` section of a district file, the article
files (articles/<domain>.yaml) and the evaluation questions (questions/<domain>.yaml).

Parsing is pure (`parse_*` take what YAML gave); `read_*` read the files. A file with a
problem raises KnowledgeFileError naming the file, the entry and the field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from common.district import District, load_district


class KnowledgeFileError(ValueError):
    """A knowledge file that cannot be used, with where and why."""


@dataclass(frozen=True)
class KnowledgeFolders:
    """The folders a district file's `knowledge:` section names, resolved against the file
    (the section's shape is common.district's KnowledgeSection)."""

    articles: Path | None
    questions: Path | None


@dataclass(frozen=True)
class PolicyBasis:
    title: str
    number: str
    url: str | None


@dataclass(frozen=True)
class ArticleEntry:
    code: str
    owner: str
    categories: tuple[str, ...]
    question: str
    phrasings: tuple[str, ...]
    answer: str
    basis: tuple[PolicyBasis, ...]
    valid_from: dt.date
    valid_until: dt.date | None
    source: str  # the file it came from, for messages


@dataclass(frozen=True)
class EvaluationQuestion:
    text: str
    answers: tuple[str, ...]
    source: str


def folders_of(district_file: str | Path, district: District) -> KnowledgeFolders | None:
    """The district's knowledge folders, beside its file; None when it has no section."""
    section = district.knowledge
    if section is None:
        return None
    base = Path(district_file).resolve().parent
    return KnowledgeFolders(
        articles=base / section.articles if section.articles else None,
        questions=base / section.questions if section.questions else None,
    )


def parse_articles(document: Any, source: str) -> list[ArticleEntry]:
    """The `articles:` list of one article file."""
    return [
        _article(entry, f"{source}: articles[{index}]", source)
        for index, entry in enumerate(_entries(document, "articles", source))
    ]


def parse_questions(document: Any, source: str) -> list[EvaluationQuestion]:
    """The `questions:` list of one evaluation file."""
    out = []
    for index, entry in enumerate(_entries(document, "questions", source)):
        where = f"{source}: questions[{index}]"
        answers = _texts(entry, "answers", where)
        if not answers:
            raise KnowledgeFileError(f"{where}.answers: name at least one article")
        out.append(EvaluationQuestion(_text(entry, "text", where), answers, source))
    return out


def read_section(district_file: str | Path) -> KnowledgeFolders | None:
    """The knowledge folders of the district file at that path (read and checked as intake
    reads it)."""
    return folders_of(district_file, load_district(str(district_file)))


def read_articles(folder: Path) -> list[ArticleEntry]:
    """Every article of the folder's *.yaml files, file by file in name order; codes unique."""
    out: list[ArticleEntry] = []
    for path in _yaml_files(folder):
        out.extend(parse_articles(yaml.safe_load(path.read_text(encoding="utf-8")), str(path)))
    seen: dict[str, str] = {}
    for entry in out:
        if entry.code in seen:
            raise KnowledgeFileError(
                f"{entry.source}: article {entry.code} is also in {seen[entry.code]}"
            )
        seen[entry.code] = entry.source
    return out


def read_questions(folder: Path) -> list[EvaluationQuestion]:
    out: list[EvaluationQuestion] = []
    for path in _yaml_files(folder):
        out.extend(parse_questions(yaml.safe_load(path.read_text(encoding="utf-8")), str(path)))
    return out


def _yaml_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise KnowledgeFileError(f"{folder}: no such folder")
    return sorted(folder.glob("*.yaml"))


def _entries(document: Any, key: str, source: str) -> list[Mapping[str, Any]]:
    entries = document.get(key) if isinstance(document, Mapping) else None
    if not isinstance(entries, list) or not all(isinstance(e, Mapping) for e in entries):
        raise KnowledgeFileError(f"{source}: expected `{key}:` with a list of entries")
    return entries


def _article(entry: Mapping[str, Any], where: str, source: str) -> ArticleEntry:
    code = _text(entry, "code", where)
    where = f"{where} ({code})"
    categories = _texts(entry, "categories", where)
    if not categories:
        raise KnowledgeFileError(f"{where}.categories: name at least one category")
    basis = entry.get("basis")
    if not isinstance(basis, list) or not basis:
        raise KnowledgeFileError(f"{where}.basis: give at least one policy reference")
    valid_from = _date(entry.get("valid_from"), f"{where}.valid_from")
    if valid_from is None:
        raise KnowledgeFileError(f"{where}.valid_from: a date is required")
    valid_until = _date(entry.get("valid_until"), f"{where}.valid_until")
    if valid_until is not None and valid_until < valid_from:
        raise KnowledgeFileError(f"{where}.valid_until: before valid_from")
    return ArticleEntry(
        code=code,
        owner=_text(entry, "owner", where),
        categories=categories,
        question=_text(entry, "question", where),
        phrasings=_texts(entry, "phrasings", where),
        answer=_text(entry, "answer", where).strip(),
        basis=tuple(_basis(item, f"{where}.basis[{i}]") for i, item in enumerate(basis)),
        valid_from=valid_from,
        valid_until=valid_until,
        source=source,
    )


def _basis(item: Any, where: str) -> PolicyBasis:
    if not isinstance(item, Mapping):
        raise KnowledgeFileError(f"{where}: expected {{title, number, url}}")
    url = item.get("url")
    if url is not None and not isinstance(url, str):
        raise KnowledgeFileError(f"{where}.url: expected a link")
    return PolicyBasis(_text(item, "title", where), _text(item, "number", where), url)


def _text(entry: Mapping[str, Any], key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise KnowledgeFileError(f"{where}.{key}: required text")
    return value


def _texts(entry: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise KnowledgeFileError(f"{where}.{key}: expected a list of texts")
    return tuple(value)


def _date(value: Any, where: str) -> dt.date | None:
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise KnowledgeFileError(f"{where}: expected a date (YYYY-MM-DD)")
