"""The knowledge evaluation: distractor articles are the same every run and compete on the real
vocabulary, and hit rates count an answering article in the first ranks."""

from __future__ import annotations

from intake.knowledge.eval import Outcome, distractors, evaluate, hit_rate
from intake.knowledge.files import EvaluationQuestion
from intake.knowledge.search import SearchDocument, SearchIndex

REAL = [
    SearchDocument(
        "KB-a-001",
        1,
        "新生儿怎么办理户口登记？",
        ("孩子出生后怎么上户口",),
        "持出生医学证明到派出所办理。一个月内办理。",
        ("household",),
        "police",
    ),
    SearchDocument(
        "KB-a-002",
        1,
        "公租房怎么申请？",
        ("低收入家庭怎么申请公租房",),
        "向街道提交申请表。经审核公示后轮候配租。",
        ("housing",),
        "housing",
    ),
]


def question(text: str, *answers: str) -> EvaluationQuestion:
    return EvaluationQuestion(text, answers, "test.yaml")


def test_distractors_are_the_same_every_run_and_reuse_the_real_vocabulary() -> None:
    first = distractors(REAL, 50)
    assert first == distractors(REAL, 50)
    assert len({doc.article_id for doc in first}) == 50
    vocabulary = {char for doc in REAL for char in doc.question + "".join(doc.phrasings)}
    assert all(set(doc.question) <= vocabulary for doc in first)
    assert distractors(REAL, 0) == [] and distractors([], 5) == []


def test_hit_rates_count_an_answering_article_within_the_ranks() -> None:
    outcomes = [
        Outcome(question("q1", "A"), ("A", "B", "C"), 0.001),
        Outcome(question("q2", "C", "X"), ("A", "B", "C"), 0.001),
        Outcome(question("q3", "D"), ("A", "B", "C"), 0.001),
        Outcome(question("q4", "D"), (), 0.001),
    ]
    assert [o.rank() for o in outcomes] == [1, 3, None, None]
    assert hit_rate(outcomes, 1) == 0.25
    assert hit_rate(outcomes, 3) == 0.5
    assert hit_rate([], 3) == 0.0


def test_evaluate_ranks_each_question_on_the_index() -> None:
    index = SearchIndex.build(REAL)
    [outcome] = evaluate(index, [question("娃刚生下来咋上户口", "KB-a-001")])
    assert outcome.ranked == ("KB-a-001",)
    assert outcome.seconds >= 0
