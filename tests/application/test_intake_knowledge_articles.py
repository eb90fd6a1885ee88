"""Knowledge articles on intake's in-memory store: drafting, submitting, publishing by the
unit's reviewer (never the author), a new version on editing a published article, rejecting,
confirming, withdrawing, flags of answers found wrong, the gap a draft answers, seeding, the
list, the review status and search; each refusal changes nothing."""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest

from common.auth import Principal
from common.clock import local_date
from common.errors import ApiError
from common.events import KnowledgeGapClosed
from common.vocabulary import Role
from intake.knowledge import articles, flag_for_review, gaps, seed, views
from intake.knowledge.gap_rules import GapSource
from intake.knowledge.live_index import LiveIndex
from intake.knowledge.rules import ArticleContent, Basis, Decision, KnowledgePolicy
from tests.support.intake_world import AT, HANDLER, NAMES, OTHER_HANDLER, intake

POLICY = KnowledgePolicy(department_names=NAMES, review_months=12)
REVIEWER = Principal("wu", Role.HANDLER, department="water", reviews_knowledge=True)
ADMIN = Principal("root", Role.ADMIN)
SUPERVISOR = Principal("sun", Role.SUPERVISOR)
TODAY = local_date(AT)
CONTENT = ArticleContent(
    question="停水了应该找谁？",
    phrasings=("家里没水了打哪个电话",),
    answer="拨打供水服务热线，抢修人员两小时内到场。",
    basis=(Basis("城市供水条例", "国务院令第158号"),),
    categories=("water-outage",),
    valid_from=date(2024, 1, 1),
    valid_until=None,
)


async def create(db: Any, content: ArticleContent = CONTENT, **more: Any) -> str:
    async with db.unit_of_work() as uow:
        return await articles.create(
            uow,
            content,
            department=more.pop("department", "water"),
            gap_id=more.pop("gap_id", None),
            principal=more.pop("principal", HANDLER),
            policy=POLICY,
            at=AT,
        )


async def act(db: Any, name: str, article_id: str, *args: Any, **more: Any) -> None:
    more.setdefault("at", AT)
    async with db.unit_of_work() as uow:
        await getattr(articles, name)(uow, article_id, *args, **more)


async def published(db: Any, **more: Any) -> str:
    article_id = await create(db, **more)
    await act(db, "submit", article_id, principal=HANDLER)
    await act(db, "review", article_id, Decision.PUBLISH, note=None, principal=REVIEWER)
    return article_id


async def detail(db: Any, article_id: str, today: date = TODAY) -> dict[str, Any]:
    async with db.unit_of_work() as uow:
        return await views.detail(uow, article_id, POLICY, today)


async def refused(db: Any, call: Any) -> ApiError:
    """The call's refusal, with the store shown unchanged by it."""
    before = copy.deepcopy(db.store.tables)
    with pytest.raises(ApiError) as caught:
        await call
    assert db.store.tables == before
    return caught.value


async def test_a_new_article_is_a_draft_at_version_1() -> None:
    db = intake()
    found = await detail(db, await create(db))
    assert (found["status"], found["latest"]["version"], found["published"]) == ("draft", 1, None)
    assert found["department_name"] == "水务局" and found["latest"]["author"] == HANDLER.actor


@pytest.mark.parametrize(
    ("changes", "department", "field"),
    [
        ({}, "", "department"),
        ({}, "nowhere", "department"),
        ({"answer": " "}, "water", "answer"),
        ({"categories": ()}, "water", "categories"),
        ({"basis": ()}, "water", "basis"),
        ({"valid_until": date(2023, 1, 1)}, "water", "valid_until"),
    ],
)
async def test_an_incomplete_article_is_refused_naming_the_field(
    changes: dict[str, Any], department: str, field: str
) -> None:
    db = intake()
    error = await refused(db, create(db, replace(CONTENT, **changes), department=department))
    assert error.status == 422 and error.code == "invalid_article"
    assert field in [f["field"] for f in error.details["fields"]]


async def test_another_units_handler_may_not_write_or_review_its_articles() -> None:
    db = intake()
    assert (await refused(db, create(db, principal=OTHER_HANDLER))).status == 403
    article_id = await create(db)
    edit = act(db, "edit", article_id, CONTENT, principal=OTHER_HANDLER)
    assert (await refused(db, edit)).code == "not_article_editor"
    await act(db, "submit", article_id, principal=HANDLER)
    other = replace(REVIEWER, department="roads")
    review = act(db, "review", article_id, Decision.PUBLISH, note=None, principal=other)
    assert (await refused(db, review)).code == "not_knowledge_reviewer"
    plain = act(db, "review", article_id, Decision.PUBLISH, note=None, principal=HANDLER)
    assert (await refused(db, plain)).status == 403


