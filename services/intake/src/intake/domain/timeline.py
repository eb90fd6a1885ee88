"""What each event shows: to the submitter, a public status and a line of zh-CN text
(internal facts such as overdue timers and supervision are not shown); to staff, a line
naming what happened, who did it and why."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from common.vocabulary import LABELS_ZH

STATUS_ZH = {
    "registered": "已登记",
    "pending_screening": "待甄别",
    "accepted": "已受理",
    "rejected": "不予受理",
    "resolved_on_the_spot": "已当场办结",
    "merged": "已合并办理",
    "awaiting_dispatch": "待派单",
    "assigned": "已交办",
    "in_progress": "办理中",
    "suspended": "已挂起",
    "resolved": "已办结",
    "callback_done": "已回访",
    "reopened": "重办中",
    "supervised": "督办中",
    "closed": "已归档",
}

#: Staff timeline labels of events, with the public ones and those only staff see.
ACTION_ZH = {
    "CaseRegistered": "登记",
    "CaseAccepted": "受理",
    "CaseRejected": "不予受理",
    "CaseResolvedOnTheSpot": "即办/解释答疑",
    "CaseMerged": "重复件合并",
    "CaseQueuedForDispatcher": "待人工派单",
    "CaseAssigned": "交办",
    "CaseSigned": "签收",
    "SubmitterContacted": "先行联系",
    "CaseReturned": "退单",
    "ReturnArbitrated": "退单仲裁",
    "ExtensionRequested": "延期申请",
    "ExtensionGranted": "同意延期",
    "ExtensionDenied": "不同意延期",
    "CaseSuspended": "挂起",
    "CaseResumed": "恢复办理",
    "CoHandlerOpinionFiled": "协办意见",
    "CaseResolved": "办结",
    "CaseReopened": "重办",
    "CaseClosed": "归档",
    "CaseReferredToSupervision": "转督查",
    "CallbackCompleted": "回访",
    "CallbackFailed": "无法回访",
}


@dataclass(frozen=True)
class PublicEntry:
    status: str
    text: str


def public_entry(
    event_type: str, payload: Mapping[str, Any], department_names: Mapping[str, str]
) -> PublicEntry | None:
    """The public line for an event, or None when the event is not for the public."""
    line = _public_lines(payload, department_names).get(event_type)
    return line() if line is not None else None


def _public_lines(
    payload: Mapping[str, Any], department_names: Mapping[str, str]
) -> dict[str, Callable[[], PublicEntry]]:
    def name(key: str) -> str:
        code = payload.get(key) or ""
        return department_names.get(code, code)

    def label(key: str) -> str:
        return LABELS_ZH.get(payload.get(key, ""), "")

    def on_the_spot() -> PublicEntry:
        if payload.get("outcome") == "answer_consultation":
            return PublicEntry("resolved_on_the_spot", f"已解释答疑：{payload.get('answer', '')}")
        return PublicEntry("resolved_on_the_spot", f"窗口当场办结：{payload.get('answer', '')}")

    def arbitrated() -> PublicEntry:
        if payload.get("decision") == "reroute":
            return PublicEntry("awaiting_dispatch", "经协调，改由其他单位办理")
        return PublicEntry("assigned", f"经协调，仍由{name('returning_department')}办理")

    return {
        "CaseRegistered": lambda: PublicEntry("registered", "您的诉求已登记"),
        "CaseAccepted": lambda: PublicEntry("accepted", "诉求已受理，正在交办"),
        "CaseRejected": lambda: PublicEntry("rejected", f"不予受理：{payload.get('reason', '')}"),
        "CaseResolvedOnTheSpot": on_the_spot,
        "CaseMerged": lambda: PublicEntry(
            "merged",
            f"与诉求{payload.get('original_case_id', '')}为同一事项，合并办理，办理进展见该诉求",
        ),
        "CaseQueuedForDispatcher": lambda: PublicEntry("awaiting_dispatch", "等待派单员分派"),
        "CaseAssigned": lambda: PublicEntry("assigned", f"已交办至{name('lead_department')}"),
        "CaseSigned": lambda: PublicEntry("in_progress", f"{name('department')}已签收，正在办理"),
        "SubmitterContacted": lambda: PublicEntry("in_progress", f"{name('department')}已与您联系"),
        "CaseReturned": lambda: PublicEntry("awaiting_dispatch", "承办单位申请退回，正在重新分派"),
        "ReturnArbitrated": arbitrated,
        "ExtensionGranted": lambda: PublicEntry(
            "in_progress", f"办理期限延长{payload.get('working_days', '')}个工作日"
        ),
        "CaseSuspended": lambda: PublicEntry(
            "suspended", f"办理暂停，等待您的答复或材料：{payload.get('reason', '')}"
        ),
        "CaseResumed": lambda: PublicEntry("in_progress", f"{name('department')}已恢复办理"),
        "CaseResolved": lambda: PublicEntry(
            "resolved",
            f"{name('department')}已办结（{label('result')}）：{payload.get('summary', '')}",
        ),
        "CallbackCompleted": lambda: PublicEntry(
            "callback_done", f"已回访：{label('satisfaction')}"
        ),
        "CaseReopened": lambda: PublicEntry("reopened", "根据回访结果重新办理"),
        "CaseReferredToSupervision": lambda: PublicEntry(
            "supervised", "多次办理仍未解决，已转督查部门督办"
        ),
        "CaseClosed": lambda: PublicEntry("closed", "已办结归档"),
    }


@dataclass(frozen=True)
class StaffEntry:
    action: str
    label: str
    actor: str
    detail: str


def staff_entry(
    event_type: str,
    payload: Mapping[str, Any],
    department_names: Mapping[str, str],
    *,
    producer: str,
) -> StaffEntry:
    """The staff line of any event: its label, who did it, and the reason or detail it
    carries (staff see internal steps, such as returns and extension requests, too)."""
    public = public_entry(event_type, payload, department_names)
    reason = payload.get("reason") or payload.get("answer") or payload.get("summary")
    detail = public.text if public is not None else ""
    if reason and str(reason) not in detail:
        detail = f"{detail}（{reason}）" if detail else str(reason)
    actor = payload.get("actor") or payload.get("agent") or f"system:{producer}"
    return StaffEntry(event_type, ACTION_ZH.get(event_type, event_type), str(actor), detail)
