"""The shipped knowledge base and its evaluation set: enough of both, the questions kept apart
from the articles' own wording, and search holding its measured hit rates. A quality gate on
the committed files, not a timed test (the search time is bench/knowledge_search.py's)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from intake.knowledge.eval import documents, evaluate, hit_rate, main
from intake.knowledge.files import read_articles, read_questions, read_section
from intake.knowledge.search import SearchIndex, normalise, runs

ROOT = Path(__file__).resolve().parents[2]
YUELU = ROOT / "deploy" / "district" / "yuelu.yaml"

#: Measured with `civicloop-knowledge-eval --district deploy/district/yuelu.yaml` (512
#: questions, 263 articles valid): top-1 0.789, top-3 0.955. The floors leave three points for
#: honest changes to the articles and questions, not for a broken ranking.
TOP1_FLOOR = 0.76
TOP3_FLOOR = 0.92

SECTION = read_section(YUELU)
assert SECTION is not None and SECTION.articles and SECTION.questions
ARTICLES = read_articles(SECTION.articles)
QUESTIONS = read_questions(SECTION.questions)
TODAY = dt.date.today()


def squeezed(text: str) -> str:
    """Letters and digits only: punctuation and spaces do not make a question different."""
    return "".join(runs(normalise(text)))


def test_the_district_ships_enough_articles_and_questions() -> None:
    assert len(ARTICLES) >= 200
    assert len(QUESTIONS) >= 300


def test_every_question_is_answered_by_an_article_search_serves() -> None:
    served = {doc.article_id for doc in documents(ARTICLES, TODAY)}
    unanswered = [q.text for q in QUESTIONS if not set(q.answers) & served]
    assert not unanswered


def test_questions_are_kept_apart_from_the_articles_own_phrasings() -> None:
    wordings = {squeezed(text) for a in ARTICLES for text in (a.question, *a.phrasings)}
    everything = "\n".join(wordings)
    copied = [q.text for q in QUESTIONS if squeezed(q.text) in everything]
    assert not copied, f"questions equal to or inside an article's wording: {copied}"


def test_search_holds_its_measured_hit_rates() -> None:
    index = SearchIndex.build(documents(ARTICLES, TODAY))
    outcomes = evaluate(index, QUESTIONS)
    assert hit_rate(outcomes, 1) >= TOP1_FLOOR
    assert hit_rate(outcomes, 3) >= max(TOP3_FLOOR, 0.90)


def test_the_command_reports_and_fails_below_the_floor_it_is_given(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--district", str(YUELU), "--min-top3", "1.01"]) == 1
    printed = capsys.readouterr()
    assert f"{len(QUESTIONS)} questions" in printed.out
    assert "top-3" in printed.out and "p99" in printed.out
    assert "top-3 below 1.01" in printed.err
