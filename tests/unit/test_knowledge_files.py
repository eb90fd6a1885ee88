"""The district's knowledge files: the section, the articles and the evaluation questions are
read as written, and a file with a problem is refused naming the entry and the field."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from common.district import KnowledgeSection
from intake.knowledge.files import (
    KnowledgeFileError,
    folders_of,
    parse_articles,
    parse_questions,
)


def article(**changes: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "code": "KB-labour-001",
        "owner": "human-resources",
        "categories": ["wage-arrears"],
        "question": "单位拖欠工资，应该去哪里投诉？",
        "phrasings": ["老板拖欠工资怎么维权"],
        "answer": "向劳动保障监察大队投诉。\n",
        "basis": [{"title": "保障农民工工资支付条例", "number": "国务院令第724号"}],
        "valid_from": dt.date(2024, 1, 1),
        "valid_until": None,
    }
    entry.update(changes)
    return entry


def test_the_section_resolves_its_folders_beside_the_district_file() -> None:
    section = KnowledgeSection(articles="k/articles", questions="k/questions")
    district = SimpleNamespace(knowledge=section)
    folders = folders_of(Path("/d/yuelu.yaml"), district)  # type: ignore[arg-type]
    assert folders is not None
    assert folders.articles == Path("/d/k/articles")
    assert folders.questions == Path("/d/k/questions")
    assert folders_of(Path("/d/demo.yaml"), SimpleNamespace(knowledge=None)) is None  # type: ignore[arg-type]


def test_an_article_is_read_as_written() -> None:
    [entry] = parse_articles({"articles": [article()]}, "labour.yaml")
    assert entry.code == "KB-labour-001"
    assert entry.categories == ("wage-arrears",)
    assert entry.phrasings == ("老板拖欠工资怎么维权",)
    assert entry.answer == "向劳动保障监察大队投诉。"
    assert entry.basis[0].number == "国务院令第724号"
    assert entry.basis[0].url is None
    assert (entry.valid_from, entry.valid_until) == (dt.date(2024, 1, 1), None)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"owner": None}, "owner"),
        ({"answer": "  "}, "answer"),
        ({"categories": []}, "categories"),
        ({"basis": []}, "basis"),
        ({"valid_from": "2024-13-01"}, "valid_from"),
        ({"valid_until": dt.date(2023, 1, 1)}, "valid_until"),
    ],
)
def test_an_article_with_a_problem_is_refused_naming_the_field(
    changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(KnowledgeFileError, match=rf"KB-labour-001\)\.{field}"):
        parse_articles({"articles": [article(**changes)]}, "labour.yaml")


def test_questions_name_the_articles_that_answer_them() -> None:
    [question] = parse_questions(
        {"questions": [{"text": "老板不给钱咋整", "answers": ["KB-labour-001"]}]}, "labour.yaml"
    )
    assert question.answers == ("KB-labour-001",)
    with pytest.raises(KnowledgeFileError, match=r"questions\[0\]\.answers"):
        parse_questions({"questions": [{"text": "咋整", "answers": []}]}, "labour.yaml")
