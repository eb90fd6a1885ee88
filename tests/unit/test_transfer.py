"""转办 in the state machine: who may hand a case to an outside unit and from where, the
unit's acknowledgement and answer, and a reopened transferred case going back to the unit."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from common.events import (
    CallbackCompleted,
    CaseReopened,
    CaseTransferred,
    ReturnArbitrated,
    TransferAcknowledged,
    TransferAnswered,
)
from common.vocabulary import ArbitrationDecision, RequestKind, ResolutionResult, Role, Satisfaction
from dispatch.domain.lifecycle import (
    Action,
    CaseState,
    HandlingCase,
    IllegalTransition,
    NotHandlingDepartment,
    Route,
    RuleRefused,
    refuse_outside_units,
    require_outside_unit,
)
from dispatch.domain.permissions import CasePart, allowed_actions_for

AT = datetime(2026, 4, 13, 9, 0, tzinfo=UTC)
WATER = "water-company"
BUREAU = "urban-management"
OUTSIDE = {WATER, "power-company"}


def queued() -> HandlingCase:
    return HandlingCase(case_id="20260413000001", category="water", kind=RequestKind.HELP)


def transferred() -> HandlingCase:
    case, _ = queued().transfer(WATER, note="停水属供水公司", actor="dispatcher:d", at=AT)
    return case


def test_a_queued_case_is_handed_to_the_unit_which_becomes_its_only_handler() -> None:
    case, events = queued().transfer(WATER, note="停水属供水公司", actor="dispatcher:d", at=AT)
    assert case.state is CaseState.TRANSFERRED
    assert (case.lead_department, case.co_handlers, case.transfers) == (WATER, (), 1)
    (event,) = events
    assert isinstance(event, CaseTransferred)
    assert (event.unit, event.note, event.previous_department) == (WATER, "停水属供水公司", None)
    assert (event.round, event.transfer, event.kind) == (1, 1, RequestKind.HELP)


def test_a_routed_case_is_re_routed_to_the_unit_naming_the_department_it_leaves() -> None:
    routed, _ = queued().assign(Route(BUREAU, ("street-a",)), actor="system:routing", at=AT)
    case, (event,) = routed.transfer(WATER, note="属供水公司", actor="dispatcher:d", at=AT)
    assert isinstance(event, CaseTransferred) and event.previous_department == BUREAU
    assert case.co_handlers == () and case.assignments == 2


def test_a_return_is_ruled_by_handing_the_case_to_the_unit() -> None:
    routed, _ = queued().assign(Route(BUREAU), actor="system:routing", at=AT)
    returned, _ = routed.return_case(department=BUREAU, reason="属供水", actor="h", at=AT)
    case, (ruling, handed) = returned.transfer(WATER, note="同意退单", actor="d", at=AT)
    assert isinstance(ruling, ReturnArbitrated) and ruling.decision is ArbitrationDecision.REROUTE
    assert ruling.new_lead_department == WATER and isinstance(handed, CaseTransferred)
    assert case.history[-1].detail["decision"] == "reroute"


def test_a_transfer_needs_a_note() -> None:
    with pytest.raises(RuleRefused) as refused:
        queued().transfer(WATER, note="  ", actor="d", at=AT)
    assert refused.value.code == "note_required" and refused.value.details["field"] == "note"


def test_a_signed_case_is_not_transferred() -> None:
    routed, _ = queued().assign(Route(BUREAU), actor="system:routing", at=AT)
    signed, _ = routed.sign(department=BUREAU, actor="h", at=AT)
    with pytest.raises(IllegalTransition):
        signed.transfer(WATER, note="x", actor="d", at=AT)


def test_the_unit_acknowledges_then_answers_and_the_case_waits_for_callback() -> None:
    case, ack = transferred().acknowledge_transfer(department=WATER, actor="handler:w", at=AT)
    assert case.state is CaseState.TRANSFER_ACKNOWLEDGED and isinstance(ack, TransferAcknowledged)
    case, answer = case.answer_transfer(
        department=WATER,
        result=ResolutionResult.SOLVED,
        summary="已抢修",
        actor="handler:w",
        at=AT,
    )
    assert case.state is CaseState.RESOLVED
    assert isinstance(answer, TransferAnswered) and answer.summary == "已抢修"


def test_the_unit_cannot_answer_before_acknowledging_nor_another_department_act() -> None:
    with pytest.raises(IllegalTransition):
        transferred().answer_transfer(
            department=WATER, result=ResolutionResult.SOLVED, summary="x", actor="h", at=AT
        )
    with pytest.raises(NotHandlingDepartment):
        transferred().acknowledge_transfer(department=BUREAU, actor="h", at=AT)
    with pytest.raises(IllegalTransition):  # a district department's steps are not the unit's
        transferred().sign(department=WATER, actor="h", at=AT)


def test_an_answer_needs_its_summary() -> None:
    case, _ = transferred().acknowledge_transfer(department=WATER, actor="h", at=AT)
    with pytest.raises(RuleRefused) as refused:
        case.answer_transfer(
            department=WATER, result=ResolutionResult.SOLVED, summary=" ", actor="h", at=AT
        )
    assert refused.value.details["field"] == "summary"


def test_a_failed_callback_sends_the_case_back_to_its_unit() -> None:
    case, _ = transferred().acknowledge_transfer(department=WATER, actor="h", at=AT)
    case, _ = case.answer_transfer(
        department=WATER, result=ResolutionResult.SOLVED, summary="x", actor="h", at=AT
    )
    callback = CallbackCompleted(
        round=1, satisfaction=Satisfaction.DISSATISFIED, solved=False, agent="a1", completed_at=AT
    )
    reopened, event = case.settle_callback(callback, max_rounds=3, at=AT)
    assert reopened.state is CaseState.TRANSFERRED and reopened.round == 2
    assert isinstance(event, CaseReopened) and event.lead_department == WATER


def test_only_outside_units_take_a_transfer_and_only_by_transfer() -> None:
    require_outside_unit(WATER, OUTSIDE)
    with pytest.raises(RuleRefused) as refused:
        require_outside_unit(BUREAU, OUTSIDE)
    assert refused.value.code == "not_outside_unit" and refused.value.details["field"] == "unit"
    refuse_outside_units(Route(BUREAU, ("street-a",)), OUTSIDE)
    with pytest.raises(RuleRefused) as refused:
        refuse_outside_units(Route(BUREAU, (WATER,)), OUTSIDE)
    assert refused.value.code == "outside_unit_needs_transfer"
    assert refused.value.details["field"] == "co_handlers"
    assert "转办" in str(refused.value)


def test_the_dispatcher_transfers_and_the_unit_acknowledges_and_answers() -> None:
    assert Action.TRANSFER in allowed_actions_for(
        CaseState.AWAITING_DISPATCH, Role.DISPATCHER, None
    )
    assert allowed_actions_for(CaseState.TRANSFERRED, Role.HANDLER, CasePart.LEAD) == [
        Action.ACKNOWLEDGE_TRANSFER
    ]
    assert allowed_actions_for(CaseState.TRANSFER_ACKNOWLEDGED, Role.HANDLER, CasePart.LEAD) == [
        Action.ANSWER_TRANSFER
    ]
    assert allowed_actions_for(CaseState.TRANSFERRED, Role.DISPATCHER, None) == []