async def test_the_reviewer_publishes_and_review_falls_due_after_review_months() -> None:
    db = intake()
    article_id = await published(db)
    found = await detail(db, article_id)
    assert found["status"] == "published" and found["published"]["version"] == 1
    assert found["published"]["reviewer"] == REVIEWER.actor
    assert found["review_due"] == date(2027, 3, 9) and not found["review_overdue"]
    assert (await detail(db, article_id, today=date(2027, 3, 10)))["review_overdue"]


async def test_nobody_publishes_their_own_version() -> None:
    db = intake()
    article_id = await create(db, principal=REVIEWER)
    await act(db, "submit", article_id, principal=REVIEWER)
    own = act(db, "review", article_id, Decision.PUBLISH, note=None, principal=REVIEWER)
    assert (await refused(db, own)).code == "own_version"
    await act(db, "review", article_id, Decision.PUBLISH, note=None, principal=ADMIN)
    assert (await detail(db, article_id))["status"] == "published"


async def test_editing_a_published_article_opens_v2_and_publishing_it_supersedes_v1() -> None:
    db = intake()
    article_id = await published(db)
    changed = replace(CONTENT, answer="拨打供水服务热线 96777，抢修人员一小时内到场。")
    await act(db, "edit", article_id, changed, principal=HANDLER)
    found = await detail(db, article_id)
    assert (found["status"], found["latest"]["version"]) == ("draft", 2)
    assert found["published"]["version"] == 1 and found["published"]["answer"] == CONTENT.answer
    await act(db, "edit", article_id, replace(changed, question="停水找谁？"), principal=HANDLER)
    assert (await detail(db, article_id))["latest"]["version"] == 2  # a draft changes in place
    await act(db, "submit", article_id, principal=HANDLER)
    await act(db, "review", article_id, Decision.PUBLISH, note="好", principal=REVIEWER)
    found = await detail(db, article_id)
    assert [v["status"] for v in found["versions"]] == ["superseded", "published"]
    async with db.unit_of_work() as uow:
        first = await views.version(uow, article_id, 1)
    assert first["answer"] == CONTENT.answer  # what a closed case recorded is unchanged


async def test_a_version_waiting_for_review_cannot_be_edited_or_submitted_again() -> None:
    db = intake()
    article_id = await create(db)
    await act(db, "submit", article_id, principal=HANDLER)
    edit = act(db, "edit", article_id, CONTENT, principal=HANDLER)
    assert (await refused(db, edit)).status == 409
    assert (await refused(db, act(db, "submit", article_id, principal=HANDLER))).status == 409


async def test_a_rejected_version_goes_back_to_draft_with_the_note() -> None:
    db = intake()
    article_id = await create(db)
    await act(db, "submit", article_id, principal=HANDLER)
    await act(db, "review", article_id, Decision.REJECT, note="补充文号", principal=REVIEWER)
    found = await detail(db, article_id)
    assert found["status"] == "draft" and found["latest"]["review_note"] == "补充文号"
    publish = act(db, "review", article_id, Decision.PUBLISH, note=None, principal=REVIEWER)
    assert (await refused(db, publish)).code == "not_pending_review"


async def test_withdrawing_leaves_the_history_readable() -> None:
    db = intake()
    article_id = await published(db)
    await act(db, "withdraw", article_id, reason="政策已废止", principal=REVIEWER)
    found = await detail(db, article_id)
    assert found["status"] == "withdrawn" and found["published"] is None
    assert found["latest"]["review_note"] == "政策已废止"
    again = act(db, "withdraw", article_id, reason="再撤", principal=REVIEWER)
    assert (await refused(db, again)).code == "nothing_published"
    await act(db, "edit", article_id, CONTENT, principal=HANDLER)
    assert (await detail(db, article_id))["latest"]["version"] == 2


async def test_a_flag_is_kept_once_and_resolved_by_confirming() -> None:
    db = intake()
    article_id = await published(db)
    for _ in range(2):  # a redelivered event flags once
        async with db.unit_of_work() as uow:
            await flag_for_review(
                uow, article_id=article_id, version=1, case_id="C1", reason="答复有误", at=AT
            )
    async with db.unit_of_work() as uow:
        assert not await flag_for_review(
            uow, article_id="KB-none", version=1, case_id="C1", reason="x", at=AT
        )
        status = await views.review_status(uow, SUPERVISOR, POLICY, TODAY)
        page = await views.article_page(uow, views.filters(POLICY, TODAY, flagged=True), POLICY)
    assert status[0]["open_flags"] == 1 and page["total"] == 1
    assert [f["case_id"] for f in (await detail(db, article_id))["flags"]] == ["C1"]
    later = AT + timedelta(days=400)
    await act(db, "confirm", article_id, note="仍然有效", principal=REVIEWER, at=later)
    found = await detail(db, article_id, today=local_date(later))
    assert found["flags"][0]["resolved_at"] == later and not found["review_overdue"]
    assert found["review_due"] == date(2028, 4, 13)


