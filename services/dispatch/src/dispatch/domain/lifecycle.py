"""The handling lifecycle of an accepted case: the one state machine of the platform.

Pure code. Each action is legal only from the states listed in TRANSITIONS; anything else
raises IllegalTransition naming the current state and the actions allowed from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum

from common.envelope import Event
from common.events import (
    CallbackCompleted,
    CaseAssigned,
    CaseClosed,
    CaseQueuedForDispatcher,
    CaseReopened,
    CaseResolved,
    CaseSigned,
)
from common.vocabulary import RequestKind, ResolutionResult


class CaseState(StrEnum):
    AWAITING_DISPATCH = "awaiting_dispatch"  # 待派单
    ASSIGNED = "assigned"  # 已交办
    SIGNED = "signed"  # 已签收（办理中）
    RESOLVED = "resolved"  # 已办结
    CLOSED = "closed"  # 已归档


class Action(StrEnum):
    ASSIGN = "assign"  # 交办
    SIGN = "sign"  # 签收
    RESOLVE = "resolve"  # 办结
    REOPEN = "reopen"  # 重办
    CLOSE = "close"  # 归档


TRANSITIONS: dict[tuple[CaseState, Action], CaseState] = {
    (CaseState.AWAITING_DISPATCH, Action.ASSIGN): CaseState.ASSIGNED,
    (CaseState.ASSIGNED, Action.SIGN): CaseState.SIGNED,
    (CaseState.SIGNED, Action.RESOLVE): CaseState.RESOLVED,
    (CaseState.RESOLVED, Action.REOPEN): CaseState.ASSIGNED,
    (CaseState.RESOLVED, Action.CLOSE): CaseState.CLOSED,
}


def allowed_actions(state: CaseState) -> list[Action]:
    return [action for (source, action) in TRANSITIONS if source is state]


class IllegalTransition(Exception):
    def __init__(self, case_id: str, state: CaseState, action: Action) -> None:
        self.case_id = case_id
        self.state = state
        self.action = action
        self.allowed = allowed_actions(state)
        allowed = ", ".join(self.allowed) or "none (the case is closed)"
        super().__init__(
            f"case {case_id} is {state.value}: cannot {action.value}; allowed: {allowed}"
        )


class NotHandlingDepartment(Exception):
    def __init__(self, case_id: str, department: str, lead: str | None) -> None:
        self.department = department
        super().__init__(
            f"case {case_id} is not assigned to department {department} (lead: {lead})"
        )


@dataclass(frozen=True)
class Route:
    lead: str
    co_handlers: tuple[str, ...] = ()


@dataclass(frozen=True)
class HandlingCase:
    case_id: str
    category: str
    kind: RequestKind
    state: CaseState = CaseState.AWAITING_DISPATCH
    lead_department: str | None = None
    co_handlers: tuple[str, ...] = ()
    round: int = 1
    history: tuple[Transition, ...] = field(default=(), compare=False)

    def _target(self, action: Action) -> CaseState:
        target = TRANSITIONS.get((self.state, action))
        if target is None:
            raise IllegalTransition(self.case_id, self.state, action)
        return target

    def _move(self, action: Action, actor: str, at: datetime, reason: str) -> HandlingCase:
        target = self._target(action)
        step = Transition(action, self.state, target, actor, at, reason)
        return replace(self, state=target, history=(*self.history, step))

    def _require_lead(self, action: Action, department: str) -> None:
        """The state is checked first: a closed case says so, whoever asks."""
        self._target(action)
        if department != self.lead_department:
            raise NotHandlingDepartment(self.case_id, department, self.lead_department)

    def assign(self, route: Route, *, actor: str, at: datetime) -> tuple[HandlingCase, Event]:
        case = self._move(Action.ASSIGN, actor, at, f"routed to {route.lead}")
        case = replace(case, lead_department=route.lead, co_handlers=route.co_handlers)
        return case, CaseAssigned(
            category=case.category,
            kind=case.kind,
            lead_department=route.lead,
            co_handlers=list(route.co_handlers),
            round=case.round,
            actor=actor,
            assigned_at=at,
        )

    def await_dispatcher(self, reason: str) -> Event:
        return CaseQueuedForDispatcher(category=self.category, reason=reason)

    def sign(self, *, department: str, actor: str, at: datetime) -> tuple[HandlingCase, Event]:
        self._require_lead(Action.SIGN, department)
        case = self._move(Action.SIGN, actor, at, "")
        return case, CaseSigned(department=department, actor=actor, signed_at=at)

    def resolve(
        self,
        *,
        department: str,
        result: ResolutionResult,
        summary: str,
        actor: str,
        at: datetime,
    ) -> tuple[HandlingCase, Event]:
        self._require_lead(Action.RESOLVE, department)
        case = self._move(Action.RESOLVE, actor, at, summary)
        return case, CaseResolved(
            department=department,
            result=result,
            summary=summary,
            round=case.round,
            actor=actor,
            resolved_at=at,
        )

    def reopen(self, *, reason: str, actor: str, at: datetime) -> tuple[HandlingCase, Event]:
        case = self._move(Action.REOPEN, actor, at, reason)
        case = replace(case, round=case.round + 1)
        assert case.lead_department is not None
        return case, CaseReopened(
            lead_department=case.lead_department,
            round=case.round,
            reason=reason,
            actor=actor,
            reopened_at=at,
        )

    def close(self, *, reason: str, actor: str, at: datetime) -> tuple[HandlingCase, Event]:
        case = self._move(Action.CLOSE, actor, at, reason)
        return case, CaseClosed(reason=reason, actor=actor, closed_at=at)

    def settle_callback(
        self, result: CallbackCompleted, *, at: datetime
    ) -> tuple[HandlingCase, Event]:
        """A satisfied, solved callback closes the case; anything else sends it back (重办)."""
        actor = f"callback:{result.agent}"
        solved = "solved" if result.solved else "not solved"
        reason = f"callback: {result.satisfaction.value}, {solved}"
        if result.comment:
            reason += f" - {result.comment}"
        if result.needs_rework:
            return self.reopen(reason=reason, actor=actor, at=at)
        return self.close(reason=reason, actor=actor, at=at)


@dataclass(frozen=True)
class Transition:
    action: Action
    source: CaseState
    target: CaseState
    actor: str
    at: datetime
    reason: str
