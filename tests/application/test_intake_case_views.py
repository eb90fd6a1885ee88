"""Attachments, the submitter's tracking and the staff's views on intake's in-memory store:
what each use case the API calls answers, and what it refuses."""

from __future__ import annotations

import copy
import uuid
from types import SimpleNamespace

import pytest

from common.errors import ApiError
from common.events import CaseAssigned
from intake.handlers import handlers
from intake.repository.store import CaseFilters
from intake.service import attachments, registration, staff_views, tracking
from tests.support.intake_world import (
    CLERK,
    HANDLER,
    NAMES,
    OTHER_HANDLER,
    form,
    intake,
    policy,
    sample,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
BROWSER = SimpleNamespace(client=SimpleNamespace(host="10.0.0.7"))


async def registered(db, **changes):
    async with db.unit_of_work() as uow:
        return await registration.submit(uow, form(**changes), policy=policy())


async def add(db, case_id: str, content: bytes = PNG):
    async with db.unit_of_work() as uow:
        return await attachments.add_attachment(
            uow,
            case_id,
            filename="现场.png",
            content=content,
            actor=CLERK.actor,
            limits=policy().attachments,
        )


async def assigned_to_water(db, case_id: str) -> None:
    chosen = handlers(NAMES, {})
    event = sample(CaseAssigned, lead_department="water", category="water-outage", actor="d:1")
    await db.deliver(chosen, event, case_id=case_id)


async def test_an_attachment_is_kept_and_put_on_the_staff_timeline() -> None:
    db = intake()
    case_id = (await registered(db)).case_id
    stored = await add(db, case_id)
    assert stored["media_type"] == "image/png" and stored["size_bytes"] == len(PNG)
    assert db.store.tables.staff_lines[-1]["action"] == "AttachmentAdded"
    await assigned_to_water(db, case_id)
    found = await attachments.attachment(
        db.store, case_id, db.store.tables.attachments[0]["attachment_id"], viewer=HANDLER
    )
    assert bytes(found.content) == PNG


@pytest.mark.parametrize(
    ("case_id", "content", "code"),
    [("20990101000001", PNG, "case_not_found"), (None, b"plain text", "unsupported_media_type")],
)
async def test_a_refused_attachment_changes_nothing(
    case_id: str | None, content: bytes, code: str
) -> None:
    db = intake()
    real = (await registered(db)).case_id
    before, published = copy.deepcopy(db.store.tables), len(db.published)
    with pytest.raises(ApiError) as refused:
        await add(db, case_id or real, content)
    assert refused.value.code == code
    assert db.store.tables == before and len(db.published) == published


async def test_staff_of_another_department_cannot_find_the_attachment() -> None:
    db = intake()
    case_id = (await registered(db)).case_id
    await add(db, case_id)
    await assigned_to_water(db, case_id)
    attachment_id = db.store.tables.attachments[0]["attachment_id"]
    with pytest.raises(ApiError) as refused:
        await attachments.attachment(db.store, case_id, attachment_id, viewer=OTHER_HANDLER)
    assert refused.value.status == 404  # the same answer as for no such case
    with pytest.raises(ApiError) as missing:
        await attachments.attachment(db.store, case_id, uuid.uuid4(), viewer=CLERK)
    assert missing.value.code == "attachment_not_found"


async def test_the_right_tracking_code_shows_the_public_timeline() -> None:
    db = intake()
    receipt = await registered(db)
    async with db.unit_of_work() as uow:
        checked = await tracking.check_code(
            uow, receipt.case_id, receipt.tracking_code, BROWSER, policy()
        )
        view = await tracking.public_case(uow, checked.case)
    assert view["status"] == "accepted"
    assert [line["status"] for line in view["timeline"]] == ["registered", "accepted"]
    assert set(db.store.tables.throttle.values()) == {0}  # the right code takes its count back


async def test_wrong_codes_are_counted_and_past_the_cases_limit_answered_429() -> None:
    db = intake()
    receipt = await registered(db)
    published = len(db.published)

    async def check(code: str):
        async with db.unit_of_work() as uow:
            return await tracking.check_code(uow, receipt.case_id, code, BROWSER, policy())

    for _ in range(policy().tracking.per_case):
        assert (await check("ZZZZZZ")).refusal().code == "case_not_found"
    too_many = await check("ZZZZZZ")
    assert too_many.too_many_for_case and too_many.refusal().code == "too_many_attempts"
    assert (await check(receipt.tracking_code)).case is not None  # the right code still wins
    assert len(db.published) == published  # tracking publishes nothing


async def test_a_merged_duplicate_follows_its_originals_status() -> None:
    db = intake()
    original = await registered(db)
    duplicate = await registered(db)
    db.store.tables.cases[duplicate.case_id]["merged_into"] = original.case_id
    async with db.unit_of_work() as uow:
        case = await uow.store.cases.find_case(duplicate.case_id)
        view = await tracking.public_case(uow, case)
    assert view["merged_into"] == original.case_id and view["status"] == "accepted"


async def test_staff_views_mask_contact_details_and_keep_handlers_to_their_department() -> None:
    db = intake()
    first = (await registered(db)).case_id
    second = (await registered(db, title="路面塌陷", category="road-damage")).case_id
    await assigned_to_water(db, first)
    full = await staff_views.staff_case(db.store, first, viewer=HANDLER)
    assert full["submitter"]["phone"] != "13800138000" and full["handling"]["round"] == 1
    assert [line["action"] for line in full["timeline"]][:2] == ["CaseRegistered", "CaseAccepted"]
    assert (await staff_views.staff_case(db.store, first, viewer=CLERK))["submitter"][
        "phone"
    ] == "13800138000"
    with pytest.raises(ApiError):
        await staff_views.staff_case(db.store, first, viewer=OTHER_HANDLER)
    everything = await staff_views.staff_cases(db.store, CaseFilters(), viewer=CLERK)
    assert [row["case_id"] for row in everything] == [second, first]
    mine = await staff_views.staff_cases(db.store, CaseFilters(), viewer=HANDLER)
    assert [row["case_id"] for row in mine] == [first]
    assert mine[0]["lead_department"] == "water"
    queue = await staff_views.screening_queue(db.store, viewer=CLERK, limit=10)
    assert [row["case_id"] for row in queue] == [second]
    assert queue[0]["suspected_originals"][0]["original_case_id"] == first
    with pytest.raises(ApiError) as missing:
        await staff_views.staff_case(db.store, "20990101000001", viewer=CLERK)
    assert missing.value.code == "case_not_found"
