"""Screening through HTTP on the running system: each outcome a clerk can give, with its
event seen on Kafka, the refusals, registration by a clerk, and no contact data in events."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from common.vocabulary import Role
from tests.support.infra import TestRun
from tests.support.loop import streetlight_case, submit, wait_state
from tests.support.screening import CLERK, intake_events, public_view, register, screen, staff_view
from tests.support.stack import Stack
from tests.support.staff import headers_for


async def test_a_window_case_waits_for_screening_then_is_accepted_and_routed(
    stack: Stack, http: httpx.AsyncClient, e2e_run: TestRun
) -> None:
    receipt = await register(http, stack)
    case_id = receipt["case_id"]
    assert receipt["status"] == "pending"
    queue = await http.get(f"{stack.url('intake')}/api/v1/screening-queue", headers=CLERK)
    (waiting,) = [c for c in queue.json() if c["case_id"] == case_id]
    assert waiting["queued_reason_code"] == "awaiting_clerk"
    assert waiting["queued_reason"] == "窗口登记的诉求，待窗口工作人员甄别"

    accepted = await screen(http, stack, case_id, outcome="accept")
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["screening_state"] == "accepted"
    registered, event = await intake_events(e2e_run, case_id, 2)
    assert registered.event_type == "CaseRegistered"
    assert registered.payload["actor"] == "clerk:window-1"
    assert event.event_type == "CaseAccepted" and event.payload["actor"] == "clerk:window-1"
    await wait_state(http, stack, case_id, "assigned")

    again = await screen(http, stack, case_id, outcome="reject", reason="重复操作")
    assert again.status_code == 409
    assert again.json()["error"] == "already_screened"
    assert again.json()["screening_state"] == "accepted"
    view = await staff_view(http, stack, case_id)
    assert view["screening"]["by"] == "clerk:window-1"
    assert [line["action"] for line in view["timeline"]][:2] == ["CaseRegistered", "CaseAccepted"]


@pytest.mark.parametrize(
    ("decision", "event_type", "state", "public_status"),
    [
        (
            {"outcome": "reject", "reason": "属于司法诉讼事项，不予受理"},
            "CaseRejected",
            "rejected",
            "rejected",
        ),
        (
            {"outcome": "resolve_on_the_spot", "answer": "当场为其补开了证明"},
            "CaseResolvedOnTheSpot",
            "resolved_on_the_spot",
            "resolved_on_the_spot",
        ),
        (
            {"outcome": "answer_consultation", "answer": "办理居住证需携带身份证和租房合同"},
            "CaseResolvedOnTheSpot",
            "answered",
            "resolved_on_the_spot",
        ),
    ],
)
async def test_screening_outcomes_emit_their_event_and_show_publicly(
    stack: Stack,
    http: httpx.AsyncClient,
    e2e_run: TestRun,
    decision: dict[str, Any],
    event_type: str,
    state: str,
    public_status: str,
) -> None:
    receipt = await register(http, stack)
    case_id = receipt["case_id"]
    response = await screen(http, stack, case_id, **decision)
    assert response.status_code == 200, response.text
    assert response.json()["screening_state"] == state
    # a consultation answered from no knowledge article leaves a gap (KnowledgeGapOpened)
    gap = decision["outcome"] == "answer_consultation"
    _, event, *more = await intake_events(e2e_run, case_id, 3 if gap else 2)
    assert [e.event_type for e in more] == (["KnowledgeGapOpened"] if gap else [])
    assert event.event_type == event_type
    assert event.payload["actor"] == "clerk:window-1"
    if event_type == "CaseResolvedOnTheSpot":
        assert event.payload["outcome"] == decision["outcome"]
        assert event.payload["answer"] == decision["answer"]
    else:
        assert event.payload["reason"] == decision["reason"]
    view = await public_view(http, stack, receipt)
    assert view["status"] == public_status
    assert (decision.get("reason") or decision["answer"]) in view["timeline"][-1]["text"]


async def test_screening_in_the_registration_request(
    stack: Stack, http: httpx.AsyncClient, e2e_run: TestRun
) -> None:
    body = streetlight_case(
        channel="hotline",
        kind="consultation",
        category=None,
        location=None,
        title="咨询营业执照办理",
        description="想问一下个体户营业执照怎么办理。",
        screening={"outcome": "answer_consultation", "answer": "营业执照可在网上办理"},
    )
    unsorted = await http.post(
        f"{stack.url('intake')}/api/v1/staff/cases", json=body, headers=CLERK
    )
    # no category given: the classifier's suggestion is filed, marked as not confirmed
    assert unsorted.status_code == 201, unsorted.text
    assert unsorted.json()["status"] == "answered"
    _, spot, gap = await intake_events(e2e_run, unsorted.json()["case_id"], 3)
    assert (spot.event_type, spot.payload["category"]) == (
        "CaseResolvedOnTheSpot",
        "business-licence",
    )
    assert (gap.event_type, gap.payload["department"]) == (
        "KnowledgeGapOpened",
        "market-regulation",
    )

    answered = await register(
        http,
        stack,
        screening={"outcome": "answer_consultation", "answer": "营业执照可在网上办理"},
        channel="leader_at_window",
        kind="consultation",
        category="business-licence",
        title="咨询营业执照办理流程",
        description="想问一下个体户营业执照怎么办理。",
    )
    assert answered["status"] == "answered"
    registered, event, _ = await intake_events(e2e_run, answered["case_id"], 3)
    assert registered.payload["channel"] == "leader_at_window"
    assert event.event_type == "CaseResolvedOnTheSpot"


async def test_a_case_without_category_is_routed_by_a_confident_classifier(
    stack: Stack, http: httpx.AsyncClient, e2e_run: TestRun
) -> None:
    response = await http.post(
        f"{stack.url('intake')}/api/v1/cases", json=streetlight_case(category=None)
    )
    assert response.status_code == 201, response.text
    receipt = response.json()
    assert receipt["status"] == "accepted"
    registered, accepted = await intake_events(e2e_run, receipt["case_id"], 2)
    assert registered.payload["category"] == "streetlight"
    assert accepted.payload["category"] == "streetlight"
    assert accepted.payload["category_confirmed"] is False
    assert accepted.payload["classification_confidence"] >= 0.6
    assert accepted.payload["needs_dispatcher"] is False
    assigned = await wait_state(http, stack, receipt["case_id"], "assigned")
    assert assigned["lead_department"] == "urban-management"


async def test_an_unsure_classification_goes_to_a_dispatcher_never_to_a_guess(
    stack: Stack, http: httpx.AsyncClient, e2e_run: TestRun
) -> None:
    vague = streetlight_case(category=None, title="你好", description="请回电话给我")
    response = await http.post(f"{stack.url('intake')}/api/v1/cases", json=vague)
    assert response.status_code == 201, response.text
    case_id = response.json()["case_id"]
    _, accepted = await intake_events(e2e_run, case_id, 2)
    assert accepted.payload["needs_dispatcher"] is True
    assert accepted.payload["category_confirmed"] is False
    waiting = await wait_state(http, stack, case_id, "awaiting_dispatch")
    assert waiting["lead_department"] is None


async def test_the_clerk_confirms_or_overrides_the_category_and_it_is_measured(
    stack: Stack, http: httpx.AsyncClient, e2e_run: TestRun
) -> None:
    receipt = await register(http, stack, category=None)  # registered, waiting for screening
    assert receipt["status"] == "pending"
    unknown = await screen(http, stack, receipt["case_id"], outcome="accept", category="ufo")
    assert unknown.status_code == 422 and unknown.json()["error"] == "unknown_category"
    ok = await screen(
        http, stack, receipt["case_id"], outcome="accept", category="road-maintenance"
    )
    assert ok.status_code == 200, ok.text
    _, accepted = await intake_events(e2e_run, receipt["case_id"], 2)
    assert accepted.payload["category"] == "road-maintenance"
    assert accepted.payload["category_confirmed"] is True
    accuracy = await http.get(
        f"{stack.url('intake')}/api/v1/classification/accuracy",
        headers=headers_for(Role.SUPERVISOR),
    )
    assert accuracy.status_code == 200, accuracy.text
    assert accuracy.json()["decided"] >= 1
    await wait_state(http, stack, receipt["case_id"], "assigned")


async def test_screening_refusals(stack: Stack, http: httpx.AsyncClient) -> None:
    receipt = await register(http, stack)
    case_id = receipt["case_id"]
    no_reason = await screen(http, stack, case_id, outcome="reject")
    assert no_reason.status_code == 422 and no_reason.json()["fields"][0]["field"] == "reason"
    no_answer = await screen(http, stack, case_id, outcome="resolve_on_the_spot")
    assert no_answer.status_code == 422
    unknown_original = await screen(
        http, stack, case_id, outcome="merge_duplicate", original_case_id="19990101000001"
    )
    assert unknown_original.status_code == 422
    assert unknown_original.json()["error"] == "unknown_original"
    missing = await http.post(
        f"{stack.url('intake')}/api/v1/cases/19990101000001/screening",
        json={"outcome": "accept"},
        headers=CLERK,
    )
    assert missing.status_code == 404
    handler = await http.post(
        f"{stack.url('intake')}/api/v1/cases/{case_id}/screening",
        json={"outcome": "accept"},
        headers=headers_for(Role.HANDLER, "urban-management"),
    )
    assert handler.status_code == 403 and handler.json()["error"] == "forbidden_role"
    anonymous = await http.post(
        f"{stack.url('intake')}/api/v1/cases/{case_id}/screening", json={"outcome": "accept"}
    )
    assert anonymous.status_code == 401
    public_window = await http.post(
        f"{stack.url('intake')}/api/v1/cases", json=streetlight_case(channel="window")
    )
    assert public_window.status_code == 422
    assert public_window.json()["error"] == "channel_not_allowed"
    staff_web = await http.post(
        f"{stack.url('intake')}/api/v1/staff/cases", json=streetlight_case(), headers=CLERK
    )
    assert staff_web.status_code == 422 and staff_web.json()["error"] == "channel_not_allowed"
    assert (await staff_view(http, stack, case_id))["screening_state"] == "pending"


async def test_no_phone_or_identity_number_in_events(
    stack: Stack, http: httpx.AsyncClient, e2e_run: TestRun
) -> None:
    phone, identity = "13912345678", "430104198504121234"
    receipt = await submit(
        http,
        stack,
        submitter={"name": "刘女士", "phone": phone, "identity_number": identity},
        location={"address": "湘江新区望月湖街道望月湖路88号"},
    )
    assert receipt["status"] == "accepted"
    registered, accepted = await intake_events(e2e_run, receipt["case_id"], 2)
    for envelope in (registered, accepted):
        raw = envelope.to_bytes().decode()
        assert phone not in raw and identity not in raw and "刘女士" not in raw
    assert registered.payload["area"] == "street-wangyue"
    assert accepted.payload["area"] == "street-wangyue"


async def test_area_given_must_be_a_street(stack: Stack, http: httpx.AsyncClient) -> None:
    response = await http.post(
        f"{stack.url('intake')}/api/v1/cases",
        json=streetlight_case(location={"address": "湘江新区某处", "area": "urban-management"}),
    )
    assert response.status_code == 422 and response.json()["error"] == "unknown_area"
