"""Answers given at the window and the knowledge base, on intake's in-memory store: the article
(and version) an answer came from is checked and recorded, a consultation answered from none
opens a knowledge gap for the unit, and the refusals change nothing."""

from __future__ import annotations

import copy
from datetime import date

import pytest

from common.auth import Principal
from common.errors import ApiError
from common.events import CaseResolvedOnTheSpot, KnowledgeGapOpened
from common.vocabulary import Role
from intake.service import registration, screening, staff_views
from tests.support.intake_world import CLERK, decision, form, intake, policy
from tests.support.knowledge_cases import add_article

CLERK_OF_CENTRE = Principal("chen", Role.CLERK, department="service-centre")


async def registered(db, **changes) -> str:
    async with db.unit_of_work() as uow:
        done = await registration.submit(
            uow,
            form(channel="window", kind="consultation", **changes),
            policy=policy(),
            clerk=CLERK,
        )
    return done.case_id


async def screen(db, case_id: str, outcome: str, clerk: Principal = CLERK, **more):
    async with db.unit_of_work() as uow:
        return await screening.screen(
            uow, case_id, decision(outcome, **more), clerk=clerk, policy=policy()
        )


async def test_an_answer_from_an_article_is_recorded_and_counts_for_its_unit() -> None:
    db = intake()
    add_article(db, "KB-roads-007", department="roads", versions=2, published=2)
    case_id = await registered(db)
    await screen(
        db,
        case_id,
        "answer_consultation",
        answer="按条目答复",
        knowledge_article_id="KB-roads-007",
        knowledge_article_version=2,
    )
    (event,) = db.events(CaseResolvedOnTheSpot)
    assert (event.knowledge_article_id, event.knowledge_article_version) == ("KB-roads-007", 2)
    assert event.knowledge_unit == "roads"  # the article's owner, not the category's lead
    assert db.events(KnowledgeGapOpened) == [] and db.store.tables.gaps == {}
    async with db.unit_of_work() as uow:
        view = await staff_views.staff_case(uow.store, case_id, viewer=CLERK)
    assert view["knowledge"] == {
        "article_id": "KB-roads-007",
        "version": 2,
        "question": "停水了找哪个部门？（第2版）",
    }


async def test_a_consultation_answered_from_no_article_opens_a_gap_for_the_categorys_lead() -> None:
    db = intake()
    case_id = await registered(db)
    await screen(db, case_id, "answer_consultation", answer="请拨打供水热线")
    (answered,) = db.events(CaseResolvedOnTheSpot)
    assert answered.knowledge_article_id is None and answered.knowledge_unit == "water"
    (gap,) = db.events(KnowledgeGapOpened)
    assert (gap.gap_id, gap.department, gap.source) == (f"GAP-{case_id}", "water", "window")
    assert (gap.category, gap.answer) == ("water-outage", "请拨打供水热线")
    assert gap.question == db.store.tables.cases[case_id]["description"]
    assert db.event_types()[-2:] == ["CaseResolvedOnTheSpot", "KnowledgeGapOpened"]
    async with db.unit_of_work() as uow:
        view = await staff_views.staff_case(uow.store, case_id, viewer=CLERK)
    assert view["knowledge"] is None


async def test_with_no_lead_the_gap_goes_to_the_clerks_department() -> None:
    db = intake()
    db.store.catalogue.add("policy-question", "政策咨询")
    case_id = await registered(db, category="policy-question")
    await screen(db, case_id, "answer_consultation", answer="已解答", clerk=CLERK_OF_CENTRE)
    (gap,) = db.events(KnowledgeGapOpened)
    assert gap.department == "service-centre"
    assert db.events(CaseResolvedOnTheSpot)[0].knowledge_unit == "service-centre"


async def test_resolving_on_the_spot_from_no_article_opens_no_gap() -> None:
    db = intake()
    case_id = await registered(db)
    await screen(db, case_id, "resolve_on_the_spot", answer="当场办好")
    assert db.events(CaseResolvedOnTheSpot)[0].knowledge_unit == "water"
    assert db.events(KnowledgeGapOpened) == []


async def test_a_registration_screened_at_once_records_its_article_too() -> None:
    db = intake()
    add_article(db)
    screening_decision = decision(
        "answer_consultation",
        answer="按条目答复",
        knowledge_article_id="KB-water-001",
        knowledge_article_version=1,
    )
    async with db.unit_of_work() as uow:
        done = await registration.submit(
            uow,
            form(channel="window", kind="consultation"),
            policy=policy(),
            clerk=CLERK,
            screening=screening_decision,
        )
    assert db.store.tables.cases[done.case_id]["knowledge_article_id"] == "KB-water-001"
    assert db.events(CaseResolvedOnTheSpot)[0].knowledge_article_version == 1


@pytest.mark.parametrize(
    ("outcome", "more", "code", "field"),
    [
        (
            "accept",
            {"knowledge_article_id": "KB-water-001", "knowledge_article_version": 1},
            "knowledge_not_for_outcome",
            "knowledge_article_id",
        ),
        (
            "reject",
            {"reason": "不属于受理范围", "knowledge_article_version": 1},
            "knowledge_not_for_outcome",
            "knowledge_article_version",
        ),
        (
            "answer_consultation",
            {"knowledge_article_id": "KB-water-001"},
            "screening_incomplete",
            "knowledge_article_version",
        ),
        (
            "answer_consultation",
            {"knowledge_article_version": 1},
            "screening_incomplete",
            "knowledge_article_id",
        ),
        (
            "answer_consultation",
            {"knowledge_article_id": "KB-none", "knowledge_article_version": 1},
            "unknown_knowledge_article",
            "knowledge_article_id",
        ),
        (
            "answer_consultation",
            {"knowledge_article_id": "KB-water-001", "knowledge_article_version": 1},
            "knowledge_version_not_published",
            "knowledge_article_version",
        ),
        (
            "resolve_on_the_spot",
            {"knowledge_article_id": "KB-draft", "knowledge_article_version": 1},
            "knowledge_version_not_published",
            "knowledge_article_version",
        ),
        (
            "answer_consultation",
            {"knowledge_article_id": "KB-expired", "knowledge_article_version": 1},
            "knowledge_article_expired",
            "knowledge_article_version",
        ),
    ],
)
async def test_a_refused_article_changes_nothing_and_publishes_nothing(
    outcome: str, more: dict[str, object], code: str, field: str
) -> None:
    db = intake()
    add_article(db, "KB-water-001", versions=2, published=2)  # version 1 is superseded
    add_article(db, "KB-draft", published=None)
    add_article(db, "KB-expired", valid_until=date(2025, 12, 31))
    case_id = await registered(db)
    before, published = copy.deepcopy(db.store.tables), len(db.published)
    with pytest.raises(ApiError) as refused:
        await screen(db, case_id, outcome, **({"answer": "答复"} | more))
    assert (refused.value.status, refused.value.code) == (422, code)
    assert refused.value.details["fields"][0]["field"] == field
    assert db.store.tables == before and len(db.published) == published
