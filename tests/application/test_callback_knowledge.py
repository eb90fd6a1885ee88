"""A callback and the knowledge base, on callback's in-memory store: the task keeps the article
the answer came from (a resolution's or one on the spot's), and an answer found wrong is
announced on CallbackCompleted, refused (changing nothing) when no article was named."""

from __future__ import annotations

import copy
from datetime import UTC, datetime

import pytest

from callback.handlers import handlers
from callback.repository.memory import MemoryStore
from callback.service import calls
from common.errors import ApiError
from common.events import CallbackCompleted, CaseResolved, CaseResolvedOnTheSpot
from common.memory import MemoryDatabase
from common.vocabulary import Channel, RequestKind, ResolutionResult, Satisfaction

CASE = "20261120000001"
AT = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


def on_the_spot(article: str | None = "KB-water-001") -> CaseResolvedOnTheSpot:
    return CaseResolvedOnTheSpot(
        category="water-outage",
        kind=RequestKind.CONSULTATION,
        channel=Channel.WINDOW,
        outcome="answer_consultation",
        answer="拨打供水服务热线",
        actor="clerk:wang",
        resolved_at=AT,
        knowledge_article_id=article,
        knowledge_article_version=2 if article else None,
        knowledge_unit="water",
    )


async def completed(db, *, answer_wrong: bool) -> None:
    async with db.unit_of_work() as uow:
        await calls.record_result(
            uow,
            case_id=CASE,
            satisfaction=Satisfaction.DISSATISFIED,
            solved=False,
            comment="按答复去办，窗口说政策早变了",
            agent="callback_agent:zhou",
            answer_wrong=answer_wrong,
        )


async def test_an_answer_from_an_article_found_wrong_is_announced() -> None:
    db = MemoryDatabase(MemoryStore(), producer="callback")
    await db.deliver(handlers(), on_the_spot(), case_id=CASE)
    task = db.store.tasks.row(CASE).task
    assert (task.knowledge_article_id, task.knowledge_article_version) == ("KB-water-001", 2)
    await completed(db, answer_wrong=True)
    (event,) = db.events(CallbackCompleted)
    assert event.answer_wrong is True
    result = db.store.tasks.row(CASE).result
    assert result is not None and result.answer_wrong is True


async def test_a_resolutions_article_is_kept_on_its_rounds_task() -> None:
    db = MemoryDatabase(MemoryStore(), producer="callback")
    resolved = CaseResolved(
        department="water",
        result=ResolutionResult.EXPLAINED,
        summary="按条目答复",
        round=2,
        actor="handler:li",
        resolved_at=AT,
        knowledge_article_id="KB-water-009",
        knowledge_article_version=1,
    )
    await db.deliver(handlers(), resolved, case_id=CASE)
    task = db.store.tasks.row(CASE, 2).task
    assert (task.knowledge_article_id, task.knowledge_article_version) == ("KB-water-009", 1)


async def test_a_callback_not_finding_the_answer_wrong_says_so() -> None:
    db = MemoryDatabase(MemoryStore(), producer="callback")
    await db.deliver(handlers(), on_the_spot(article=None), case_id=CASE)
    await completed(db, answer_wrong=False)
    assert db.events(CallbackCompleted)[0].answer_wrong is False


async def test_an_answer_from_no_article_cannot_be_found_wrong() -> None:
    db = MemoryDatabase(MemoryStore(), producer="callback")
    await db.deliver(handlers(), on_the_spot(article=None), case_id=CASE)
    before, published = copy.deepcopy(db.store), len(db.published)
    with pytest.raises(ApiError) as refused:
        await completed(db, answer_wrong=True)
    assert (refused.value.status, refused.value.code) == (422, "answer_wrong_without_article")
    assert refused.value.details["fields"][0]["field"] == "answer_wrong"
    assert db.store == before and len(db.published) == published
