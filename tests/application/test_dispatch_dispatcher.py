"""The dispatcher's and supervisors' use cases on dispatch's in-memory store: each success,
and the main refusals changing nothing and publishing nothing."""

from __future__ import annotations

import pytest

from common.errors import ApiError
from common.events import (
    CaseAssigned,
    CaseClosed,
    CaseReclassified,
    CaseRejectedByDispatcher,
    CaseReopened,
    CaseSentBackToScreening,
    CaseTransferred,
    ExtensionDenied,
    ExtensionGranted,
    ReturnArbitrated,
)
from common.vocabulary import ArbitrationDecision
from dispatch.domain.lifecycle import CaseState, ExtensionCap, Route
from dispatch.service import bulk, departments, dispatcher
from tests.support.dispatch_world import (
    DISPATCHER,
    POLICE,
    ROAD_ROUTE,
    ROADS,
    SUPERVISOR,
    Db,
    assigned,
    case_of,
    district,
    queued,
    refused,
    resolved,
    returned,
    signed,
    state_of,
    step,
)

CAP = ExtensionCap(2, 10)


async def test_assign_routes_a_queued_case_and_reclassifies_it_first_when_asked() -> None:
    db = district()
    await queued(db)
    case = await step(
        db,
        dispatcher.assign,
        "C-1",
        DISPATCHER,
        route=ROAD_ROUTE,
        category="pothole",
        reason="按职责交办",
    )
    assert (case.state, case.lead_department, case.category) == (
        CaseState.ASSIGNED,
        "roads",
        "pothole",
    )
    assert db.event_types()[-2:] == ["CaseReclassified", "CaseAssigned"]
    assert db.events(CaseAssigned)[-1].co_handlers == ["parks"]


async def test_assign_refuses_unknown_departments_outside_units_and_unknown_categories() -> None:
    db = district()
    await queued(db)
    unknown = await refused(
        db, dispatcher.assign, "C-1", DISPATCHER, route=Route("nobody"), category=None, reason=""
    )
    assert (unknown.status, unknown.code) == (422, "unknown_department")
    outside = await refused(
        db, dispatcher.assign, "C-1", DISPATCHER, route=Route("water-co"), category=None, reason=""
    )
    assert outside.status == 422
    category = await refused(
        db, dispatcher.assign, "C-1", DISPATCHER, route=ROAD_ROUTE, category="nope", reason=""
    )
    assert (category.status, category.code) == (422, "unknown_category")


async def test_assign_refuses_an_unknown_case_and_a_case_already_assigned() -> None:
    db = district()
    missing = await refused(
        db, dispatcher.assign, "C-404", DISPATCHER, route=ROAD_ROUTE, category=None, reason=""
    )
    assert (missing.status, missing.code) == (404, "case_not_found")
    await assigned(db)
    again = await refused(
        db, dispatcher.assign, "C-1", DISPATCHER, route=ROAD_ROUTE, category=None, reason=""
    )
    assert (again.status, again.code) == (409, "illegal_transition")
    assert again.details["state"] == "assigned"


async def test_reclassify_keeps_the_route_and_says_what_the_new_rule_would_name() -> None:
    db = district()
    await assigned(db)
    done = await step_reclassify(db, "noise")
    assert (done.previous_category, done.rule_lead, done.case.category) == (
        "pothole",
        None,
        "noise",
    )
    assert done.case.lead_department == "roads"
    assert db.events(CaseReclassified)[-1].category == "noise"
    unknown = await refused(
        db, dispatcher.reclassify, "C-1", DISPATCHER, category="nope", reason=""
    )
    assert unknown.code == "unknown_category"


async def step_reclassify(db: Db, category: str) -> dispatcher.Reclassification:
    async with db.unit_of_work() as uow:
        return await dispatcher.reclassify(uow, "C-1", DISPATCHER, category=category, reason="")


async def test_send_back_returns_a_queued_case_to_screening_and_refuses_an_assigned_one() -> None:
    db = district()
    await queued(db)
    await step(db, dispatcher.send_back, "C-1", DISPATCHER, reason="诉求不清")
    assert state_of(db, "C-1") is CaseState.SENT_BACK
    assert db.events(CaseSentBackToScreening)[-1].reason == "诉求不清"
    await assigned(db, "C-2")
    wrong = await refused(db, dispatcher.send_back, "C-2", DISPATCHER, reason="诉求不清")
    assert wrong.code == "illegal_transition"


async def test_reject_ends_a_queued_case_and_refuses_a_signed_one() -> None:
    db = district()
    await queued(db)
    await step(db, dispatcher.reject, "C-1", DISPATCHER, reason="不属本区职责")
    assert state_of(db, "C-1") is CaseState.REJECTED
    assert len(db.events(CaseRejectedByDispatcher)) == 1
    await signed(db, "C-2")
    wrong = await refused(db, dispatcher.reject, "C-2", DISPATCHER, reason="不属本区职责")
    assert wrong.code == "illegal_transition"


