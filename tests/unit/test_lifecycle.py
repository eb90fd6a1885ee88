"""The handling state machine: every legal transition, and every illegal one refused."""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import product

import pytest

from common.events import (
    CallbackCompleted,
    CaseAssigned,
    CaseClosed,
    CaseReopened,
    CaseResolved,
    CaseSigned,
)
from common.vocabulary import RequestKind, ResolutionResult, Satisfaction
from dispatch.domain.lifecycle import (
    TRANSITIONS,
    Action,
    CaseState,
    HandlingCase,
    IllegalTransition,
    NotHandlingDepartment,
    Route,
    allowed_actions,
)

AT = datetime(2026, 4, 12, 9, 30, tzinfo=UTC)
LEAD = "urban-management"


def case_in(state: CaseState) -> HandlingCase:
    return HandlingCase(
        case_id="20260412000001",
        category="streetlight",
        kind=RequestKind.COULD_NOT_GET_IT_DONE,
        state=state,
        lead_department=None if state is CaseState.AWAITING_DISPATCH else LEAD,
    )


def perform(case: HandlingCase, action: Action) -> tuple[HandlingCase, object]:
    if action is Action.ASSIGN:
        return case.assign(Route(LEAD, ("street-yuelu",)), actor="system", at=AT)
    if action is Action.SIGN:
        return case.sign(department=LEAD, actor="handler-1", at=AT)
    if action is Action.RESOLVE:
        return case.resolve(
            department=LEAD,
            result=ResolutionResult.SOLVED,
            summary="42盏路灯全部修复",
            actor="handler-1",
            at=AT,
        )
    if action is Action.REOPEN:
        return case.reopen(reason="dissatisfied", actor="callback:agent-1", at=AT)
    return case.close(reason="satisfied", actor="callback:agent-1", at=AT)


EXPECTED_EVENT = {
    Action.ASSIGN: CaseAssigned,
    Action.SIGN: CaseSigned,
    Action.RESOLVE: CaseResolved,
    Action.REOPEN: CaseReopened,
    Action.CLOSE: CaseClosed,
}


@pytest.mark.parametrize(("source", "action"), list(TRANSITIONS))
def test_legal_transition_moves_and_emits(source: CaseState, action: Action) -> None:
    moved, event = perform(case_in(source), action)
    assert moved.state is TRANSITIONS[(source, action)]
    assert isinstance(event, EXPECTED_EVENT[action])
    (step,) = moved.history
    assert (step.source, step.target, step.at) == (source, moved.state, AT)
    assert step.actor


ILLEGAL = [pair for pair in product(CaseState, Action) if pair not in TRANSITIONS]


@pytest.mark.parametrize(("source", "action"), ILLEGAL)
def test_illegal_transition_is_refused_naming_state_and_allowed(
    source: CaseState, action: Action
) -> None:
    case = case_in(source)
    with pytest.raises(IllegalTransition) as refused:
        perform(case, action)
    assert refused.value.state is source
    assert refused.value.allowed == allowed_actions(source)
    assert source.value in str(refused.value)
    assert case.state is source and case.history == ()


def test_closed_case_allows_nothing() -> None:
    assert allowed_actions(CaseState.CLOSED) == []


def test_only_the_lead_department_signs_and_resolves() -> None:
    with pytest.raises(NotHandlingDepartment):
        case_in(CaseState.ASSIGNED).sign(department="finance-review", actor="x", at=AT)
    with pytest.raises(NotHandlingDepartment):
        case_in(CaseState.SIGNED).resolve(
            department="finance-review",
            result=ResolutionResult.SOLVED,
            summary="done",
            actor="x",
            at=AT,
        )


def test_assignment_records_lead_and_co_handlers() -> None:
    case, event = case_in(CaseState.AWAITING_DISPATCH).assign(
        Route(LEAD, ("street-yuelu",)), actor="system", at=AT
    )
    assert case.lead_department == LEAD and case.co_handlers == ("street-yuelu",)
    assert isinstance(event, CaseAssigned)
    assert event.co_handlers == ["street-yuelu"] and event.round == 1


def callback(satisfaction: Satisfaction, solved: bool) -> CallbackCompleted:
    return CallbackCompleted(
        round=1, satisfaction=satisfaction, solved=solved, agent="agent-1", completed_at=AT
    )


@pytest.mark.parametrize(
    ("satisfaction", "solved", "outcome"),
    [
        (Satisfaction.SATISFIED, True, CaseClosed),
        (Satisfaction.BASICALLY_SATISFIED, True, CaseClosed),
        (Satisfaction.DISSATISFIED, True, CaseReopened),
        (Satisfaction.SATISFIED, False, CaseReopened),
        (Satisfaction.DISSATISFIED, False, CaseReopened),
    ],
)
def test_callback_closes_or_reopens(
    satisfaction: Satisfaction, solved: bool, outcome: type
) -> None:
    case, event = case_in(CaseState.RESOLVED).settle_callback(callback(satisfaction, solved), at=AT)
    assert isinstance(event, outcome)
    if outcome is CaseReopened:
        assert case.state is CaseState.ASSIGNED and case.round == 2
        assert isinstance(event, CaseReopened) and event.round == 2
    else:
        assert case.state is CaseState.CLOSED


def test_callback_before_resolution_is_illegal() -> None:
    with pytest.raises(IllegalTransition):
        case_in(CaseState.SIGNED).settle_callback(callback(Satisfaction.SATISFIED, True), at=AT)
