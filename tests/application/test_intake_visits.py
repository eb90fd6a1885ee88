"""Window visits rated by the public (窗口单位百姓评) on intake's in-memory store: the page, the
rating once per case, the tracking code checked under its throttle, cases filed elsewhere
refused, and the roll-ups per window unit and staff member. Refusals change nothing."""

from __future__ import annotations

import copy
from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from common.auth import Principal
from common.errors import ApiError
from common.vocabulary import Role
from intake.service import registration, tracking
from intake.visits import service as visits
from tests.support.intake_world import AT, form, intake, policy

CLERK = Principal("wang", Role.CLERK, department="service-centre", name="王芳")
NAMES = {"service-centre": "政务服务中心"}
DAY = date(2026, 3, 9)  # AT's day in Asia/Shanghai


async def registered(db, channel: str = "window", clerk: Principal | None = CLERK):
    async with db.unit_of_work() as uow:
        receipt = await registration.submit(
            uow, form(channel=channel), policy=policy(), clerk=clerk
        )
    async with db.unit_of_work() as uow:
        case = await uow.store.cases.find_case(receipt.case_id)
    return case, receipt.tracking_code


async def rate(db, case, window: int = 5, staff: int = 4, comment: str | None = "办事很快"):
    async with db.unit_of_work() as uow:
        return await visits.rate(
            uow, case, window=window, staff=staff, comment=comment, now=AT, names=NAMES
        )


async def test_a_window_case_shows_its_unit_and_staff_member_until_rated() -> None:
    db = intake()
    case, _ = await registered(db)
    assert case.window_unit == "service-centre"
    async with db.unit_of_work() as uow:
        page = await visits.visit_page(uow, case, NAMES)
    assert page["window_unit_name"] == "政务服务中心"
    assert (page["staff_name"], page["already_rated"]) == ("王芳", False)
    rated = await rate(db, case)
    assert rated["already_rated"] is True
    row = db.store.tables.visit_ratings[case.case_id]
    assert (row["window_unit"], row["staff_username"], row["window_score"]) == (
        "service-centre",
        "wang",
        5,
    )


async def test_a_second_rating_is_refused_and_changes_nothing() -> None:
    db = intake()
    case, _ = await registered(db)
    await rate(db, case)
    before = copy.deepcopy(db.store.tables)
    with pytest.raises(ApiError) as refused:
        await rate(db, case, window=1, staff=1, comment="改主意了")
    assert (refused.value.status, refused.value.code) == (409, "already_rated")
    assert db.store.tables == before


@pytest.mark.parametrize("channel", ["web", "hotline"])
async def test_a_case_not_received_at_a_window_has_no_visit_to_rate(channel: str) -> None:
    db = intake()
    clerk = CLERK if channel == "hotline" else None
    case, _ = await registered(db, channel, clerk)
    before = copy.deepcopy(db.store.tables)
    for attempt in (visits.visit_page, None):
        with pytest.raises(ApiError) as refused:
            if attempt is None:
                await rate(db, case)
            else:
                async with db.unit_of_work() as uow:
                    await attempt(uow, case, NAMES)
        assert (refused.value.status, refused.value.code) == (422, "not_a_window_visit")
        assert "窗口" in refused.value.message
    assert db.store.tables == before


def request_from(host: str) -> SimpleNamespace:
    return SimpleNamespace(client=SimpleNamespace(host=host))


async def test_the_code_is_checked_as_for_tracking_and_wrong_codes_are_counted() -> None:
    db = intake()
    case, code = await registered(db)
    async with db.unit_of_work() as uow:
        wrong = await tracking.check_code(
            uow, case.case_id, "ZZZZZZZZ", request_from("10.0.0.1"), policy()
        )
    assert wrong.case is None and wrong.refusal().status == 404
    assert db.store.tables.visit_ratings == {}
    assert db.store.tables.throttle  # the wrong guess counts against the address and the case
    async with db.unit_of_work() as uow:
        right = await tracking.check_code(
            uow, case.case_id, code, request_from("10.0.0.1"), policy()
        )
    assert right.case is not None and right.case.case_id == case.case_id


async def test_roll_ups_per_unit_and_staff_member_over_the_period() -> None:
    db = intake()
    first, _ = await registered(db)
    second, _ = await registered(db)
    await rate(db, first, window=5, staff=5)
    await rate(db, second, window=2, staff=4, comment=None)
    async with db.unit_of_work() as uow:
        figures = await visits.roll_ups(uow.store, start=DAY, end=DAY, names=NAMES)
        before = await visits.roll_ups(
            uow.store, start=DAY - timedelta(days=7), end=DAY - timedelta(days=1), names=NAMES
        )
    (unit,) = figures["units"]
    assert (unit["window_unit_name"], unit["count"], unit["window_average"]) == (
        "政务服务中心",
        2,
        3.5,
    )
    assert unit["satisfied_share"] == 0.5
    (member,) = figures["staff"]
    assert (member["username"], member["staff_average"], member["satisfied_share"]) == (
        "wang",
        4.5,
        1.0,
    )
    assert [c["comment"] for c in member["recent_comments"]] == ["办事很快"]
    assert (figures["total"], before["total"], before["units"]) == (2, 0, [])


async def test_a_period_ending_before_it_starts_is_refused() -> None:
    db = intake()
    async with db.unit_of_work() as uow:
        with pytest.raises(ApiError) as refused:
            await visits.roll_ups(uow.store, start=DAY, end=DAY - timedelta(days=1), names=NAMES)
    assert (refused.value.status, refused.value.code) == (422, "invalid_period")