async def test_arbitrate_reroutes_a_returned_case_and_records_the_ruling() -> None:
    db = district()
    await returned(db)
    case = await step(
        db,
        dispatcher.arbitrate,
        "C-1",
        DISPATCHER,
        decision=ArbitrationDecision.REROUTE,
        reason="改由公安处理",
        route=Route("police"),
    )
    assert (case.state, case.lead_department) == (CaseState.ASSIGNED, "police")
    assert db.events(ReturnArbitrated)[-1].decision is ArbitrationDecision.REROUTE
    (ruling,) = db.store.cases.returns
    assert (ruling["to_department"], ruling["decision"]) == ("police", "reroute")


async def test_arbitrate_refuses_a_case_not_returned_and_an_unknown_department() -> None:
    db = district()
    await assigned(db)
    wrong = await refused(
        db,
        dispatcher.arbitrate,
        "C-1",
        DISPATCHER,
        decision=ArbitrationDecision.SEND_BACK,
        reason="维持",
        route=None,
    )
    assert wrong.code == "illegal_transition"
    await returned(db, "C-2")
    unknown = await refused(
        db,
        dispatcher.arbitrate,
        "C-2",
        DISPATCHER,
        decision=ArbitrationDecision.REROUTE,
        reason="改派",
        route=Route("nobody"),
    )
    assert unknown.code == "unknown_department"


async def test_transfer_hands_a_queued_case_to_an_outside_unit_only() -> None:
    db = district()
    await queued(db)
    inside = await refused(db, dispatcher.transfer, "C-1", DISPATCHER, unit="police", note="请处理")
    assert inside.status == 422
    case = await step(db, dispatcher.transfer, "C-1", DISPATCHER, unit="water-co", note="请处理")
    assert (case.state, case.lead_department, case.transfers) == (
        CaseState.TRANSFERRED,
        "water-co",
        1,
    )
    assert db.events(CaseTransferred)[-1].unit == "water-co"


async def test_an_extension_request_is_granted_or_denied_once() -> None:
    db = district()
    await signed(db)
    await step(
        db, departments.request_extension, "C-1", ROADS, working_days=3, reason="待材料", cap=CAP
    )
    case = await step(db, dispatcher.grant_extension, "C-1", DISPATCHER)
    assert (case.extensions_granted, case.extension_days_granted) == (1, 3)
    assert case.pending_extension is None
    assert len(db.events(ExtensionGranted)) == 1
    nothing = await refused(db, dispatcher.deny_extension, "C-1", DISPATCHER, reason="不同意")
    assert nothing.status in (409, 422)
    await step(
        db, departments.request_extension, "C-1", ROADS, working_days=2, reason="再等", cap=CAP
    )
    case = await step(db, dispatcher.deny_extension, "C-1", DISPATCHER, reason="不同意")
    assert case.pending_extension is None and case.extensions_granted == 1
    assert db.events(ExtensionDenied)[-1].reason == "不同意"


async def test_supervisors_reopen_or_close_a_resolved_case() -> None:
    db = district()
    await resolved(db)
    case = await step(db, dispatcher.reopen, "C-1", SUPERVISOR, reason="督办：重新办理")
    assert (case.state, case.round) == (CaseState.ASSIGNED, 2)
    assert len(db.events(CaseReopened)) == 1
    premature = await refused(db, dispatcher.close, "C-1", SUPERVISOR, reason="归档")
    assert premature.code == "illegal_transition"
    await resolved(db, "C-2")
    await step(db, dispatcher.close, "C-2", SUPERVISOR, reason="归档")
    assert state_of(db, "C-2") is CaseState.CLOSED
    assert db.events(CaseClosed)[-1].reason == "归档"


async def test_bulk_assign_assigns_each_case_it_can_and_says_why_it_refused_the_others() -> None:
    db = district()
    await queued(db, "C-1")
    await assigned(db, "C-2")
    results = await bulk.assign_each(
        db.unit_of_work, ["C-1", "C-2", "C-404"], DISPATCHER, route=Route("police"), reason=""
    )
    assert [(r["case_id"], r["outcome"]) for r in results] == [
        ("C-1", "assigned"),
        ("C-2", "refused"),
        ("C-404", "refused"),
    ]
    assert [r.get("error") for r in results[1:]] == ["illegal_transition", "case_not_found"]
    assert case_of(db, "C-1").lead_department == "police"
    assert case_of(db, "C-2").lead_department == "roads"


async def test_bulk_assign_refuses_the_whole_selection_for_an_unknown_department() -> None:
    db = district()
    await queued(db)
    before = len(db.published)
    with pytest.raises(ApiError) as caught:
        await bulk.assign_each(db.unit_of_work, ["C-1"], DISPATCHER, route=Route("x"), reason="")
    assert caught.value.code == "unknown_department"
    assert state_of(db, "C-1") is CaseState.AWAITING_DISPATCH
    assert len(db.published) == before


async def test_a_handler_of_another_department_gets_404_for_the_case() -> None:
    db = district()
    await assigned(db)
    hidden = await refused(db, departments.sign, "C-1", POLICE)
    assert hidden.status == 404
