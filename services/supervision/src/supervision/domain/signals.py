"""Supervision signals: the facts a supervisor must see, each tied to its evidence event."""

from __future__ import annotations

from dataclasses import dataclass

from common.events import CallbackCompleted, CaseReferredToSupervision, DeadlineExceeded


@dataclass(frozen=True)
class Signal:
    kind: str  # overdue | dissatisfied | unsolved | referred
    department: str | None  # None: it waits for the case's department
    detail: str


def from_overdue(event: DeadlineExceeded, department: str | None) -> Signal:
    """Against the department whose timer ran out, or the case's lead for the callback's."""
    return Signal(
        "overdue",
        department,
        f"{event.stage.value} time limit passed at {event.due_at.isoformat()}"
        f" (policy {event.policy})",
    )


def from_callback(event: CallbackCompleted, department: str | None) -> Signal | None:
    """A dissatisfied or unsolved callback is a signal against the department that handled it."""
    if not event.needs_rework:
        return None
    kind = "dissatisfied" if event.satisfaction.value == "dissatisfied" else "unsolved"
    return Signal(kind, department, event.comment or event.satisfaction.value)


def from_referral(event: CaseReferredToSupervision) -> Signal:
    """After the allowed reopen rounds, the case is the supervisors' to take over."""
    return Signal("referred", event.lead_department, f"round {event.round}: {event.reason}")
