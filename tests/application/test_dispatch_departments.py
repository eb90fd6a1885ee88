"""The handling departments' and outside units' use cases on dispatch's in-memory store:
each success, and the main refusals changing nothing and publishing nothing."""

from __future__ import annotations

from common.events import (
    CaseResolved,
    CaseResumed,
    CaseReturned,
    CaseSigned,
    CaseSuspended,
    CoHandlerOpinionFiled,
    ExtensionRequested,
    SubmitterContacted,
    TransferAcknowledged,
    TransferAnswered,
)
from common.vocabulary import ResolutionResult
from dispatch.domain.lifecycle import Action, CaseState, ExtensionCap
from dispatch.service import departments
from tests.support.dispatch_world import (
    PARKS,
    ROADS,
    WATER,
    assigned,
    district,
    refused,
    signed,
    state_of,
    step,
    transferred,
)

CAP = ExtensionCap(1, 5)


async def test_the_lead_signs_an_assigned_case_once() -> None:
    db = district()
    await assigned(db)
    case = await step(db, departments.sign, "C-1", ROADS)
    assert case.state is CaseState.SIGNED
    assert db.events(CaseSigned)[-1].department == "roads"
    again = await refused(db, departments.sign, "C-1", ROADS)
    assert again.code == "illegal_transition"
    assert "sign" not in again.details["allowed_actions"]


async def test_a_co_handler_may_not_sign() -> None:
    db = district()
    await assigned(db)
    not_lead = await refused(db, departments.sign, "C-1", PARKS)
    assert (not_lead.status, not_lead.code) == (403, "not_handling_department")


async def test_contact_is_recorded_and_the_state_stays() -> None:
    db = district()
    await signed(db)
    case = await step(db, departments.contact, "C-1", ROADS, note="电话联系，约定周三上门")
    assert case.state is CaseState.SIGNED
    assert len(db.events(SubmitterContacted)) == 1
    assert db.store.cases.timeline("C-1")[-1].action is Action.CONTACT
    await assigned(db, "C-2")
    early = await refused(db, departments.contact, "C-2", ROADS, note="联系")
    assert early.code == "illegal_transition"


async def test_return_sends_the_case_to_arbitration_with_a_row_of_its_own() -> None:
    db = district()
    await assigned(db)
    case = await step(db, departments.return_case, "C-1", ROADS, reason="不属本单位职责")
    assert (case.state, case.returns) == (CaseState.RETURNED, 1)
    assert db.events(CaseReturned)[-1].reason == "不属本单位职责"
    (row,) = db.store.cases.returns
    assert (row["from_department"], row["decided_at"]) == ("roads", None)
    twice = await refused(db, departments.return_case, "C-1", ROADS, reason="再退")
    assert twice.code == "illegal_transition"


async def test_an_extension_request_waits_for_the_dispatcher_within_the_cap() -> None:
    db = district()
    await signed(db)
    over = await refused(
        db, departments.request_extension, "C-1", ROADS, working_days=9, reason="久", cap=CAP
    )
    assert over.status == 422
    case = await step(
        db, departments.request_extension, "C-1", ROADS, working_days=3, reason="待材料", cap=CAP
    )
    assert case.pending_extension is not None and case.pending_extension.working_days == 3
    assert db.events(ExtensionRequested)[-1].working_days == 3
    pending = await refused(
        db, departments.request_extension, "C-1", ROADS, working_days=1, reason="再", cap=CAP
    )
    assert pending.status == 409


async def test_suspend_and_resume_stop_and_restart_the_handling() -> None:
    db = district()
    await signed(db)
    await step(db, departments.suspend, "C-1", ROADS, reason="等待诉求人补充材料")
    assert state_of(db, "C-1") is CaseState.SUSPENDED
    twice = await refused(db, departments.suspend, "C-1", ROADS, reason="再挂起")
    assert twice.code == "illegal_transition"
    await step(db, departments.resume, "C-1", ROADS, reason="")
    assert state_of(db, "C-1") is CaseState.SIGNED
    assert [len(db.events(CaseSuspended)), len(db.events(CaseResumed))] == [1, 1]
    not_suspended = await refused(db, departments.resume, "C-1", ROADS, reason="")
    assert not_suspended.code == "illegal_transition"


async def test_a_co_handler_files_one_opinion_a_round_and_the_lead_none() -> None:
    db = district()
    await assigned(db)
    await step(db, departments.file_opinion, "C-1", PARKS, opinion="已配合清理")
    assert db.events(CoHandlerOpinionFiled)[-1].department == "parks"
    assert [o["department"] for o in db.store.cases.opinions] == ["parks"]
    twice = await refused(db, departments.file_opinion, "C-1", PARKS, opinion="再一次")
    assert twice.status == 409
    lead = await refused(db, departments.file_opinion, "C-1", ROADS, opinion="主办意见")
    assert lead.status == 403


async def test_resolve_waits_for_every_co_handlers_opinion() -> None:
    db = district()
    await signed(db)
    early = await refused(
        db, departments.resolve, "C-1", ROADS, result=ResolutionResult.SOLVED, summary="已修复"
    )
    assert early.code == "co_handler_opinions_missing"
    await step(db, departments.file_opinion, "C-1", PARKS, opinion="已配合")
    case = await step(
        db, departments.resolve, "C-1", ROADS, result=ResolutionResult.SOLVED, summary="已修复"
    )
    assert case.state is CaseState.RESOLVED
    assert db.events(CaseResolved)[-1].summary == "已修复"


async def test_the_outside_unit_acknowledges_then_answers_a_transferred_case() -> None:
    db = district()
    await transferred(db)
    early = await refused(
        db,
        departments.answer_transfer,
        "C-1",
        WATER,
        result=ResolutionResult.SOLVED,
        summary="已恢复供水",
    )
    assert early.code == "illegal_transition"
    await step(db, departments.acknowledge_transfer, "C-1", WATER)
    assert state_of(db, "C-1") is CaseState.TRANSFER_ACKNOWLEDGED
    assert len(db.events(TransferAcknowledged)) == 1
    case = await step(
        db,
        departments.answer_transfer,
        "C-1",
        WATER,
        result=ResolutionResult.SOLVED,
        summary="已恢复供水",
    )
    assert case.state is CaseState.RESOLVED
    assert db.events(TransferAnswered)[-1].summary == "已恢复供水"


async def test_a_district_department_cannot_acknowledge_a_transfer_it_was_not_given() -> None:
    db = district()
    await transferred(db)
    hidden = await refused(db, departments.acknowledge_transfer, "C-1", ROADS)
    assert hidden.status == 404
