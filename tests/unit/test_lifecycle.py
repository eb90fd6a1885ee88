"""The handling state machine: every legal transition, every illegal one refused, and the
rules inside legal transitions (departments, co-handler opinions, the extension cap, bounces)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from itertools import product
from typing import Any

import pytest

from common.envelope import Event
from common.events import (
    CallbackCompleted,
    CallbackFailed,
    CaseAssigned,
    CaseClosed,
    CaseReclassified,
    CaseReferredToSupervision,
    CaseRejectedByDispatcher,
    CaseReopened,
    CaseResolved,
    CaseResumed,
    CaseReturned,
    CaseSentBackToScreening,
    CaseSigned,
    CaseSuspended,
    CaseTransferred,
    CoHandlerOpinionFiled,
    ExtensionDenied,
    ExtensionGranted,
    ExtensionRequested,
    ReturnArbitrated,
    SubmitterContacted,
    TransferAcknowledged,
    TransferAnswered,
)
from common.vocabulary import (
    HANDLING_ACTIONS_ZH,
    HANDLING_STATES_ZH,
    ArbitrationDecision,
    RequestKind,
    ResolutionResult,
    Satisfaction,
)
from dispatch.domain.lifecycle import (
    LEAD_ACTIONS,
    TRANSITIONS,
    Action,
    CaseState,
    ExtensionCap,
    HandlingCase,
    IllegalTransition,
    NotHandlingDepartment,
    PendingExtension,
    Route,
    RuleRefused,
    allowed_actions,
)

AT = datetime(2026, 4, 12, 9, 30, tzinfo=UTC)
LEAD = "urban-management"
CO = "street-yuelu"
OTHER = "housing-construction"
CAP = ExtensionCap(max_extensions=2, max_working_days=10)


def case_in(state: CaseState, **facts: Any) -> HandlingCase:
    """A case in `state` whose facts let every action legal there pass its rules."""
    defaults: dict[str, Any] = {
        "case_id": "20260412000001",
        "category": "streetlight",
        "kind": RequestKind.COULD_NOT_GET_IT_DONE,
        "state": state,
        "lead_department": None if state is CaseState.AWAITING_DISPATCH else LEAD,
        "co_handlers": () if state is CaseState.AWAITING_DISPATCH else (CO,),
    }
    return HandlingCase(**{**defaults, **facts})


def with_pending(case: HandlingCase) -> HandlingCase:
    return replace(case, pending_extension=PendingExtension(LEAD, 3, "awaiting a contractor"))


Perform = Callable[[HandlingCase], tuple[HandlingCase, Any]]

PERFORM: dict[Action, Perform] = {
    Action.ASSIGN: lambda c: c.assign(Route(LEAD, (CO,)), actor="system:routing", at=AT),
    Action.SIGN: lambda c: c.sign(department=LEAD, actor="handler:um", at=AT),
    Action.CONTACT: lambda c: c.contact(
        department=LEAD, note="电话联系张先生，约定现场查看", actor="handler:um", at=AT
    ),
    Action.RETURN: lambda c: c.return_case(
        department=LEAD, reason="属住建局职责", actor="handler:um", at=AT
    ),
    Action.ARBITRATE: lambda c: c.arbitrate(
        ArbitrationDecision.REROUTE,
        route=Route(OTHER),
        reason="属住建局职责",
        actor="dispatcher:d",
        at=AT,
    ),
    Action.REQUEST_EXTENSION: lambda c: c.request_extension(
        department=LEAD, working_days=3, reason="等待材料", cap=CAP, actor="handler:um", at=AT
    ),
    Action.GRANT_EXTENSION: lambda c: with_pending(c).grant_extension(actor="dispatcher:d", at=AT),
    Action.DENY_EXTENSION: lambda c: with_pending(c).deny_extension(
        reason="理由不充分", actor="dispatcher:d", at=AT
    ),
    Action.SUSPEND: lambda c: c.suspend(
        department=LEAD, reason="等待群众补充材料", actor="handler:um", at=AT
    ),
    Action.RESUME: lambda c: c.resume(department=LEAD, actor="handler:um", at=AT),
    Action.FILE_OPINION: lambda c: c.file_opinion(
        department=CO, opinion="街道配合排查", actor="handler:yl", at=AT
    ),
    Action.RESOLVE: lambda c: replace(c, opinions_filed=frozenset({CO})).resolve(
        department=LEAD,
        result=ResolutionResult.SOLVED,
        summary="42盏路灯全部修复",
        actor="handler:um",
        at=AT,
    ),
    Action.REOPEN: lambda c: c.reopen(reason="dissatisfied", actor="callback:agent-1", at=AT),
    Action.REFER: lambda c: c.refer(reason="三轮仍不满意", actor="callback:agent-1", at=AT),
    Action.CLOSE: lambda c: c.close(reason="satisfied", actor="callback:agent-1", at=AT),
    Action.TRANSFER: lambda c: c.transfer(
        "water-company", note="供水管网属自来水公司", actor="dispatcher:d", at=AT
    ),
    Action.ACKNOWLEDGE_TRANSFER: lambda c: c.acknowledge_transfer(
        department=LEAD, actor="handler:water", at=AT
    ),
    Action.ANSWER_TRANSFER: lambda c: c.answer_transfer(
        department=LEAD,
        result=ResolutionResult.SOLVED,
        summary="已抢修爆管，恢复供水",
        actor="handler:water",
        at=AT,
    ),
    Action.RECLASSIFY: lambda c: c.reclassify(
        "water-supply", actor="dispatcher:d", at=AT, reason="实为供水问题"
    ),
    Action.SEND_BACK: lambda c: c.send_back(
        reason="诉求不清，请窗口联系诉求人补充", actor="dispatcher:d", at=AT
    ),
    Action.REJECT: lambda c: c.reject(reason="不属于本区职责范围", actor="dispatcher:d", at=AT),
    Action.READMIT: lambda c: (
        c.readmit(
            category="streetlight",
            kind=RequestKind.COMPLAINT,
            actor="clerk:w",
            at=AT,
        ),
        [],
    ),
}

EXPECTED_EVENTS: dict[Action, list[type[Event]]] = {
    Action.ASSIGN: [CaseAssigned],
    Action.SIGN: [CaseSigned],
    Action.CONTACT: [SubmitterContacted],
    Action.RETURN: [CaseReturned],
    Action.ARBITRATE: [ReturnArbitrated, CaseAssigned],
    Action.REQUEST_EXTENSION: [ExtensionRequested],
    Action.GRANT_EXTENSION: [ExtensionGranted],
    Action.DENY_EXTENSION: [ExtensionDenied],
    Action.SUSPEND: [CaseSuspended],
    Action.RESUME: [CaseResumed],
    Action.FILE_OPINION: [CoHandlerOpinionFiled],
    Action.RESOLVE: [CaseResolved],
    Action.REOPEN: [CaseReopened],
    Action.REFER: [CaseReferredToSupervision],
    Action.CLOSE: [CaseClosed],
    Action.TRANSFER: [CaseTransferred],
    Action.ACKNOWLEDGE_TRANSFER: [TransferAcknowledged],
    Action.ANSWER_TRANSFER: [TransferAnswered],
    Action.RECLASSIFY: [CaseReclassified],
    Action.SEND_BACK: [CaseSentBackToScreening],
    Action.REJECT: [CaseRejectedByDispatcher],
    Action.READMIT: [],
}
#: Where a step's events depend on the state it starts from.
EXPECTED_FROM: dict[tuple[CaseState, Action], list[type[Event]]] = {
    (CaseState.RETURNED, Action.TRANSFER): [ReturnArbitrated, CaseTransferred],
}


def test_every_action_has_a_performer_and_an_event() -> None:
    assert set(PERFORM) == set(Action) == set(EXPECTED_EVENTS)


def events_of(outcome: Any) -> list[Event]:
    return list(outcome) if isinstance(outcome, list) else [outcome]


@pytest.mark.parametrize(("source", "action"), list(TRANSITIONS))
def test_legal_transition_moves_records_and_emits(source: CaseState, action: Action) -> None:
    moved, outcome = PERFORM[action](case_in(source))
    assert moved.state is TRANSITIONS[(source, action)]
    expected = EXPECTED_FROM.get((source, action), EXPECTED_EVENTS[action])
    assert [type(e) for e in events_of(outcome)] == expected
    (step,) = moved.history
    assert (step.action, step.source, step.target, step.at) == (action, source, moved.state, AT)
    assert step.actor


ILLEGAL = [pair for pair in product(CaseState, Action) if pair not in TRANSITIONS]


@pytest.mark.parametrize(("source", "action"), ILLEGAL)
def test_illegal_transition_is_refused_naming_state_and_allowed(
    source: CaseState, action: Action
) -> None:
    case = case_in(source)
    with pytest.raises(IllegalTransition) as refused:
        PERFORM[action](case)
    assert refused.value.state is source and refused.value.action is action
    assert refused.value.allowed == allowed_actions(source)
    message = str(refused.value)  # in Chinese: the state, the step and what is allowed
    assert HANDLING_STATES_ZH[source] in message and HANDLING_ACTIONS_ZH[action] in message
    assert all(HANDLING_ACTIONS_ZH[allowed] in message for allowed in allowed_actions(source))
    assert case.state is source and case.history == ()


def test_the_table_covers_the_lifecycle_of_the_brief() -> None:
    assert allowed_actions(CaseState.CLOSED) == []
    assert allowed_actions(CaseState.RETURNED) == [
        Action.ARBITRATE,
        Action.TRANSFER,
        Action.REJECT,
        Action.RECLASSIFY,
    ]
    assert allowed_actions(CaseState.AWAITING_DISPATCH) == [
        Action.ASSIGN,
        Action.TRANSFER,
        Action.SEND_BACK,
        Action.REJECT,
        Action.RECLASSIFY,
    ]
    assert allowed_actions(CaseState.SENT_BACK) == [Action.READMIT]
    assert allowed_actions(CaseState.REJECTED) == []
    assert {s for (s, a) in TRANSITIONS if a is Action.RETURN} == {
        CaseState.ASSIGNED,
        CaseState.SIGNED,
    }
    states_reached = {target for target in TRANSITIONS.values()}
    assert states_reached == set(CaseState)


@pytest.mark.parametrize("action", sorted(LEAD_ACTIONS))
def test_only_the_lead_takes_the_leads_actions(action: Action) -> None:
    source = next(s for (s, a) in TRANSITIONS if a is action)
    case = case_in(source, lead_department=OTHER)
    with pytest.raises(NotHandlingDepartment) as refused:
        PERFORM[action](case)
    assert refused.value.department == LEAD and refused.value.needed == "lead"


def test_a_co_handler_files_once_per_round_and_only_a_co_handler() -> None:
    case = case_in(CaseState.SIGNED, co_handlers=(CO, "natural-resources"))
    with pytest.raises(NotHandlingDepartment) as refused:
        case.file_opinion(department=LEAD, opinion="x", actor="handler:um", at=AT)
    assert refused.value.needed == "co-handler"
    filed, event = case.file_opinion(department=CO, opinion="配合", actor="handler:yl", at=AT)
    assert isinstance(event, CoHandlerOpinionFiled) and event.round == 1
    with pytest.raises(RuleRefused) as twice:
        filed.file_opinion(department=CO, opinion="again", actor="handler:yl", at=AT)
    assert twice.value.code == "opinion_already_filed" and twice.value.conflict


def test_resolution_waits_for_every_co_handler_then_a_new_round_asks_again() -> None:
    case = case_in(CaseState.SIGNED, co_handlers=(CO, "natural-resources"))
    case, _ = case.file_opinion(department=CO, opinion="配合", actor="handler:yl", at=AT)

    def resolve(c: HandlingCase) -> tuple[HandlingCase, Event]:
        return c.resolve(
            department=LEAD,
            result=ResolutionResult.SOLVED,
            summary="done",
            actor="handler:um",
            at=AT,
        )

    with pytest.raises(RuleRefused) as refused:
        resolve(case)
    assert refused.value.code == "co_handler_opinions_missing" and refused.value.conflict
    assert refused.value.details["missing_departments"] == ["natural-resources"]
    case, _ = case.file_opinion(
        department="natural-resources", opinion="规划无异议", actor="handler:nr", at=AT
    )
    resolved, event = resolve(case)
    assert isinstance(event, CaseResolved) and resolved.state is CaseState.RESOLVED

    reopened, _ = resolved.reopen(reason="unsolved", actor="callback:a", at=AT)
    assert reopened.round == 2 and reopened.opinions_filed == frozenset()
    signed, _ = reopened.sign(department=LEAD, actor="handler:um", at=AT)
    with pytest.raises(RuleRefused):
        resolve(signed)


def test_extension_is_requested_once_at_a_time_and_decided_by_the_dispatcher() -> None:
    case = case_in(CaseState.SIGNED)
    with pytest.raises(RuleRefused) as nothing:
        case.grant_extension(actor="dispatcher:d", at=AT)
    assert nothing.value.code == "no_extension_pending"
    asked, _ = PERFORM[Action.REQUEST_EXTENSION](case)
    assert asked.pending_extension == PendingExtension(LEAD, 3, "等待材料")
    with pytest.raises(RuleRefused) as twice:
        PERFORM[Action.REQUEST_EXTENSION](asked)
    assert twice.value.code == "extension_already_pending"
    granted, event = asked.grant_extension(actor="dispatcher:d", at=AT)
    assert isinstance(event, ExtensionGranted)
    assert (event.working_days, event.total_extension_days) == (3, 3)
    assert granted.pending_extension is None and granted.extensions_granted == 1
    asked_again, _ = PERFORM[Action.REQUEST_EXTENSION](granted)
    denied, refusal = asked_again.deny_extension(reason="不同意", actor="dispatcher:d", at=AT)
    assert isinstance(refusal, ExtensionDenied)
    assert denied.pending_extension is None and denied.extension_days_granted == 3


def request(case: HandlingCase, days: int) -> tuple[HandlingCase, Event]:
    return case.request_extension(
        department=LEAD, working_days=days, reason="r", cap=CAP, actor="handler:um", at=AT
    )


def test_extension_days_are_capped_per_case() -> None:
    case, _ = request(case_in(CaseState.SIGNED), 7)
    case, _ = case.grant_extension(actor="dispatcher:d", at=AT)
    with pytest.raises(RuleRefused) as refused:
        request(case, 4)
    assert refused.value.code == "extension_cap_reached" and not refused.value.conflict
    assert refused.value.details["cap"] == "MAX_EXTENSION_WORKING_DAYS"
    assert refused.value.details["remaining_working_days"] == 3
    assert "10" in str(refused.value)
    within, _ = request(case, 3)
    assert within.pending_extension is not None


def test_extension_count_is_capped_per_case() -> None:
    case = case_in(CaseState.SIGNED)
    for _ in range(2):
        case, _ = request(case, 1)
        case, _ = case.grant_extension(actor="dispatcher:d", at=AT)
    with pytest.raises(RuleRefused) as refused:
        request(case, 1)
    assert refused.value.details["cap"] == "MAX_EXTENSIONS"
    assert refused.value.details["max_extensions"] == 2


def test_an_extension_is_a_positive_number_of_working_days() -> None:
    with pytest.raises(RuleRefused) as refused:
        request(case_in(CaseState.SIGNED), 0)
    assert refused.value.code == "invalid_working_days"


def test_every_bounce_is_counted_and_arbitration_names_the_pair() -> None:
    case = case_in(CaseState.ASSIGNED, co_handlers=())
    case, first = case.return_case(department=LEAD, reason="不属本局", actor="h:um", at=AT)
    assert isinstance(first, CaseReturned) and first.returns_in_case == 1
    assert case.lead_department == LEAD  # the returning department, until the ruling
    case, events = case.arbitrate(
        ArbitrationDecision.SEND_BACK, reason="属城管职责", actor="dispatcher:d", at=AT
    )
    (ruling,) = events
    assert isinstance(ruling, ReturnArbitrated) and ruling.new_lead_department is None
    assert case.state is CaseState.ASSIGNED and case.lead_department == LEAD

    case, _ = case.sign(department=LEAD, actor="h:um", at=AT)
    case, second = case.return_case(department=LEAD, reason="仍不属本局", actor="h:um", at=AT)
    assert isinstance(second, CaseReturned) and second.returns_in_case == 2
    case, events = case.arbitrate(
        ArbitrationDecision.REROUTE,
        route=Route(OTHER, (CO,)),
        reason="改派住建",
        actor="dispatcher:d",
        at=AT,
    )
    ruling, assigned = events
    assert isinstance(ruling, ReturnArbitrated) and isinstance(assigned, CaseAssigned)
    assert (ruling.returning_department, ruling.new_lead_department) == (LEAD, OTHER)
    assert assigned.lead_department == OTHER and assigned.round == 1
    assert case.returns == 2 and case.lead_department == OTHER
    assert case.history[-1].detail["returning_department"] == LEAD


def test_each_assignment_is_numbered_so_a_repeat_is_told_from_a_reroute() -> None:
    case = case_in(CaseState.AWAITING_DISPATCH)
    case, first = case.assign(Route(LEAD), actor="system:routing", at=AT)
    assert isinstance(first, CaseAssigned) and (first.round, first.assignment) == (1, 1)
    case, _ = case.return_case(department=LEAD, reason="不属本局", actor="h:um", at=AT)
    case, _ = case.arbitrate(
        ArbitrationDecision.SEND_BACK, reason="属城管职责", actor="dispatcher:d", at=AT
    )
    assert case.assignments == 1  # a send-back assigns nothing new
    case, _ = case.return_case(department=LEAD, reason="仍不属本局", actor="h:um", at=AT)
    case, (_, rerouted) = case.arbitrate(
        ArbitrationDecision.REROUTE, route=Route(OTHER), reason="改派", actor="d:d", at=AT
    )
    assert isinstance(rerouted, CaseAssigned) and (rerouted.round, rerouted.assignment) == (1, 2)
    assert case.assignments == 2


def test_rerouting_to_the_returning_department_is_a_send_back() -> None:
    case = case_in(CaseState.RETURNED)
    with pytest.raises(RuleRefused) as refused:
        case.arbitrate(
            ArbitrationDecision.REROUTE,
            route=Route(LEAD),
            reason="x",
            actor="dispatcher:d",
            at=AT,
        )
    assert refused.value.code == "reroute_to_returning_department"
    with pytest.raises(RuleRefused) as no_lead:
        case.arbitrate(ArbitrationDecision.REROUTE, reason="x", actor="dispatcher:d", at=AT)
    assert no_lead.value.code == "lead_required"


def test_a_return_needs_a_reason_and_clears_a_pending_extension() -> None:
    case = with_pending(case_in(CaseState.SIGNED))
    with pytest.raises(RuleRefused) as refused:
        case.return_case(department=LEAD, reason="  ", actor="h:um", at=AT)
    assert refused.value.code == "reason_required"
    returned, _ = case.return_case(department=LEAD, reason="不属本局", actor="h:um", at=AT)
    assert returned.pending_extension is None


def test_a_route_cannot_name_the_lead_as_co_handler() -> None:
    with pytest.raises(RuleRefused) as refused:
        case_in(CaseState.AWAITING_DISPATCH).assign(
            Route(LEAD, (LEAD,)), actor="dispatcher:d", at=AT
        )
    assert refused.value.code == "lead_is_co_handler"


def test_rerouting_keeps_opinions_of_departments_still_co_handling() -> None:
    case = case_in(
        CaseState.RETURNED, co_handlers=(CO, "natural-resources"), opinions_filed=frozenset({CO})
    )
    moved, _ = case.arbitrate(
        ArbitrationDecision.REROUTE,
        route=Route(OTHER, (CO,)),
        reason="改派",
        actor="dispatcher:d",
        at=AT,
    )
    assert moved.opinions_filed == frozenset({CO}) and moved.missing_opinions() == []


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
    case, event = case_in(CaseState.RESOLVED).settle_callback(
        callback(satisfaction, solved), max_rounds=3, at=AT
    )
    assert isinstance(event, outcome)
    if outcome is CaseReopened:
        assert case.state is CaseState.ASSIGNED and case.round == 2
        assert isinstance(event, CaseReopened) and event.round == 2
    else:
        assert case.state is CaseState.CLOSED


def test_callback_before_resolution_is_illegal() -> None:
    with pytest.raises(IllegalTransition):
        case_in(CaseState.SIGNED).settle_callback(
            callback(Satisfaction.SATISFIED, True), max_rounds=3, at=AT
        )


def test_after_the_allowed_rounds_a_failing_callback_refers_the_case_to_supervision() -> None:
    third = case_in(CaseState.RESOLVED, round=3)
    case, event = third.settle_callback(
        callback(Satisfaction.DISSATISFIED, False), max_rounds=3, at=AT
    )
    assert case.state is CaseState.UNDER_SUPERVISION and case.round == 3
    assert isinstance(event, CaseReferredToSupervision) and event.lead_department == LEAD
    assert "已办理3轮仍未解决，移交督查" in event.reason
    assert case.history[-1].detail["reason_code"] == "rounds_exhausted"
    second = case_in(CaseState.RESOLVED, round=2)
    case, event = second.settle_callback(
        callback(Satisfaction.DISSATISFIED, False), max_rounds=3, at=AT
    )
    assert isinstance(event, CaseReopened) and case.round == 3
    assert set(allowed_actions(CaseState.UNDER_SUPERVISION)) == {Action.REOPEN, Action.CLOSE}


@pytest.mark.parametrize(
    ("policy", "state", "outcome"),
    [
        ("close_unrated", CaseState.CLOSED, CaseClosed),
        ("refer_to_supervision", CaseState.UNDER_SUPERVISION, CaseReferredToSupervision),
    ],
)
def test_an_unreachable_callback_follows_the_districts_policy(
    policy: str, state: CaseState, outcome: type
) -> None:
    failed = CallbackFailed(
        round=1,
        attempts=3,
        last_outcome="no_answer",
        policy_outcome=policy,
        agent="callback_agent:li",
        failed_at=AT,
    )
    case, event = case_in(CaseState.RESOLVED).settle_unreachable(failed, at=AT)
    assert case.state is state and isinstance(event, outcome)
    assert "回访3次未能联系上诉求人（最后一次：无人接听）" in case.history[-1].reason
    assert case.history[-1].detail["reason_code"] == "callback_unreachable"


# --- the dispatcher's rulings on a queued case -------------------------------------------


def test_assign_with_a_new_category_reclassifies_before_assigning() -> None:
    case = case_in(CaseState.AWAITING_DISPATCH, category="other")
    moved, events = case.dispatch_to(
        Route(LEAD), category="streetlight", actor="dispatcher:d", at=AT
    )
    reclassified, assigned = events
    assert isinstance(reclassified, CaseReclassified) and isinstance(assigned, CaseAssigned)
    assert (reclassified.previous_category, reclassified.category) == ("other", "streetlight")
    assert assigned.category == moved.category == "streetlight"
    assert [step.action for step in moved.history] == [Action.RECLASSIFY, Action.ASSIGN]


@pytest.mark.parametrize("category", [None, "streetlight"])
def test_assign_keeping_the_category_emits_no_reclassification(category: str | None) -> None:
    case = case_in(CaseState.AWAITING_DISPATCH)
    _, events = case.dispatch_to(Route(LEAD), category=category, actor="dispatcher:d", at=AT)
    assert [type(e) for e in events] == [CaseAssigned]
    assert events[0].category == "streetlight"  # type: ignore[attr-defined]


def test_dispatching_an_assigned_case_is_refused_before_anything_changes() -> None:
    with pytest.raises(IllegalTransition):
        case_in(CaseState.ASSIGNED).dispatch_to(
            Route(OTHER), category="water-supply", actor="dispatcher:d", at=AT
        )


def test_reclassifying_to_the_same_category_is_refused() -> None:
    with pytest.raises(RuleRefused) as refused:
        case_in(CaseState.SIGNED).reclassify("streetlight", actor="dispatcher:d", at=AT)
    assert refused.value.code == "same_category" and not refused.value.conflict


def test_reclassifying_keeps_the_route_and_state() -> None:
    moved, event = case_in(CaseState.SIGNED).reclassify("water-supply", actor="dispatcher:d", at=AT)
    assert (moved.state, moved.lead_department, moved.category) == (
        CaseState.SIGNED,
        LEAD,
        "water-supply",
    )
    assert isinstance(event, CaseReclassified) and event.reason is None


@pytest.mark.parametrize("action", [Action.SEND_BACK, Action.REJECT])
def test_sending_back_and_rejecting_need_a_reason(action: Action) -> None:
    case = case_in(CaseState.AWAITING_DISPATCH)
    step = case.send_back if action is Action.SEND_BACK else case.reject
    with pytest.raises(RuleRefused) as refused:
        step(reason="  ", actor="dispatcher:d", at=AT)
    assert refused.value.code == "reason_required"


def test_a_sent_back_case_is_numbered_and_readmitted_for_dispatch_again() -> None:
    first, event = case_in(CaseState.AWAITING_DISPATCH).send_back(
        reason="请补充具体地址", actor="dispatcher:d", at=AT
    )
    assert isinstance(event, CaseSentBackToScreening) and event.sent_back_in_case == 1
    again = first.readmit(category="water-supply", kind=RequestKind.HELP, actor="clerk:w", at=AT)
    assert (again.state, again.category, again.kind) == (
        CaseState.AWAITING_DISPATCH,
        "water-supply",
        RequestKind.HELP,
    )
    second, event = replace(again, history=()).send_back(
        reason="仍不清楚", actor="dispatcher:d", at=AT
    )
    assert isinstance(event, CaseSentBackToScreening) and event.sent_back_in_case == 2
    assert second.sent_back == 2


def test_a_rejected_case_ends_and_names_its_category() -> None:
    moved, event = case_in(CaseState.RETURNED).reject(
        reason="属市级事权", actor="dispatcher:d", at=AT
    )
    assert moved.state is CaseState.REJECTED and allowed_actions(moved.state) == []
    assert isinstance(event, CaseRejectedByDispatcher) and event.category == "streetlight"
