"""The window's routine on intake's in-memory store: the duty roster, the case a clerk
registers at the window recording who received it and the leader on duty then, and what the
acceptance form is made from."""

from __future__ import annotations

import copy
from datetime import date, timedelta

import pytest

from common.auth import Principal
from common.clock import utcnow
from common.errors import ApiError
from common.vocabulary import Role
from intake.domain.acceptance import PromisedLimit, acceptance_form
from intake.domain.roster import Half, slot_of
from intake.service import registration, staff_views
from intake.window import forms, service
from intake.window.forms import FormSetup
from intake.window.schemas import DutyInput
from tests.support.intake_world import NAMES, form, intake, policy

SUPERVISOR = Principal("zhou", Role.SUPERVISOR, name="周督查")
WINDOW_CLERK = Principal("wang", Role.CLERK, name="王芳")
DAY = date(2026, 3, 9)


def duty(leader: str = "刘局长", *specialists: tuple[str | None, str]) -> DutyInput:
    return DutyInput.model_validate(
        {
            "specialists": [{"username": u, "name": n} for u, n in specialists]
            or [{"username": "wang", "name": "王芳"}],
            "leader": {"name": leader, "title": "副局长", "department": "区政务服务中心"},
        }
    )


async def set_duty(db, day: date, half: Half, given: DutyInput) -> dict:
    async with db.unit_of_work() as uow:
        return await service.set_duty(uow, day, half, given, editor=SUPERVISOR)


async def test_a_half_day_is_rostered_replaced_and_read_back_in_order() -> None:
    db = intake()
    await set_duty(db, DAY, Half.PM, duty("刘局长"))
    await set_duty(db, DAY, Half.AM, duty("陈主任"))
    replaced = await set_duty(db, DAY, Half.PM, duty("赵科长"))
    assert replaced["leader"]["name"] == "赵科长" and replaced["updated_by"] == "supervisor:zhou"
    read = await service.roster(db.store, DAY, DAY + timedelta(days=1))
    assert [(d["half"], d["leader"]["name"]) for d in read] == [("am", "陈主任"), ("pm", "赵科长")]
    assert await service.roster(db.store, DAY + timedelta(days=1), DAY + timedelta(days=2)) == []


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [(DAY, DAY - timedelta(days=1), "to"), (DAY, DAY + timedelta(days=62), "to")],
)
async def test_a_range_the_roster_cannot_answer_is_refused(start, end, field) -> None:
    db = intake()
    with pytest.raises(ApiError) as refused:
        await service.roster(db.store, start, end)
    assert refused.value.code == "invalid_range"
    assert refused.value.details["fields"][0]["field"] == field


async def test_a_specialist_listed_twice_is_refused_and_changes_nothing() -> None:
    db = intake()
    await set_duty(db, DAY, Half.AM, duty("陈主任"))
    before = copy.deepcopy(db.store.tables.duty_roster)
    twice = duty("刘局长", ("wang", "王芳"), ("li", "李雷"), ("wang", "王芳"))
    with pytest.raises(ApiError) as refused:
        await set_duty(db, DAY, Half.AM, twice)
    assert refused.value.code == "duplicate_specialist"
    assert refused.value.details["fields"][0]["field"] == "specialists.2"
    assert db.store.tables.duty_roster == before


async def test_a_window_case_records_the_clerk_and_the_leader_on_duty_then() -> None:
    db = intake()
    today = slot_of(utcnow()).day
    # both halves rostered, so the half the case falls in decides, even across noon
    await set_duty(db, today, Half.AM, duty("陈主任"))
    await set_duty(db, today, Half.PM, duty("刘局长"))
    async with db.unit_of_work() as uow:
        registered = await registration.submit(
            uow, form(channel="window"), policy=policy(), clerk=WINDOW_CLERK
        )
    case = db.store.tables.cases[registered.case_id]
    expected = "陈主任" if slot_of(case["registered_at"]).half is Half.AM else "刘局长"
    view = await staff_views.staff_case(db.store, registered.case_id, viewer=WINDOW_CLERK)
    assert view["received_by"] == {"username": "wang", "name": "王芳"}
    assert view["leader_on_duty"] == expected


async def test_without_a_roster_the_case_records_the_clerk_and_no_leader() -> None:
    db = intake()
    async with db.unit_of_work() as uow:
        registered = await registration.submit(
            uow, form(channel="window"), policy=policy(), clerk=WINDOW_CLERK
        )
    view = await staff_views.staff_case(db.store, registered.case_id, viewer=WINDOW_CLERK)
    assert view["received_by"] == {"username": "wang", "name": "王芳"}
    assert view["leader_on_duty"] is None


async def test_cases_not_received_at_the_window_record_nobody() -> None:
    db = intake()
    await set_duty(db, slot_of(utcnow()).day, slot_of(utcnow()).half, duty())
    async with db.unit_of_work() as uow:
        hotline = await registration.submit(
            uow, form(channel="hotline"), policy=policy(), clerk=WINDOW_CLERK
        )
        online = await registration.submit(uow, form(), policy=policy())
    for case_id in (hotline.case_id, online.case_id):
        view = await staff_views.staff_case(db.store, case_id, viewer=WINDOW_CLERK)
        assert view["received_by"] is None and view["leader_on_duty"] is None


SETUP = FormSetup("岳麓区", "https://civic.example.cn", NAMES)


async def window_case(db):
    async with db.unit_of_work() as uow:
        return await registration.submit(
            uow, form(channel="window"), policy=policy(), clerk=WINDOW_CLERK
        )


async def test_the_form_carries_the_case_its_promised_limit_and_who_received_it() -> None:
    db = intake()
    for half in Half:  # whichever half the registration falls in
        await set_duty(db, slot_of(utcnow()).day, half, duty("刘局长"))
    await db.store.window.apply_limits(
        3,
        [
            PromisedLimit("complaint", None, 5, "working_days"),
            PromisedLimit("complaint", "water-outage", 2, "working_days"),
        ],
    )
    registered = await window_case(db)
    facts = await forms.form_facts(
        db.store,
        registered.case_id,
        registered.tracking_code.lower(),
        clerk=WINDOW_CLERK,
        setup=SETUP,
        category_names={"water-outage": "停水"},
    )
    assert facts.tracking_code == registered.tracking_code
    assert facts.limit is not None and (facts.limit.amount, facts.limit.category) == (
        2,
        "water-outage",
    )
    lines = dict(acceptance_form(facts).lines)
    assert lines["分类"] == "停水" and lines["诉求类型"] == "投诉"
    assert lines["接件人"] == "王芳" and lines["值班领导"] == "刘局长"
    assert acceptance_form(facts).rating_link == (
        f"https://civic.example.cn/portal/visit/{registered.case_id}"
        f"?code={registered.tracking_code}"
    )


async def test_a_wrong_tracking_code_is_refused_and_changes_nothing() -> None:
    db = intake()
    registered = await window_case(db)
    before, published = copy.deepcopy(db.store.tables), len(db.published)
    with pytest.raises(ApiError) as refused:
        await forms.form_facts(
            db.store,
            registered.case_id,
            "ABCDEFGH" if registered.tracking_code != "ABCDEFGH" else "HGFEDCBA",
            clerk=WINDOW_CLERK,
            setup=SETUP,
            category_names={},
        )
    assert refused.value.code == "wrong_tracking_code"
    assert refused.value.details["fields"][0]["field"] == "tracking_code"
    assert db.store.tables == before and len(db.published) == published
