"""The pure rules of knowledge gaps (知识缺口): which unit a gap goes to, when a consultation
leaves one, and who may dismiss it. No I/O."""

from __future__ import annotations

from enum import StrEnum

from common.auth import Principal
from common.vocabulary import RequestKind, Role, ScreeningOutcome


class GapSource(StrEnum):
    WINDOW = "window"  # answered at screening (解释答疑)
    DEPARTMENT = "department"  # resolved by a department, then closed


class GapState(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class GapOutcome(StrEnum):
    ARTICLE_PUBLISHED = "article_published"
    DISMISSED = "dismissed"


GAP_SOURCE_ZH = {GapSource.WINDOW: "窗口解答", GapSource.DEPARTMENT: "部门答复"}
GAP_STATE_ZH = {GapState.OPEN: "待补充", GapState.CLOSED: "已关闭"}


def gap_id_of(case_id: str) -> str:
    """A case opens one gap at most, so its number names the gap: a redelivered event finds
    the gap it opened before."""
    return f"GAP-{case_id}"


def window_gap_unit(category_lead: str | None, clerk_department: str | None) -> str | None:
    """The unit an answer given at the window with no article leaves a gap for: the
    category's lead, or with none, the clerk's own department (None: no unit to give it)."""
    return category_lead or clerk_department


def leaves_window_gap(outcome: ScreeningOutcome, article_id: str | None) -> bool:
    """A consultation answered at the window (解释答疑) from no article."""
    return outcome is ScreeningOutcome.ANSWER_CONSULTATION and article_id is None


def leaves_department_gap(
    kind: RequestKind, article_id: str | None, resolved_by: str | None
) -> bool:
    """A consultation a department resolved from no article, now closed."""
    return kind is RequestKind.CONSULTATION and article_id is None and resolved_by is not None


def may_dismiss(principal: Principal, department: str) -> bool:
    """The gap's own unit's handlers, and admins."""
    if principal.role is Role.ADMIN:
        return True
    return principal.role is Role.HANDLER and principal.department == department


def visible_department(principal: Principal, asked: str | None) -> str | None:
    """The department a gap list is restricted to: a handler sees its own unit's only."""
    if principal.role is Role.HANDLER:
        return principal.department
    return asked
