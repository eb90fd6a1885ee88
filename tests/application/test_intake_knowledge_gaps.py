"""Knowledge gaps (知识缺口) on intake's in-memory store: opening one per case, closing it by a
published article or a dismissal, the list each role sees, and the refusals that change
nothing."""

from __future__ import annotations

import copy

import pytest

from common.auth import Principal
from common.errors import ApiError
from common.events import KnowledgeGapClosed, KnowledgeGapOpened
from common.vocabulary import Role
from intake.knowledge import gaps
from intake.knowledge.gap_rules import GapSource, GapState
from tests.support.intake_world import AT, HANDLER, NAMES, OTHER_HANDLER, intake

ADMIN = Principal("root", Role.ADMIN)
SUPERVISOR = Principal("sun", Role.SUPERVISOR)


async def opened(db, case_id: str = "20260309000001", department: str = "water") -> str | None:
    async with db.unit_of_work() as uow:
        return await gaps.open_gap(
            uow,
            case_id=case_id,
            department=department,
            category="water-outage",
            question="停水了找谁？",
            answer="拨打水务热线。",
            source=GapSource.WINDOW,
            at=AT,
        )


async def test_a_gap_opens_once_per_case_and_is_announced() -> None:
    db = intake()
    gap_id = await opened(db)
    assert gap_id == "GAP-20260309000001"
    assert await opened(db) is None  # a redelivered event opens none twice
    (event,) = db.events(KnowledgeGapOpened)
    assert (event.gap_id, event.department, event.source) == (gap_id, "water", "window")
    assert db.published[0].case_id == "20260309000001"
    assert db.store.tables.gaps[gap_id]["state"] == "open"


async def test_a_published_article_closes_its_gap_once() -> None:
    db = intake()
    gap_id = await opened(db)
    async with db.unit_of_work() as uow:
        gap = await gaps.gap_for_draft(uow, gap_id)
        assert gap["answer"] == "拨打水务热线。" and gap["category_name"] == "停水"
    async with db.unit_of_work() as uow:
        closed = await gaps.close_by_article(
            uow, gap_id=gap_id, article_id="KB-1", actor="handler:li", at=AT
        )
    async with db.unit_of_work() as uow:
        again = await gaps.close_by_article(
            uow, gap_id=gap_id, article_id="KB-2", actor="handler:li", at=AT
        )
    assert (closed, again) == (True, False)
    (event,) = db.events(KnowledgeGapClosed)
    assert (event.outcome, event.article_id, event.actor) == (
        "article_published",
        "KB-1",
        "handler:li",
    )
    row = db.store.tables.gaps[gap_id]
    assert (row["state"], row["article_id"], row["closed_at"]) == ("closed", "KB-1", AT)


@pytest.mark.parametrize("gap_id", ["GAP-20990101000001", "closed"])
async def test_no_draft_from_an_unknown_or_closed_gap(gap_id: str) -> None:
    db = intake()
    known = await opened(db)
    if gap_id == "closed":
        gap_id = known or ""
        async with db.unit_of_work() as uow:
            await gaps.close_by_article(uow, gap_id=gap_id, article_id="KB-1", actor="a", at=AT)
    with pytest.raises(ApiError) as refused:
        async with db.unit_of_work() as uow:
            await gaps.gap_for_draft(uow, gap_id)
    assert refused.value.status == 422
    assert refused.value.details["fields"][0]["field"] == "gap_id"


async def test_the_unit_dismisses_its_gap_with_a_reason() -> None:
    db = intake()
    gap_id = await opened(db) or ""
    async with db.unit_of_work() as uow:
        view = await gaps.dismiss(
            uow, gap_id, reason="个案，无需入库", principal=HANDLER, names=NAMES
        )
    assert view["state"] == "closed" and view["outcome"] == "dismissed"
    assert view["reason"] == "个案，无需入库" and view["department_name"] == "水务局"
    (event,) = db.events(KnowledgeGapClosed)
    assert (event.outcome, event.reason, event.actor) == (
        "dismissed",
        "个案，无需入库",
        HANDLER.actor,
    )


@pytest.mark.parametrize(
    ("who", "gap", "status"),
    [
        (OTHER_HANDLER, "open", 403),
        (SUPERVISOR, "open", 403),
        (HANDLER, "unknown", 404),
        (ADMIN, "closed", 409),
    ],
)
async def test_a_refused_dismissal_changes_nothing(who: Principal, gap: str, status: int) -> None:
    db = intake()
    gap_id = await opened(db) or ""
    if gap == "closed":
        async with db.unit_of_work() as uow:
            await gaps.dismiss(uow, gap_id, reason="重复", principal=ADMIN, names=NAMES)
    elif gap == "unknown":
        gap_id = "GAP-20990101000001"
    before, published = copy.deepcopy(db.store.tables), len(db.published)
    with pytest.raises(ApiError) as refused:
        async with db.unit_of_work() as uow:
            await gaps.dismiss(uow, gap_id, reason="不需要", principal=who, names=NAMES)
    assert refused.value.status == status
    assert db.store.tables == before and len(db.published) == published


async def test_a_handler_lists_its_own_units_gaps_and_others_see_all() -> None:
    db = intake()
    await opened(db, "20260309000001", "water")
    await opened(db, "20260309000002", "roads")
    async with db.unit_of_work() as uow:
        own = await gaps.list_gaps(
            uow.store,
            viewer=HANDLER,
            department="roads",
            state=None,
            limit=50,
            offset=0,
            names=NAMES,
        )
        everyone = await gaps.list_gaps(
            uow.store,
            viewer=SUPERVISOR,
            department=None,
            state=GapState.OPEN,
            limit=1,
            offset=0,
            names=NAMES,
        )
        counts = await uow.store.gaps.open_gaps_by_department()
    assert [g["department"] for g in own["items"]] == ["water"] and own["total"] == 1
    assert everyone["total"] == 2 and len(everyone["items"]) == 1
    assert counts == {"water": 1, "roads": 1}
