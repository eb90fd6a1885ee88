"""Supervision signals: the facts a supervisor must see, each tied to its evidence event.

`kind` is the stable code (SignalKind); `detail` is the zh-CN line a supervisor reads, with
times in Asia/Shanghai."""

from __future__ import annotations

from dataclasses import dataclass

from common.clock import local_text
from common.events import CallbackCompleted, CaseReferredToSupervision, DeadlineExceeded
from common.vocabulary import LABELS_ZH, SignalKind


@dataclass(frozen=True)
class Signal:
    kind: SignalKind
    department: str | None  # None: it waits for the case's department
    detail: str


def from_overdue(event: DeadlineExceeded, department: str | None) -> Signal:
    """Against the department whose timer ran out, or the case's lead for the callback's."""
    return Signal(
        SignalKind.OVERDUE,
        department,
        f"{LABELS_ZH[event.stage]}已于{local_text(event.due_at)}届满，仍未完成"
        f"（时限规则：{event.policy}）",
    )


def from_callback(event: CallbackCompleted, department: str | None) -> Signal | None:
    """A dissatisfied or unsolved callback is a signal against the department that handled it."""
    if not event.needs_rework:
        return None
    dissatisfied = event.satisfaction.value == "dissatisfied"
    kind = SignalKind.DISSATISFIED if dissatisfied else SignalKind.UNSOLVED
    solved = "已解决" if event.solved else "未解决"
    said = f"第{event.round}轮回访：{LABELS_ZH[event.satisfaction]}，{solved}"
    return Signal(kind, department, f"{said}（{event.comment}）" if event.comment else said)


def from_referral(event: CaseReferredToSupervision) -> Signal:
    """After the allowed reopen rounds, the case is the supervisors' to take over."""
    return Signal(
        SignalKind.REFERRED,
        event.lead_department,
        f"办理{event.round}轮后移交督查：{event.reason}",
    )
