"""A clerk's screening and duplicate review on intake's in-memory store: each outcome's
event and record, and the refusals that change nothing."""

from __future__ import annotations

import copy

import pytest

from common.errors import ApiError
from common.events import CaseAccepted, CaseMerged, CaseRejected, CaseResolvedOnTheSpot
from intake.service import duplicates, registration, screening
from tests.support.intake_world import CLERK, decision, form, intake, policy


async def registered(db, **changes) -> str:
    async with db.unit_of_work() as uow:
        done = await registration.submit(
            uow, form(channel="window", **changes), policy=policy(), clerk=CLERK
        )
    return done.case_id


async def screen(db, case_id: str, outcome: str, **more):
    async with db.unit_of_work() as uow:
        return await screening.screen(
            uow, case_id, decision(outcome, **more), clerk=CLERK, policy=policy()
        )


async def test_a_clerk_accepts_a_waiting_case_under_another_category() -> None:
    db = intake()
    case_id = await registered(db)
    answer = await screen(db, case_id, "accept", category="road-damage")
    assert answer == {
        "case_id": case_id,
        "screening_state": "accepted",
        "event": "CaseAccepted",
        "merged_into": None,
    }
    assert db.events(CaseAccepted)[0].category == "road-damage"
    assert db.store.tables.cases[case_id]["screened_by"] == CLERK.actor
    assert db.store.tables.decisions[-1]["category"] == "road-damage"


async def test_reject_and_resolve_on_the_spot_each_announce_their_outcome() -> None:
    db = intake()
    rejected, resolved = await registered(db), await registered(db, title="路灯不亮了")
    await screen(db, rejected, "reject", reason="不属于本区受理范围")
    assert db.events(CaseRejected)[0].reason == "不属于本区受理范围"
    async with db.unit_of_work() as uow:
        await duplicates.dismiss_duplicates(uow, resolved, reason="并非重复", clerk=CLERK)
    await screen(db, resolved, "resolve_on_the_spot", answer="已现场解答")
    assert db.events(CaseResolvedOnTheSpot)[0].answer == "已现场解答"
    assert db.store.tables.cases[resolved]["screening_state"] == "resolved_on_the_spot"


async def test_a_duplicate_merges_into_its_original_with_the_flagged_similarity() -> None:
    db = intake()
    original = await registered(db)
    duplicate = await registered(db)
    await screen(db, duplicate, "merge_duplicate", original_case_id=original, reason="同一诉求")
    (merged,) = db.events(CaseMerged)
    assert merged.original_case_id == original
    case = db.store.tables.cases[duplicate]
    assert case["merged_into"] == original and case["duplicate_review"] == "confirmed"
    assert merged.similarity == case["merge_similarity"]


@pytest.mark.parametrize(
    ("outcome", "more", "code"),
    [
        ("accept", {"category": "no-such-item"}, "unknown_category"),
        ("merge_duplicate", {"original_case_id": "20990101000001"}, "unknown_original"),
        ("reject", {}, "screening_incomplete"),
    ],
)
async def test_a_refused_screening_changes_nothing_and_publishes_nothing(
    outcome: str, more: dict[str, str], code: str
) -> None:
    db = intake()
    case_id = await registered(db)
    before, published = copy.deepcopy(db.store.tables), len(db.published)
    with pytest.raises(ApiError) as refused:
        await screen(db, case_id, outcome, **more)
    assert refused.value.code == code
    assert db.store.tables == before and len(db.published) == published


async def test_screening_an_unknown_case_is_not_found() -> None:
    db = intake()
    with pytest.raises(ApiError) as refused:
        await screen(db, "20990101000001", "accept")
    assert refused.value.code == "case_not_found" and db.published == []


async def test_a_case_screened_once_is_not_screened_again() -> None:
    db = intake()
    case_id = await registered(db)
    await screen(db, case_id, "accept")
    with pytest.raises(ApiError):
        await screen(db, case_id, "reject", reason="重复提交")
    assert db.event_types() == ["CaseRegistered", "CaseAccepted"]


async def test_a_dismissed_duplicate_review_lets_the_case_be_screened() -> None:
    db = intake()
    await registered(db)
    suspected = await registered(db)
    with pytest.raises(ApiError) as deferred:
        await screen(db, suspected, "accept")
    assert db.store.tables.cases[suspected]["screening_state"] == "pending"
    async with db.unit_of_work() as uow:
        answer = await duplicates.dismiss_duplicates(uow, suspected, reason="并非重复", clerk=CLERK)
    assert answer == {"case_id": suspected, "duplicate_review": "dismissed"}
    assert db.store.tables.staff_lines[-1]["action"] == "DuplicateDismissed"
    await screen(db, suspected, "accept")
    assert deferred.value.status == 409
    assert db.event_types()[-1] == "CaseAccepted"


async def test_dismissing_without_a_pending_review_is_refused() -> None:
    db = intake()
    case_id = await registered(db)
    before = copy.deepcopy(db.store.tables)
    with pytest.raises(ApiError) as refused:
        async with db.unit_of_work() as uow:
            await duplicates.dismiss_duplicates(uow, case_id, reason="并非重复", clerk=CLERK)
    assert refused.value.code == "no_duplicate_review_pending"
    assert db.store.tables == before
