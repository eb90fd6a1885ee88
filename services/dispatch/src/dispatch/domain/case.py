"""The facts of a handling case (CaseFacts) and the mechanics every step of the state
machine goes through: the table decides, the step is recorded, the department's part is
checked."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Self

from common.vocabulary import (
    Reason,
    ReasonCode,
    RequestKind,
)
from dispatch.domain.records import PendingExtension, Transition
from dispatch.domain.refusals import IllegalTransition, NotHandlingDepartment, RuleRefused
from dispatch.domain.transitions import (
    TRANSITIONS,
    Action,
    CaseState,
)


@dataclass(frozen=True)
class CaseFacts:
    """What a handling case knows, and the mechanics every step uses: the table's check,
    the move with its record, and the department's part."""

    case_id: str
    category: str
    kind: RequestKind
    state: CaseState = CaseState.AWAITING_DISPATCH
    lead_department: str | None = None
    co_handlers: tuple[str, ...] = ()
    round: int = 1
    assignments: int = 0  # how often the case was assigned (交办), re-routes included
    returns: int = 0
    sent_back: int = 0  # how often a dispatcher sent the case back to screening
    extensions_granted: int = 0
    extension_days_granted: int = 0
    pending_extension: PendingExtension | None = None
    opinions_filed: frozenset[str] = frozenset()  # co-handlers that filed, this round
    transfers: int = 0  # how often the case was handed to an outside unit (转办)
    history: tuple[Transition, ...] = field(default=(), compare=False)

    # --- the mechanics ------------------------------------------------------------------

    def _target(self, action: Action) -> CaseState:
        target = TRANSITIONS.get((self.state, action))
        if target is None:
            raise IllegalTransition(self.case_id, self.state, action)
        return target

    def _move(
        self,
        action: Action,
        actor: str,
        at: datetime,
        reason: str,
        *,
        department: str | None = None,
        code: ReasonCode | None = None,
        target: CaseState | None = None,
        **detail: Any,
    ) -> Self:
        """One step; a reason the platform gave itself keeps its code in the step's detail.
        `target` overrides the table's state for the one step that depends on the case's
        facts (重办 of a transferred case)."""
        target = target or self._target(action)
        if code is not None:
            detail["reason_code"] = code.value
        step = Transition(action, self.state, target, actor, at, reason, department, detail)
        return replace(self, state=target, history=(*self.history, step))

    def _require(self, action: Action, department: str) -> None:
        """The state is checked first (a closed case says so, whoever asks), then the
        department: the lead for the lead's actions, a co-handler for an opinion."""
        self._target(action)
        if action is Action.FILE_OPINION:
            if department not in self.co_handlers:
                raise NotHandlingDepartment(
                    self.case_id, department, "co-handler", list(self.co_handlers)
                )
        elif department != self.lead_department:
            lead = [self.lead_department] if self.lead_department else []
            raise NotHandlingDepartment(self.case_id, department, "lead", lead)

    @property
    def lead(self) -> str:
        """Every state after assignment has a lead; only awaiting_dispatch has none."""
        if self.lead_department is None:
            raise ValueError(f"case {self.case_id} has no lead department yet")
        return self.lead_department

    def missing_opinions(self) -> list[str]:
        return [code for code in self.co_handlers if code not in self.opinions_filed]


def reason_and_code(reason: str | Reason) -> tuple[str, ReasonCode | None]:
    """A person's words have no code; the platform's own reasons keep theirs."""
    if isinstance(reason, Reason):
        return reason.text, reason.code
    return reason, None


def require_text(value: str, name: str, message: str) -> None:
    if not value.strip():
        raise RuleRefused(f"{name}_required", message, conflict=False, field=name)


def require_whole_article(article_id: str | None, version: int | None) -> None:
    """A knowledge article an answer came from is named with its version, or not at all."""
    if (article_id is None) == (version is None):
        return
    field = "knowledge_article_version" if version is None else "knowledge_article_id"
    message = "答复所依据的知识条目须同时注明条目和版本"
    raise RuleRefused(
        "knowledge_article_incomplete",
        message,
        conflict=False,
        fields=[{"field": field, "message": message, "type": "missing"}],
    )
