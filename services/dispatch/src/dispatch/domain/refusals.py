"""How the state machine refuses: an action illegal in the case's state, a department
with no part in it, and a rule on the case's facts (each with a code of its own)."""

from __future__ import annotations

from typing import Any

from common.vocabulary import (
    HANDLING_ACTIONS_ZH,
    HANDLING_STATES_ZH,
)
from dispatch.domain.transitions import Action, CaseState, allowed_actions


class IllegalTransition(Exception):
    def __init__(self, case_id: str, state: CaseState, action: Action) -> None:
        self.case_id = case_id
        self.state = state
        self.action = action
        self.allowed = allowed_actions(state)
        allowed = "、".join(HANDLING_ACTIONS_ZH[a] for a in self.allowed) or "无（案件已办理完毕）"
        super().__init__(
            f"案件 {case_id} 当前状态为“{HANDLING_STATES_ZH[state]}”，不能{HANDLING_ACTIONS_ZH[action]}；"
            f"此状态下可以：{allowed}"
        )


class NotHandlingDepartment(Exception):
    def __init__(self, case_id: str, department: str, needed: str, holders: list[str]) -> None:
        self.department = department
        self.needed = needed
        self.holders = holders
        part = _PARTS_ZH[needed]
        super().__init__(
            f"单位 {department} 不是案件 {case_id} 的{part}（{part}：{'、'.join(holders) or '无'}）"
        )


_PARTS_ZH = {"lead": "主办单位", "co-handler": "协办单位"}


class RuleRefused(Exception):
    """A legal transition refused by a rule of the case's facts. `conflict` rules depend on
    what happened before (HTTP 409); the others reject the command itself (HTTP 422)."""

    def __init__(self, code: str, message: str, *, conflict: bool, **details: Any) -> None:
        super().__init__(message)
        self.code = code
        self.conflict = conflict
        self.details = details