async def test_publishing_a_new_version_resolves_open_flags() -> None:
    db = intake()
    article_id = await published(db)
    async with db.unit_of_work() as uow:
        await flag_for_review(
            uow, article_id=article_id, version=1, case_id="C1", reason="错", at=AT
        )
    await act(db, "edit", article_id, replace(CONTENT, answer="更正后的答复"), principal=HANDLER)
    await act(db, "submit", article_id, principal=HANDLER)
    await act(db, "review", article_id, Decision.PUBLISH, note=None, principal=REVIEWER)
    assert (await detail(db, article_id))["flags"][0]["resolved_at"] is not None


async def test_a_draft_from_a_gap_closes_it_on_first_publication() -> None:
    db = intake()
    async with db.unit_of_work() as uow:
        gap_id = await gaps.open_gap(
            uow,
            case_id="20260309000001",
            department="water",
            category="water-outage",
            question="停水找谁",
            answer="打热线",
            source=GapSource.WINDOW,
            at=AT,
        )
    assert gap_id is not None
    unknown = create(db, gap_id="G-none")
    assert (await refused(db, unknown)).details["fields"][0]["field"] == "gap_id"
    article_id = await published(db, gap_id=gap_id)
    closed = db.events(KnowledgeGapClosed)
    assert [(e.gap_id, e.article_id) for e in closed] == [(gap_id, article_id)]
    assert (await detail(db, article_id))["gap_id"] == gap_id


async def test_the_list_filters_by_status_unit_and_words_and_review_status_counts() -> None:
    db = intake()
    draft = await create(db)
    live = await published(db)
    roads = replace(CONTENT, question="道路破损找谁修", categories=("road-damage",))
    await create(db, roads, department="roads", principal=OTHER_HANDLER)
    async with db.unit_of_work() as uow:

        async def ids(**chosen: Any) -> list[str]:
            page = await views.article_page(uow, views.filters(POLICY, TODAY, **chosen), POLICY)
            return sorted(i["article_id"] for i in page["items"])

        assert await ids(status="draft", department="water") == [draft]
        assert await ids(status="published") == [live]
        assert len(await ids(q="道路")) == 1 and await ids(category="road-damage") != []
        assert await ids(review_overdue=True) == []
        mine = await views.review_status(uow, HANDLER, POLICY, TODAY)
        every = await views.review_status(uow, SUPERVISOR, POLICY, TODAY)
    assert [(r["department"], r["drafts"], r["published"]) for r in mine] == [("water", 1, 1)]
    assert [r["department"] for r in every] == ["roads", "water"]


async def test_search_finds_published_valid_versions_only() -> None:
    db = intake()
    index = LiveIndex(POLICY, poll_seconds=1)
    live = await published(db)
    expired = replace(CONTENT, valid_until=date(2025, 1, 1), question="停水补偿怎么申请")
    old = await published(db, content=expired)
    await create(db, replace(CONTENT, question="停水了草稿"))
    assert await index.refresh(db.unit_of_work) and not await index.refresh(db.unit_of_work)
    async with db.unit_of_work() as uow:
        found = await index.search(uow, "停水找谁", limit=5, category=None, today=TODAY)
    assert [h["article_id"] for h in found["hits"]] == [live] and old != live
    assert found["hits"][0]["department_name"] == "水务局" and found["took_ms"] >= 0
    await act(db, "withdraw", live, reason="废止", principal=REVIEWER)
    async with db.unit_of_work() as uow:  # the index lags: the store's word wins
        stale = await index.search(uow, "停水找谁", limit=5, category=None, today=TODAY)
    assert stale["hits"] == []
    assert await index.refresh(db.unit_of_work) and len(index.index) == 0


async def test_seeding_inserts_missing_articles_once_and_keeps_units_edits() -> None:
    db = intake()
    entry = seed.SeedArticle("KB-water-001", "water", CONTENT)
    async with db.unit_of_work() as uow:
        assert await seed.seed(uow, [entry], at=AT) == 1
    await act(db, "edit", "KB-water-001", replace(CONTENT, answer="单位改过的"), principal=HANDLER)
    async with db.unit_of_work() as uow:
        assert await seed.seed(uow, [entry], at=AT) == 0
    found = await detail(db, "KB-water-001")
    assert found["published"]["author"] == "system:seed" and found["latest"]["version"] == 2
