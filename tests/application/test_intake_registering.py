"""Registering a submission on intake's in-memory store: by a citizen (screened on its own
when nothing needs a clerk), by a clerk, and the refusals that change nothing."""

from __future__ import annotations

import pytest

from common.errors import ApiError
from common.events import CaseAccepted, CaseRegistered
from intake.schemas import Location
from intake.service import registration
from intake.state import IntakePolicy
from tests.support.intake_world import CLERK, FixedClassifier, decision, form, intake, policy


async def submit(db, submission, intake_policy: IntakePolicy | None = None, **more):
    async with db.unit_of_work() as uow:
        return await registration.submit(uow, submission, policy=intake_policy or policy(), **more)


async def test_a_citizens_case_in_a_known_category_is_registered_and_accepted() -> None:
    db = intake()
    registered = await submit(db, form())
    case = db.store.tables.cases[registered.case_id]
    assert registered.status == "accepted" and registered.duplicates == []
    assert case["screening_state"] == "accepted" and case["area"] == "street-a"
    assert db.event_types() == ["CaseRegistered", "CaseAccepted"]
    (accepted,) = db.events(CaseAccepted)
    assert accepted.category == "water-outage" and accepted.category_confirmed
    assert [line["action"] for line in db.store.tables.staff_lines] == [
        "CaseRegistered",
        "CaseAccepted",
    ]
    assert db.store.tables.public_status[registered.case_id]["status"] == "accepted"


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"category": "no-such-item"}, "unknown_category"),
        ({"category": "retired-item"}, "unknown_category"),
        ({"channel": "window"}, "channel_not_allowed"),
        ({"location": Location(address="某处", area="nowhere")}, "unknown_area"),
    ],
)
async def test_a_refused_submission_changes_nothing_and_publishes_nothing(
    changes: dict[str, object], code: str
) -> None:
    db = intake()
    with pytest.raises(ApiError) as refused:
        await submit(db, form(**changes))
    assert refused.value.code == code
    assert db.store.tables.cases == {} and db.store.tables.staff_lines == []
    assert db.published == []


async def test_a_clerk_registers_a_window_case_and_screens_it_in_the_same_request() -> None:
    db = intake()
    registered = await submit(db, form(channel="window"), clerk=CLERK, screening=decision("accept"))
    assert registered.status == "accepted"
    assert db.events(CaseRegistered)[0].actor == CLERK.actor
    assert db.events(CaseAccepted)[0].actor == CLERK.actor
    (clerk_decision,) = db.store.tables.decisions
    assert clerk_decision["kind"] == "clerk" and clerk_decision["category"] == "water-outage"


async def test_a_clerk_may_not_register_a_citizens_channel() -> None:
    db = intake()
    with pytest.raises(ApiError) as refused:
        await submit(db, form(), clerk=CLERK)
    assert refused.value.code == "channel_not_allowed"
    assert db.published == []


async def test_an_unsure_suggestion_files_the_case_but_leaves_it_to_a_dispatcher() -> None:
    db = intake()
    unsure = policy(FixedClassifier("water-outage", 0.41, needs_human=True))
    registered = await submit(db, form(category=None), unsure)
    (accepted,) = db.events(CaseAccepted)
    assert accepted.needs_dispatcher and not accepted.category_confirmed
    assert accepted.classification_confidence == 0.41
    assert db.store.tables.suggestions[registered.case_id]["model_version"] == "v1"


async def test_without_a_category_or_a_suggestion_the_case_waits_for_a_clerk() -> None:
    db = intake()
    registered = await submit(db, form(category=None))
    assert registered.status == "pending"
    assert db.event_types() == ["CaseRegistered"]


async def test_a_suspected_duplicate_waits_for_a_clerk_and_defers_their_decision() -> None:
    db = intake()
    first = await submit(db, form())
    second = await submit(db, form())
    assert second.status == "pending"
    assert [d["original_case_id"] for d in second.duplicates] == [first.case_id]
    assert db.store.tables.cases[second.case_id]["duplicate_review"] == "pending"
    third = await submit(db, form(channel="hotline"), clerk=CLERK, screening=decision("accept"))
    assert third.screening_deferred == "duplicate_review_pending"
    assert db.event_types() == [
        "CaseRegistered",
        "CaseAccepted",
        "CaseRegistered",
        "CaseRegistered",
    ]
