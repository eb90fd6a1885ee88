"""The one state machine of handling, as a table: the states a case is in, the actions
on it, and which action is legal from which state (TRANSITIONS). Anything the table does not
list is refused (IllegalTransition, refusals.py)."""

from __future__ import annotations

from enum import StrEnum


class CaseState(StrEnum):
    AWAITING_DISPATCH = "awaiting_dispatch"  # 待派单
    ASSIGNED = "assigned"  # 已交办
    SIGNED = "signed"  # 已签收（办理中）
    RETURNED = "returned"  # 已退回（待仲裁）
    SUSPENDED = "suspended"  # 已挂起
    RESOLVED = "resolved"  # 已办结
    UNDER_SUPERVISION = "under_supervision"  # 督办中（多轮重办仍不满意）
    CLOSED = "closed"  # 已归档
    TRANSFERRED = "transferred"  # 已转办，待外单位确认接收
    TRANSFER_ACKNOWLEDGED = "transfer_acknowledged"  # 外单位已确认接收（办理中）
    SENT_BACK = "sent_back"  # 已退回甄别（等待窗口重新甄别）
    REJECTED = "rejected"  # 派单员驳回（不予受理）


class Action(StrEnum):
    ASSIGN = "assign"  # 交办
    SIGN = "sign"  # 签收
    CONTACT = "contact"  # 先行联系
    RETURN = "return"  # 退单
    ARBITRATE = "arbitrate"  # 退单仲裁
    REQUEST_EXTENSION = "request_extension"  # 延期申请
    GRANT_EXTENSION = "grant_extension"  # 同意延期
    DENY_EXTENSION = "deny_extension"  # 不同意延期
    SUSPEND = "suspend"  # 挂起
    RESUME = "resume"  # 恢复办理
    FILE_OPINION = "file_opinion"  # 协办意见
    RESOLVE = "resolve"  # 办结
    REOPEN = "reopen"  # 重办
    REFER = "refer"  # 移交督查
    CLOSE = "close"  # 归档
    TRANSFER = "transfer"  # 转办（交外单位）
    ACKNOWLEDGE_TRANSFER = "acknowledge_transfer"  # 外单位确认接收
    ANSWER_TRANSFER = "answer_transfer"  # 外单位答复
    RECLASSIFY = "reclassify"  # 改类
    SEND_BACK = "send_back"  # 退回甄别
    REJECT = "reject"  # 驳回（不予受理）
    READMIT = "readmit"  # 重新受理（窗口再次受理退回甄别的案件）


S, A = CaseState, Action

TRANSITIONS: dict[tuple[CaseState, Action], CaseState] = {
    (S.AWAITING_DISPATCH, A.ASSIGN): S.ASSIGNED,
    (S.ASSIGNED, A.SIGN): S.SIGNED,
    (S.ASSIGNED, A.RETURN): S.RETURNED,
    (S.ASSIGNED, A.FILE_OPINION): S.ASSIGNED,
    (S.SIGNED, A.CONTACT): S.SIGNED,
    (S.SIGNED, A.RETURN): S.RETURNED,
    (S.SIGNED, A.REQUEST_EXTENSION): S.SIGNED,
    (S.SIGNED, A.GRANT_EXTENSION): S.SIGNED,
    (S.SIGNED, A.DENY_EXTENSION): S.SIGNED,
    (S.SIGNED, A.SUSPEND): S.SUSPENDED,
    (S.SIGNED, A.FILE_OPINION): S.SIGNED,
    (S.SIGNED, A.RESOLVE): S.RESOLVED,
    (S.SUSPENDED, A.RESUME): S.SIGNED,
    (S.SUSPENDED, A.GRANT_EXTENSION): S.SUSPENDED,
    (S.SUSPENDED, A.DENY_EXTENSION): S.SUSPENDED,
    (S.SUSPENDED, A.FILE_OPINION): S.SUSPENDED,
    (S.RETURNED, A.ARBITRATE): S.ASSIGNED,
    (S.RESOLVED, A.REOPEN): S.ASSIGNED,
    (S.RESOLVED, A.REFER): S.UNDER_SUPERVISION,
    (S.RESOLVED, A.CLOSE): S.CLOSED,
    # supervisors end a referred case, or send it back to the department under their order
    (S.UNDER_SUPERVISION, A.REOPEN): S.ASSIGNED,
    (S.UNDER_SUPERVISION, A.CLOSE): S.CLOSED,
    # 转办: from the queue, as a re-route of a routed case, or as the ruling on a return
    (S.AWAITING_DISPATCH, A.TRANSFER): S.TRANSFERRED,
    (S.ASSIGNED, A.TRANSFER): S.TRANSFERRED,
    (S.RETURNED, A.TRANSFER): S.TRANSFERRED,
    (S.TRANSFERRED, A.ACKNOWLEDGE_TRANSFER): S.TRANSFER_ACKNOWLEDGED,
    (S.TRANSFER_ACKNOWLEDGED, A.ANSWER_TRANSFER): S.RESOLVED,
    # the dispatcher's other rulings on a queued case: back to the window, or refused
    (S.AWAITING_DISPATCH, A.SEND_BACK): S.SENT_BACK,
    (S.AWAITING_DISPATCH, A.REJECT): S.REJECTED,
    (S.RETURNED, A.REJECT): S.REJECTED,
    (S.SENT_BACK, A.READMIT): S.AWAITING_DISPATCH,
    # 改类 while the case is open and still the dispatcher's (a case under supervision is
    # the supervisors'); re-routing stays a decision of its own
    **{
        (state, A.RECLASSIFY): state
        for state in (
            S.AWAITING_DISPATCH,
            S.ASSIGNED,
            S.SIGNED,
            S.RETURNED,
            S.SUSPENDED,
            S.RESOLVED,
        )
    },
}

#: 重办 of a transferred case goes back to its outside unit, not to a district department.
REOPEN_TRANSFERRED = S.TRANSFERRED

#: Actions only the lead department (主办) may take; FILE_OPINION is the co-handlers' (协办).
LEAD_ACTIONS = frozenset(
    {
        A.SIGN,
        A.CONTACT,
        A.RETURN,
        A.REQUEST_EXTENSION,
        A.SUSPEND,
        A.RESUME,
        A.RESOLVE,
        A.ACKNOWLEDGE_TRANSFER,
        A.ANSWER_TRANSFER,
    }
)


def allowed_actions(state: CaseState) -> list[Action]:
    return [action for (source, action) in TRANSITIONS if source is state]
