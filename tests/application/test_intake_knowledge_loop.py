"""Intake's knowledge base fed by dispatch's and callback's events, on its in-memory store: the
article a department answered from is recorded, a consultation closed after a resolution from
no article opens one gap for the resolving department, other cases open none, and an answer a
callback found wrong flags the article version the case recorded."""

from __future__ import annotations

from common.events import CallbackCompleted, CaseClosed, CaseResolved, KnowledgeGapOpened
from common.vocabulary import ResolutionResult, Satisfaction
from intake.handlers import handlers
from intake.service import registration, staff_views
from tests.support.intake_world import AT, CLERK, NAMES, form, intake, policy, sample
from tests.support.knowledge_cases import add_article

CATEGORY_NAMES = {"water-outage": "停水"}


def chosen():
    return handlers(NAMES, CATEGORY_NAMES)


async def registered(db, kind: str = "consultation") -> str:
    async with db.unit_of_work() as uow:
        return (await registration.submit(uow, form(kind=kind), policy=policy())).case_id


def resolution(article: str | None = None, version: int | None = None, **more) -> CaseResolved:
    values = {
        "department": "water",
        "result": ResolutionResult.EXPLAINED,
        "summary": "已电话答复：可到供水营业厅办理",
        "actor": "handler:li",
        "resolved_at": AT,
        "knowledge_article_id": article,
        "knowledge_article_version": version,
    }
    return CaseResolved(**(values | more))


def closing() -> CaseClosed:
    return sample(CaseClosed, reason="回访满意", actor="system", closed_at=AT)


async def test_a_consultation_closed_after_an_answer_from_no_article_opens_one_gap() -> None:
    db = intake()
    case_id = await registered(db)
    await db.deliver(chosen(), resolution(), case_id=case_id)
    out = await db.deliver(chosen(), closing(), case_id=case_id)
    assert [envelope.event_type for envelope in out] == ["KnowledgeGapOpened"]
    (gap,) = db.events(KnowledgeGapOpened)
    assert (gap.department, gap.source, gap.category) == ("water", "department", "water-outage")
    assert gap.answer == "已电话答复：可到供水营业厅办理"
    assert gap.question == db.store.tables.cases[case_id]["description"]
    # closed again (a later round, or the same fact sent anew): the case's gap exists already
    assert await db.deliver(chosen(), closing(), case_id=case_id) == []
    assert len(db.store.tables.gaps) == 1


async def test_an_answer_from_an_article_is_recorded_and_leaves_no_gap() -> None:
    db = intake()
    add_article(db)
    case_id = await registered(db)
    await db.deliver(chosen(), resolution("KB-water-001", 1), case_id=case_id)
    assert await db.deliver(chosen(), closing(), case_id=case_id) == []
    async with db.unit_of_work() as uow:
        view = await staff_views.staff_case(uow.store, case_id, viewer=CLERK)
    assert view["knowledge"]["article_id"] == "KB-water-001"
    assert view["knowledge"]["version"] == 1


async def test_the_last_resolution_decides() -> None:
    db = intake()
    add_article(db)
    case_id = await registered(db)
    await db.deliver(chosen(), resolution("KB-water-001", 1), case_id=case_id)
    await db.deliver(chosen(), resolution(round=2, summary="重办后答复"), case_id=case_id)
    out = await db.deliver(chosen(), closing(), case_id=case_id)
    assert [envelope.event_type for envelope in out] == ["KnowledgeGapOpened"]
    assert db.events(KnowledgeGapOpened)[0].answer == "重办后答复"
    assert db.store.tables.cases[case_id]["knowledge_article_id"] is None


async def test_other_kinds_and_cases_never_resolved_open_no_gap() -> None:
    db = intake()
    complaint = await registered(db, kind="complaint")
    await db.deliver(chosen(), resolution(), case_id=complaint)
    assert await db.deliver(chosen(), closing(), case_id=complaint) == []
    unresolved = await registered(db)
    assert await db.deliver(chosen(), closing(), case_id=unresolved) == []
    assert db.store.tables.gaps == {}


def callback(*, answer_wrong: bool, comment: str = "政策已调整，答复过时") -> CallbackCompleted:
    return CallbackCompleted(
        round=1,
        satisfaction=Satisfaction.DISSATISFIED,
        solved=False,
        comment=comment,
        agent="callback_agent:zhou",
        completed_at=AT,
        answer_wrong=answer_wrong,
    )


async def test_an_answer_found_wrong_flags_the_version_the_case_recorded_once() -> None:
    db = intake()
    add_article(db, versions=2, published=2)
    case_id = await registered(db)
    await db.deliver(chosen(), resolution("KB-water-001", 2), case_id=case_id)
    await db.deliver(chosen(), callback(answer_wrong=True), case_id=case_id)
    (flag,) = db.store.tables.knowledge_flags
    assert (flag["article_id"], flag["version"], flag["case_id"]) == ("KB-water-001", 2, case_id)
    assert flag["reason"] == "回访发现答复有误：政策已调整，答复过时"
    await db.deliver(chosen(), callback(answer_wrong=True), case_id=case_id)  # sent anew
    assert len(db.store.tables.knowledge_flags) == 1


async def test_an_answer_not_found_wrong_or_from_no_article_flags_nothing() -> None:
    db = intake()
    add_article(db)
    from_article = await registered(db)
    await db.deliver(chosen(), resolution("KB-water-001", 1), case_id=from_article)
    await db.deliver(chosen(), callback(answer_wrong=False), case_id=from_article)
    from_none = await registered(db)
    await db.deliver(chosen(), resolution(), case_id=from_none)
    await db.deliver(chosen(), callback(answer_wrong=True), case_id=from_none)
    assert db.store.tables.knowledge_flags == []
    lines = [line["action"] for line in db.store.tables.staff_lines]
    assert lines.count("CallbackCompleted") == 2  # the timeline still shows each callback
