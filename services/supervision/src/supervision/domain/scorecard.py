"""Scorecard facts: a fold over one case's events gives its facts (CaseFacts), which
figures.py aggregates into figures per department, category and period. Pure code: no
I/O, no clock.

The fold is order-independent: it sorts the case's events by the time they happened, so
the same set of events always gives the same facts, whether they arrived live (from four
topics, in any interleaving) or were re-read by the rebuild.

Attribution. A case's main figures (accepted, resolved, response, on time, callbacks)
belong to its responsible department: the lead of its latest assignment or reopen. A
return counts against the department that returned the case; an overdue event against the
department whose timer ran out (the responsible department when the timer names none).
An upheld appeal by a department removes everything the case attributes to it.
A case handed to an outside unit (转办) belongs to the unit from then on: its response is
the acknowledgement within the unit's limit, its resolution the unit's answer; the unit
is not a district department, so it has its own table (transfer_rows), never a
department row or a rank.

Period. Every figure of a case falls in the period (Asia/Shanghai calendar day, ISO week or
month) of the case's acceptance (受理), or of its first assignment when no acceptance was
seen; a case that ended at screening (即办, 解释答疑) in the period of that decision.
Figures of a period are therefore about the cases accepted in it, and settle as those
cases are closed.

Outcomes. Every case screened in a period is exactly one of: explained (解释答疑 at
screening), on the spot (即办 at screening), in progress (accepted, not yet closed) or
closed (accepted and closed). A case ended at screening has no department and no
handling rounds: it is counted in those outcome counts only, never in the rates.

Knowledge. A case's knowledge facts (knowledge.py) are folded with it: the article its answer
came from, its wrong answers, its knowledge gap.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from common.envelope import Event
from common.events import (
    AppealDecided,
    CallbackCompleted,
    CaseAccepted,
    CaseAssigned,
    CaseClosed,
    CaseMerged,
    CaseReclassified,
    CaseRegistered,
    CaseRejectedByDispatcher,
    CaseReopened,
    CaseResolved,
    CaseResolvedOnTheSpot,
    CaseReturned,
    CaseSigned,
    CaseTransferred,
    DeadlineExceeded,
    TransferAcknowledged,
    TransferAnswered,
)
from common.vocabulary import Satisfaction, TimerStage
from supervision.domain.knowledge import KnowledgeFacts, knowledge_of


@dataclass(frozen=True)
class Recorded:
    """One event of a case as supervision stored it."""

    event_id: str
    occurred_at: datetime
    event: Event


@dataclass(frozen=True)
class CaseFacts:
    """What the scorecards need to know about one case."""

    case_id: str
    department: str | None = None  # the responsible (latest lead) department
    category: str | None = None
    area: str | None = None
    address: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    registered_at: datetime | None = None
    accepted_at: datetime | None = None  # the cohort time: acceptance, else first assignment
    closed_at: datetime | None = None
    #: ScreeningOutcome value of a case ended at screening (即办, 解释答疑), and when
    screening_outcome: str | None = None
    screened_at: datetime | None = None
    channel: str | None = None
    submitter_kind: str | None = None
    batch_id: str | None = None
    batch_title: str | None = None
    merged: bool = False
    rejected: bool = False  # a dispatcher refused it (驳回，不予受理): it ends there
    assigned: bool = False
    #: True signed before its sign limit, False signed late or limit passed unsigned,
    #: None not yet decided (assigned, unsigned, limit not passed) or never assigned
    signed_in_time: bool | None = None
    resolved: bool = False  # the latest round has a resolution
    resolved_rounds: int = 0
    on_time_rounds: int = 0
    callbacks: int = 0  # completed callbacks, one per round at most
    satisfied_callbacks: int = 0  # 满意 + 基本满意
    solved_callbacks: int = 0
    #: the latest round's callback: True 满意 or 基本满意, False otherwise, None none yet
    latest_callback_satisfied: bool | None = None
    returns_by_department: Mapping[str, int] = field(default_factory=dict)
    overdue_departments: frozenset[str] = frozenset()
    excluded_departments: frozenset[str] = frozenset()  # upheld appeals
    outside_unit: str | None = None  # the unit the case was handed to (转办), if any
    knowledge: KnowledgeFacts = field(default_factory=KnowledgeFacts)  # 知识库 (knowledge.py)

    def to_json(self) -> dict[str, Any]:
        def moment(value: datetime | None) -> str | None:
            return value.isoformat() if value else None

        return {
            **{
                name: getattr(self, name)
                for name in (
                    "case_id",
                    "department",
                    "category",
                    "area",
                    "address",
                    "latitude",
                    "longitude",
                    "merged",
                    "rejected",
                    "assigned",
                    "signed_in_time",
                    "resolved",
                    "resolved_rounds",
                    "on_time_rounds",
                    "callbacks",
                    "satisfied_callbacks",
                    "solved_callbacks",
                    "latest_callback_satisfied",
                    "screening_outcome",
                    "channel",
                    "submitter_kind",
                    "batch_id",
                    "batch_title",
                    "outside_unit",
                )
            },
            "registered_at": moment(self.registered_at),
            "accepted_at": moment(self.accepted_at),
            "closed_at": moment(self.closed_at),
            "screened_at": moment(self.screened_at),
            "returns_by_department": dict(self.returns_by_department),
            "overdue_departments": sorted(self.overdue_departments),
            "excluded_departments": sorted(self.excluded_departments),
            "knowledge": self.knowledge.to_json(),
        }

    @property
    def cohort_at(self) -> datetime | None:
        """When the case entered the figures: its acceptance, or its end at screening."""
        return self.accepted_at or self.screened_at

    @property
    def ended_at_screening(self) -> bool:
        return self.screening_outcome is not None and self.accepted_at is None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> CaseFacts:
        def moment(value: str | None) -> datetime | None:
            return datetime.fromisoformat(value) if value else None

        return cls(
            **{
                **data,
                "registered_at": moment(data.get("registered_at")),
                "accepted_at": moment(data.get("accepted_at")),
                "closed_at": moment(data.get("closed_at")),
                "screened_at": moment(data.get("screened_at")),
                "returns_by_department": dict(data.get("returns_by_department", {})),
                "overdue_departments": frozenset(data.get("overdue_departments", ())),
                "excluded_departments": frozenset(data.get("excluded_departments", ())),
                "knowledge": KnowledgeFacts.from_json(data.get("knowledge")),
            }
        )


@dataclass
class _Round:
    started_at: datetime | None = None
    resolved_at: datetime | None = None
    callback: CallbackCompleted | None = None


def _time_of(item: Recorded) -> datetime:
    return item.occurred_at


def fold(case_id: str, events: Iterable[Recorded]) -> CaseFacts:
    """The facts of one case from all of its events seen so far (in any order)."""
    facts = CaseFacts(case_id)
    rounds: dict[int, _Round] = defaultdict(_Round)
    current_round = 1
    signs: list[CaseSigned] = []
    overdue: list[DeadlineExceeded] = []
    returns: dict[str, int] = defaultdict(int)
    overdue_departments: set[str] = set()
    excluded: set[str] = set()
    first_assigned_at: datetime | None = None

    in_order = sorted(events, key=lambda i: (_time_of(i), i.event_id))
    for item in in_order:
        event = item.event
        if isinstance(event, CaseRegistered):
            facts = replace(
                facts,
                category=facts.category or event.category,
                area=event.area or facts.area,
                address=event.address,
                latitude=event.latitude,
                longitude=event.longitude,
                registered_at=item.occurred_at,
                channel=facts.channel or event.channel.value,
                submitter_kind=facts.submitter_kind or event.submitter_kind.value,
                batch_id=facts.batch_id or event.batch_id,
                batch_title=facts.batch_title or event.batch_title,
            )
        elif isinstance(event, CaseAccepted):
            facts = replace(
                facts,
                category=event.category,
                area=event.area or facts.area,
                accepted_at=event.accepted_at,
                channel=event.channel.value,
                submitter_kind=(
                    event.submitter_kind.value if event.submitter_kind else facts.submitter_kind
                ),
                batch_id=event.batch_id or facts.batch_id,
                batch_title=event.batch_title or facts.batch_title,
            )
        elif isinstance(event, CaseResolvedOnTheSpot):
            facts = replace(
                facts,
                category=event.category,
                channel=event.channel.value,
                screening_outcome=event.outcome,
                screened_at=event.resolved_at,
            )
        elif isinstance(event, CaseReclassified):
            facts = replace(facts, category=event.category)
        elif isinstance(event, CaseAssigned):
            current_round = event.round
            if rounds[current_round].started_at is None:
                rounds[current_round].started_at = event.assigned_at
            first_assigned_at = first_assigned_at or event.assigned_at
            facts = replace(
                facts, department=event.lead_department, category=event.category, assigned=True
            )
        elif isinstance(event, CaseReopened):
            current_round = event.round
            rounds[current_round].started_at = event.reopened_at
            facts = replace(facts, department=event.lead_department)
        elif isinstance(event, CaseSigned):
            signs.append(event)
        elif isinstance(event, CaseReturned):
            returns[event.department] += 1
        elif isinstance(event, CaseResolved):
            resolved_round = rounds[event.round]
            if resolved_round.resolved_at is None:
                resolved_round.resolved_at = event.resolved_at
        elif isinstance(event, CaseTransferred):
            current_round = event.round
            rounds[current_round].started_at = event.transferred_at
            first_assigned_at = first_assigned_at or event.transferred_at
            facts = replace(facts, department=event.unit, outside_unit=event.unit, assigned=True)
        elif isinstance(event, TransferAcknowledged):  # the unit's 签收
            signs.append(
                CaseSigned(
                    department=event.unit, actor=event.actor, signed_at=event.acknowledged_at
                )
            )
        elif isinstance(event, TransferAnswered):  # the unit's 办结
            if rounds[event.round].resolved_at is None:
                rounds[event.round].resolved_at = event.answered_at
        elif isinstance(event, CallbackCompleted):
            rounds[event.round].callback = event
        elif isinstance(event, DeadlineExceeded):
            overdue.append(event)
            blamed = event.department or facts.department
            if blamed is not None:
                overdue_departments.add(blamed)
        elif isinstance(event, CaseClosed):
            facts = replace(facts, closed_at=event.closed_at)
        elif isinstance(event, CaseMerged):
            facts = replace(facts, merged=True)
        elif isinstance(event, CaseRejectedByDispatcher):
            facts = replace(facts, rejected=True, closed_at=event.rejected_at)
        elif isinstance(event, AppealDecided) and event.upheld:
            excluded.add(event.department)

    resolved_rounds = [r for r in rounds.values() if r.resolved_at is not None]
    callbacks = [r.callback for r in rounds.values() if r.callback is not None]
    latest = rounds[max(rounds)] if rounds else _Round()
    last_rated = rounds[max(n for n, r in rounds.items() if r.callback)] if callbacks else None
    transferred = facts.outside_unit is not None
    sign_stage = TimerStage.TRANSFER_ACKNOWLEDGE if transferred else TimerStage.SIGN
    resolution_stage = TimerStage.TRANSFER_ANSWER if transferred else TimerStage.RESOLUTION
    return replace(
        facts,
        accepted_at=facts.accepted_at or first_assigned_at,
        signed_in_time=_signed_in_time(
            facts.department, facts.assigned, signs, overdue, stage=sign_stage
        ),
        resolved=latest.resolved_at is not None,
        resolved_rounds=len(resolved_rounds),
        on_time_rounds=sum(
            1 for r in resolved_rounds if _on_time(r, overdue, stage=resolution_stage)
        ),
        callbacks=len(callbacks),
        satisfied_callbacks=sum(1 for c in callbacks if _satisfied(c)),
        solved_callbacks=sum(1 for c in callbacks if c.solved),
        latest_callback_satisfied=(
            _satisfied(last_rated.callback) if last_rated and last_rated.callback else None
        ),
        returns_by_department=dict(returns),
        overdue_departments=frozenset(overdue_departments),
        excluded_departments=frozenset(excluded),
        knowledge=knowledge_of(item.event for item in in_order),
    )


def _satisfied(callback: CallbackCompleted) -> bool:
    return callback.satisfaction in (Satisfaction.SATISFIED, Satisfaction.BASICALLY_SATISFIED)


def _signed_in_time(
    department: str | None,
    assigned: bool,
    signs: Sequence[CaseSigned],
    overdue: Sequence[DeadlineExceeded],
    *,
    stage: TimerStage = TimerStage.SIGN,
) -> bool | None:
    """Did the responsible department sign before its sign limit (an outside unit:
    acknowledge before its acknowledgement limit)? A sign-stage overdue event
    of that department due before the signature (or with no signature) means no."""
    if not assigned or department is None:
        return None
    signed_at = min((s.signed_at for s in signs if s.department == department), default=None)
    late = [
        o
        for o in overdue
        if o.stage is stage
        and o.department in (department, None)
        and (signed_at is None or o.due_at < signed_at)
    ]
    if late:
        return False
    return True if signed_at is not None else None


def _on_time(
    round_: _Round,
    overdue: Sequence[DeadlineExceeded],
    *,
    stage: TimerStage = TimerStage.RESOLUTION,
) -> bool:
    """A resolved round is on time when no resolution-stage overdue event fell due inside it
    (from the round's start up to its resolution)."""
    assert round_.resolved_at is not None
    return not any(
        o.stage is stage
        and o.due_at < round_.resolved_at
        and (round_.started_at is None or o.due_at >= round_.started_at)
        for o in overdue
    )
