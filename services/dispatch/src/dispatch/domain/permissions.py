"""Who may take which step of the handling lifecycle: one table for the routes and the views.

ACTION_ROLES names the staff roles that may ask for each action. The routes admit callers by
it (`roles_for`), and `allowed_actions_for` keeps, of the actions the case's state allows,
those the caller may take, so a case view offers exactly what the API would accept. A
handler acts for its department, in the department's part in the case: the lead's actions
(LEAD_ACTIONS) for the lead (主办), the opinion for a co-handler (协办).
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from common.vocabulary import Role
from dispatch.domain.lifecycle import LEAD_ACTIONS, Action, CaseState, allowed_actions


class CasePart(StrEnum):
    LEAD = "lead"  # 主办
    CO_HANDLER = "co_handler"  # 协办


_DISPATCHER = frozenset({Role.DISPATCHER})
_SUPERVISOR = frozenset({Role.SUPERVISOR})
_HANDLER = frozenset({Role.HANDLER})

ACTION_ROLES: dict[Action, frozenset[Role]] = {
    Action.ASSIGN: _DISPATCHER,
    Action.ARBITRATE: _DISPATCHER,
    Action.GRANT_EXTENSION: _DISPATCHER,
    Action.DENY_EXTENSION: _DISPATCHER,
    # supervisors end a referred case or send it back under their order
    Action.REOPEN: _SUPERVISOR,
    Action.CLOSE: _SUPERVISOR,
    # only the callback's outcome refers a case: no member of staff asks for it
    Action.REFER: frozenset(),
    Action.TRANSFER: _DISPATCHER,
    **{action: _HANDLER for action in LEAD_ACTIONS},
    Action.FILE_OPINION: _HANDLER,
    Action.RECLASSIFY: _DISPATCHER,
    Action.SEND_BACK: _DISPATCHER,
    Action.REJECT: _DISPATCHER,
    # only the window's acceptance of a sent-back case readmits it
    Action.READMIT: frozenset(),
}

#: The part in the case a handler's department needs for each of the handlers' actions.
HANDLER_PART: dict[Action, CasePart] = {
    **{action: CasePart.LEAD for action in LEAD_ACTIONS},
    Action.FILE_OPINION: CasePart.CO_HANDLER,
}


def roles_for(action: Action) -> tuple[Role, ...]:
    """The roles a route taking `action` admits (sorted, for a stable 403 body)."""
    return tuple(sorted(ACTION_ROLES[action]))


def part_in_case(
    department: str | None, lead: str | None, co_handlers: Iterable[str]
) -> CasePart | None:
    if department is None:
        return None
    if department == lead:
        return CasePart.LEAD
    if department in set(co_handlers):
        return CasePart.CO_HANDLER
    return None


def may_take(action: Action, role: Role, part: CasePart | None) -> bool:
    if role not in ACTION_ROLES[action]:
        return False
    return role is not Role.HANDLER or HANDLER_PART[action] is part


def allowed_actions_for(state: CaseState, role: Role, part: CasePart | None) -> list[Action]:
    """The actions of the state that this caller may take, in the state machine's order."""
    return [action for action in allowed_actions(state) if may_take(action, role, part)]
