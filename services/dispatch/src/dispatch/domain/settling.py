"""The steps after a resolution: 重办, 归档, 移交督查, and how a callback's outcome settles
the case into one of them."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Self

from common.envelope import Event
from common.events import (
    CallbackCompleted,
    CallbackFailed,
    CaseClosed,
    CaseReferredToSupervision,
    CaseReopened,
)
from common.vocabulary import (
    Reason,
)
from dispatch.domain import reasons
from dispatch.domain.case import CaseFacts, reason_and_code
from dispatch.domain.transitions import (
    REOPEN_TRANSFERRED,
    Action,
)


class SettlingSteps(CaseFacts):
    """What follows the callback: another round, closing, or supervision."""

    def reopen(self, *, reason: str | Reason, actor: str, at: datetime) -> tuple[Self, Event]:
        """重办: back to the lead for a new round; co-handlers file again."""
        text, code = reason_and_code(reason)
        self._target(Action.REOPEN)
        case = self._move(
            Action.REOPEN,
            actor,
            at,
            text,
            department=self.lead_department,
            code=code,
            target=REOPEN_TRANSFERRED if self.transfers else None,
        )
        case = replace(case, round=case.round + 1, opinions_filed=frozenset())
        return case, CaseReopened(
            lead_department=case.lead,
            round=case.round,
            reason=text,
            actor=actor,
            reopened_at=at,
        )

    def close(self, *, reason: str | Reason, actor: str, at: datetime) -> tuple[Self, Event]:
        text, code = reason_and_code(reason)
        case = self._move(Action.CLOSE, actor, at, text, code=code)
        return case, CaseClosed(reason=text, actor=actor, closed_at=at)

    def refer(self, *, reason: str | Reason, actor: str, at: datetime) -> tuple[Self, Event]:
        """移交督查: sending it back once more would only repeat what failed."""
        text, code = reason_and_code(reason)
        case = self._move(Action.REFER, actor, at, text, department=self.lead_department, code=code)
        return case, CaseReferredToSupervision(
            lead_department=case.lead, round=case.round, reason=text, actor=actor, referred_at=at
        )

    def settle_callback(
        self, result: CallbackCompleted, *, max_rounds: int, at: datetime
    ) -> tuple[Self, Event]:
        """A satisfied, solved callback closes the case; anything else sends it back (重办),
        until `max_rounds` handling rounds have failed: then supervisors take it over."""
        actor = f"callback:{result.agent}"
        if not result.needs_rework:
            return self.close(reason=reasons.callback_satisfied(result), actor=actor, at=at)
        if self.round >= max_rounds:
            return self.refer(
                reason=reasons.rounds_exhausted(result, self.round), actor=actor, at=at
            )
        return self.reopen(reason=reasons.callback_needs_rework(result), actor=actor, at=at)

    def settle_unreachable(self, failed: CallbackFailed, *, at: datetime) -> tuple[Self, Event]:
        """无法回访: the district's policy says whether the case closes unrated or goes to
        supervision. An unrated close never counts as satisfied."""
        actor = f"callback:{failed.agent}"
        refer = failed.policy_outcome == "refer_to_supervision"
        reason = reasons.callback_unreachable(failed, refer=refer)
        if refer:
            return self.refer(reason=reason, actor=actor, at=at)
        return self.close(reason=reason, actor=actor, at=at)
