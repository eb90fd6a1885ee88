"""What the submitter sees of each event: a public status and a line of zh-CN text.
Internal facts (overdue timers, supervision) are not shown."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from common.vocabulary import LABELS_ZH

STATUS_ZH = {
    "registered": "已登记",
    "accepted": "已受理",
    "rejected": "不予受理",
    "awaiting_dispatch": "待派单",
    "assigned": "已交办",
    "in_progress": "办理中",
    "resolved": "已办结",
    "callback_done": "已回访",
    "reopened": "重办中",
    "closed": "已归档",
}


@dataclass(frozen=True)
class PublicEntry:
    status: str
    text: str


def public_entry(
    event_type: str, payload: Mapping[str, Any], department_names: Mapping[str, str]
) -> PublicEntry | None:
    """The public line for an event, or None when the event is not for the public."""

    def name(code: str | None) -> str:
        return department_names.get(code or "", code or "")

    lines: dict[str, Callable[[], PublicEntry]] = {
        "CaseRegistered": lambda: PublicEntry("registered", "您的诉求已登记"),
        "CaseAccepted": lambda: PublicEntry("accepted", "诉求已受理，正在交办"),
        "CaseRejected": lambda: PublicEntry("rejected", f"不予受理：{payload.get('reason', '')}"),
        "CaseQueuedForDispatcher": lambda: PublicEntry("awaiting_dispatch", "等待派单员分派"),
        "CaseAssigned": lambda: PublicEntry(
            "assigned", f"已交办至{name(payload.get('lead_department'))}"
        ),
        "CaseSigned": lambda: PublicEntry(
            "in_progress", f"{name(payload.get('department'))}已签收，正在办理"
        ),
        "CaseResolved": lambda: PublicEntry(
            "resolved",
            f"{name(payload.get('department'))}已办结"
            f"（{LABELS_ZH.get(payload.get('result', ''), '')}）：{payload.get('summary', '')}",
        ),
        "CallbackCompleted": lambda: PublicEntry(
            "callback_done",
            f"已回访：{LABELS_ZH.get(payload.get('satisfaction', ''), '')}",
        ),
        "CaseReopened": lambda: PublicEntry("reopened", "根据回访结果重新办理"),
        "CaseClosed": lambda: PublicEntry("closed", "已办结归档"),
    }
    line = lines.get(event_type)
    return line() if line is not None else None
