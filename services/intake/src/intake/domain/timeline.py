"""What each event shows: to the submitter, a public status and a line of zh-CN text
(internal facts such as overdue timers and supervision are not shown); to staff, a line
naming what happened, who did it and why."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from common.vocabulary import EVENT_LABELS_ZH, LABELS_ZH


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
    name, label = _namer(payload, department_names), _labeller(payload)

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
        "CaseTransferred": lambda: PublicEntry("transferred", f"已转办至{name('unit')}"),
        "TransferAcknowledged": lambda: PublicEntry(
            "in_progress", f"{name('unit')}已确认接收，正在办理"
        ),
        "TransferAnswered": lambda: PublicEntry(
            "resolved",
            f"{name('unit')}已答复（{label('result')}）：{payload.get('summary', '')}",
        ),
        "CaseSentBackToScreening": lambda: PublicEntry(
            "pending_screening", f"退回窗口重新甄别：{payload.get('reason', '')}"
        ),
        "CaseRejectedByDispatcher": lambda: PublicEntry(
            "rejected", f"不予受理：{payload.get('reason', '')}"
        ),
    }


def _namer(payload: Mapping[str, Any], department_names: Mapping[str, str]) -> Callable[[str], str]:
    """The name of the department a payload field holds (its code if the name is unknown)."""

    def name(key: str) -> str:
        code = payload.get(key) or ""
        return department_names.get(code, code)

    return name


def _labeller(payload: Mapping[str, Any]) -> Callable[[str], str]:
    def label(key: str) -> str:
        return LABELS_ZH.get(payload.get(key, ""), "")

    return label


@dataclass(frozen=True)
class StaffEntry:
    action: str
    label: str
    actor: str
    detail: str


#: Payload fields that carry what a person wrote or the platform's reason.
_REASON_FIELDS = ("reason", "answer", "summary", "note", "opinion", "comment")


def staff_entry(
    event_type: str,
    payload: Mapping[str, Any],
    department_names: Mapping[str, str],
    *,
    producer: str,
) -> StaffEntry:
    """The staff line of any event: its label, who did it, and the reason or detail it
    carries (staff see internal steps, such as returns and extension requests, too)."""
    line = _staff_lines(payload, department_names).get(event_type)
    public = public_entry(event_type, payload, department_names)
    detail = line() if line is not None else public.text if public is not None else ""
    reason = next((payload[key] for key in _REASON_FIELDS if payload.get(key)), None)
    if reason and str(reason) not in detail:
        detail = f"{detail}（{reason}）" if detail else str(reason)
    actor = payload.get("actor") or payload.get("agent") or f"system:{producer}"
    return StaffEntry(event_type, EVENT_LABELS_ZH.get(event_type, event_type), str(actor), detail)


def _staff_lines(
    payload: Mapping[str, Any], department_names: Mapping[str, str]
) -> dict[str, Callable[[], str]]:
    """Lines only staff read, or read worded for staff rather than for the submitter."""
    name, label = _namer(payload, department_names), _labeller(payload)

    def callback_done() -> str:
        solved = "已解决" if payload.get("solved") else "未解决"
        return f"回访结果：{label('satisfaction')}，{solved}"

    return {
        "SubmitterContacted": lambda: (
            f"{name('department')}已与诉求人联系：{payload.get('note', '')}"
        ),
        "ExtensionRequested": lambda: (
            f"{name('department')}申请延期{payload.get('working_days', '')}个工作日："
            f"{payload.get('reason', '')}"
        ),
        "ExtensionDenied": lambda: (
            f"不同意{name('department')}的延期申请：{payload.get('reason', '')}"
        ),
        "CoHandlerOpinionFiled": lambda: (
            f"{name('department')}提交第{payload.get('round', 1)}轮协办意见："
            f"{payload.get('opinion', '')}"
        ),
        "CallbackCompleted": callback_done,
        "CaseTransferred": lambda: (
            f"转办至外单位{name('unit')}"
            + (
                f"（原承办单位：{name('previous_department')}）"
                if payload.get("previous_department")
                else ""
            )
            + f"：{payload.get('note', '')}"
        ),
        "CaseReclassified": lambda: (
            f"分类由{payload.get('previous_category', '')}改为{payload.get('category', '')}"
        ),
        "CaseSentBackToScreening": lambda: (
            f"派单员退回窗口重新甄别（第{payload.get('sent_back_in_case', 1)}次）："
            f"{payload.get('reason', '')}"
        ),
        "CaseRejectedByDispatcher": lambda: f"派单员驳回，不予受理：{payload.get('reason', '')}",
        "CallbackFailed": lambda: (
            f"回访{payload.get('attempts', '')}次未能联系上诉求人"
            f"（最后一次：{label('last_outcome') or payload.get('last_outcome', '')}）"
        ),
    }
