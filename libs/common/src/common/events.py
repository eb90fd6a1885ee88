"""Event payloads, one class per event type, grouped by the topic (and so the service) that
publishes them. The envelope carries case id, time and ids; payloads carry the facts.
Every lifecycle event names its actor."""

from __future__ import annotations

from datetime import datetime

from pydantic import AwareDatetime, Field

from common.envelope import Event
from common.vocabulary import (
    Channel,
    RequestKind,
    ResolutionResult,
    Satisfaction,
    SubmitterKind,
    TimerStage,
)

# --- intake.case-events.v1 ------------------------------------------------------------------


class CaseRegistered(Event):
    channel: Channel
    kind: RequestKind
    category: str
    title: str
    description: str
    address: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    submitter_kind: SubmitterKind
    actor: str


class CaseAccepted(Event):
    category: str
    kind: RequestKind
    channel: Channel
    actor: str
    accepted_at: AwareDatetime


class CaseRejected(Event):
    reason: str
    actor: str


# --- dispatch.case-events.v1 ----------------------------------------------------------------


class CaseAssigned(Event):
    category: str
    kind: RequestKind
    lead_department: str
    co_handlers: list[str] = Field(default_factory=list)
    round: int = 1
    actor: str
    assigned_at: AwareDatetime


class CaseQueuedForDispatcher(Event):
    """No routing rule fits: a human dispatcher must route the case."""

    category: str
    reason: str


class CaseSigned(Event):
    department: str
    actor: str
    signed_at: AwareDatetime


class CaseResolved(Event):
    department: str
    result: ResolutionResult
    summary: str
    round: int = 1
    actor: str
    resolved_at: AwareDatetime


class CaseReopened(Event):
    lead_department: str
    round: int
    reason: str
    actor: str
    reopened_at: AwareDatetime


class CaseClosed(Event):
    reason: str
    actor: str
    closed_at: AwareDatetime


# --- deadline.timer-events.v1 ---------------------------------------------------------------


class DeadlineExceeded(Event):
    timer_id: int
    stage: TimerStage
    department: str | None
    started_at: AwareDatetime
    due_at: AwareDatetime
    policy: str


# --- callback.callback-events.v1 ------------------------------------------------------------


class CallbackCompleted(Event):
    round: int
    satisfaction: Satisfaction
    solved: bool
    comment: str = ""
    agent: str
    completed_at: AwareDatetime

    @property
    def needs_rework(self) -> bool:
        return self.satisfaction is Satisfaction.DISSATISFIED or not self.solved


# --- supervision.supervision-events.v1 ------------------------------------------------------


class SupervisionSignalRecorded(Event):
    """A fact a supervisor must see: an overdue case, a dissatisfied callback, a bounce."""

    signal: str
    department: str | None
    evidence_event_id: str
    observed_at: datetime
