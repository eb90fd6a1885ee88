"""A department answers a consultation from a knowledge article: dispatch carries the article
(and version) on CaseResolved, checking only that both are named."""

from __future__ import annotations

import pytest

from common.events import CaseResolved
from common.vocabulary import ResolutionResult
from dispatch.service import departments
from tests.support.dispatch_world import PARKS, ROADS, district, refused, signed, step


async def test_the_resolution_carries_the_article_it_answered_from() -> None:
    db = district()
    await signed(db)
    await step(db, departments.file_opinion, "C-1", PARKS, opinion="已配合")
    await step(
        db,
        departments.resolve,
        "C-1",
        ROADS,
        result=ResolutionResult.EXPLAINED,
        summary="按知识条目答复",
        knowledge_article_id="KB-roads-001",
        knowledge_article_version=3,
    )
    event = db.events(CaseResolved)[-1]
    assert (event.knowledge_article_id, event.knowledge_article_version) == ("KB-roads-001", 3)


async def test_a_resolution_without_an_article_carries_none() -> None:
    db = district()
    await signed(db)
    await step(db, departments.file_opinion, "C-1", PARKS, opinion="已配合")
    await step(
        db, departments.resolve, "C-1", ROADS, result=ResolutionResult.SOLVED, summary="已修复"
    )
    event = db.events(CaseResolved)[-1]
    assert (event.knowledge_article_id, event.knowledge_article_version) == (None, None)


@pytest.mark.parametrize(
    ("given", "field"),
    [
        ({"knowledge_article_id": "KB-roads-001"}, "knowledge_article_version"),
        ({"knowledge_article_version": 2}, "knowledge_article_id"),
    ],
)
async def test_an_article_without_its_version_or_the_reverse_is_refused(
    given: dict[str, object], field: str
) -> None:
    db = district()
    await signed(db)
    await step(db, departments.file_opinion, "C-1", PARKS, opinion="已配合")
    answer = await refused(
        db,
        departments.resolve,
        "C-1",
        ROADS,
        result=ResolutionResult.EXPLAINED,
        summary="答复",
        **given,
    )
    assert (answer.status, answer.code) == (422, "knowledge_article_incomplete")
    assert answer.details["fields"][0]["field"] == field
