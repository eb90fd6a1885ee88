"""Duplicates on the running system: flagged at registration with their likely originals,
then merged (the merged case's public page follows the original) or dismissed."""

from __future__ import annotations

from typing import Any

import httpx

from tests.support.infra import TestRun
from tests.support.kafka import eventually
from tests.support.loop import streetlight_case, submit, wait_state
from tests.support.screening import (
    CLERK,
    intake_events,
    public_view,
    screen,
    staff_view,
)
from tests.support.stack import Stack


async def submit_pending(http: httpx.AsyncClient, stack: Stack, body: dict[str, Any]) -> Any:
    response = await http.post(f"{stack.url('intake')}/api/v1/cases", json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def test_same_submitter_same_matter_is_flagged_and_merged(
    stack: Stack, http: httpx.AsyncClient, e2e_run: TestRun
) -> None:
    original = await submit(http, stack)
    assert original["status"] == "accepted"
    first = (await staff_view(http, stack, original["case_id"]))["submitter"]["phone"]
    again = streetlight_case(
        title="路灯还是不亮",
        description="片区主干道的42盏路灯多年不亮，晚上出行很不方便！",
        submitter={"name": "张先生", "phone": first},
    )
    receipt = await submit_pending(http, stack, again)
    case_id = receipt["case_id"]
    assert receipt["status"] == "pending"

    view = await staff_view(http, stack, case_id)
    assert view["duplicate_review"] == "pending"
    (flag,) = view["duplicates"]["suspected_originals"]
    assert flag["original_case_id"] == original["case_id"]
    assert flag["reasons"] == ["same_submitter"] and flag["score"] >= 0.5
    queue = (await http.get(f"{stack.url('intake')}/api/v1/screening-queue", headers=CLERK)).json()
    queued = next(c for c in queue if c["case_id"] == case_id)
    assert queued["suspected_originals"][0]["original_case_id"] == original["case_id"]
    assert queued["queued_reason_code"] == "duplicate_suspected"
    assert queued["queued_reason"].startswith("疑似重复件")

    blocked = await screen(http, stack, case_id, outcome="accept")
    assert blocked.status_code == 409 and blocked.json()["error"] == "duplicate_review_pending"

    merged = await screen(
        http,
        stack,
        case_id,
        outcome="merge_duplicate",
        original_case_id=original["case_id"],
        reason="同一诉求人重复反映",
    )
    assert merged.status_code == 200, merged.text
    _, event = await intake_events(e2e_run, case_id, 2)
    assert event.event_type == "CaseMerged"
    assert event.payload["original_case_id"] == original["case_id"]
    assert event.payload["similarity"] == flag["score"]
    assert event.payload["actor"] == "clerk:window-1"

    await wait_state(http, stack, original["case_id"], "assigned")

    async def follows_original() -> dict[str, Any] | None:
        page = await public_view(http, stack, receipt)
        return page if page["status"] == "assigned" else None

    page = await eventually(follows_original)
    assert page["merged_into"] == original["case_id"]
    statuses = [line["status"] for line in page["timeline"]]
    assert statuses[:2] == ["registered", "merged"]
    assert "assigned" in statuses[2:]
    after = await staff_view(http, stack, case_id)
    assert after["duplicates"]["review"] == "confirmed"
    assert after["duplicates"]["reviewed_by"] == "clerk:window-1"
    assert after["screening"]["merged_into"] == original["case_id"]


async def test_same_place_is_flagged_then_dismissed_and_accepted(
    stack: Stack, http: httpx.AsyncClient, e2e_run: TestRun
) -> None:
    original = await submit(http, stack)
    place = (await staff_view(http, stack, original["case_id"]))["location"]
    nearby = {
        "address": "附近另一个路口",
        "latitude": place["latitude"] + 0.0005,  # about 55 m north
        "longitude": place["longitude"],
    }
    receipt = await submit_pending(
        http,
        stack,
        streetlight_case(
            title="十字路口路灯坏了",
            description="路口的路灯灯罩掉了，灯也不亮。",
            location=nearby,
        ),
    )
    case_id = receipt["case_id"]
    assert receipt["status"] == "pending"
    (flag,) = (await staff_view(http, stack, case_id))["duplicates"]["suspected_originals"]
    assert flag["reasons"] == ["same_place"] and 30 < flag["distance_m"] < 80

    url = f"{stack.url('intake')}/api/v1/cases/{case_id}/duplicates/dismiss"
    no_reason = await http.post(url, json={}, headers=CLERK)
    assert no_reason.status_code == 422
    dismissed = await http.post(url, json={"reason": "不同路口的另一盏灯"}, headers=CLERK)
    assert dismissed.status_code == 200, dismissed.text
    twice = await http.post(url, json={"reason": "again"}, headers=CLERK)
    assert twice.status_code == 409 and twice.json()["error"] == "no_duplicate_review_pending"

    accepted = await screen(http, stack, case_id, outcome="accept")
    assert accepted.status_code == 200, accepted.text
    _, event = await intake_events(e2e_run, case_id, 2)
    assert event.event_type == "CaseAccepted"
    await wait_state(http, stack, case_id, "assigned")
    view = await staff_view(http, stack, case_id)
    assert view["duplicates"]["review"] == "dismissed"
    assert view["duplicates"]["reviewed_by"] == "clerk:window-1"
    dismissal = next(line for line in view["timeline"] if line["action"] == "DuplicateDismissed")
    assert dismissal["actor"] == "clerk:window-1"
    assert dismissal["detail"] == "不同路口的另一盏灯"


async def test_a_different_matter_from_the_same_submitter_is_not_flagged(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    original = await submit(http, stack)
    phone = (await staff_view(http, stack, original["case_id"]))["submitter"]["phone"]
    other = await submit(
        http,
        stack,
        category="sanitation",
        title="垃圾桶满了没人清",
        description="小区门口垃圾桶三天没有清运，气味很大。",
        submitter={"name": "张先生", "phone": phone},
    )
    assert other["status"] == "accepted"
