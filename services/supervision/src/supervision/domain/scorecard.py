"""Scorecard arithmetic: a fold over one case's events gives its facts; facts aggregate into
figures per department, category and period. Pure code: no I/O, no clock.

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
seen; a case that ended at screening (即办, 解释答疑) in the period of that decision. Figures of a period are therefore about the cases accepted in it, and settle as those
cases are closed.

Outcomes. Every case screened in a period is exactly one of: explained (解释答疑 at
screening), on the spot (即办 at screening), in progress (accepted, not yet closed) or
closed (accepted and closed). A case ended at screening has no department and no
handling rounds: it is counted in those outcome counts only, never in the rates.

Satisfaction is given two ways (docs/scorecards.md): per round, completed callbacks
answering 满意 or 基本满意 / completed callbacks; per case, cases whose latest callback
answered so / cases with a completed callback. A case closed satisfied after one reopen is
50 % per round and 100 % per case.

Longer than ~400 lines on purpose: the fold and the rates it feeds (ADR 0012) are one
piece of arithmetic, read and tested together (tests/unit/test_scorecard.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

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
from common.vocabulary import Satisfaction, ScreeningOutcome, TimerStage

SHANGHAI = ZoneInfo("Asia/Shanghai")


class Period(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"


def period_key(moment: datetime, period: Period) -> str:
    """The Asia/Shanghai calendar period of an instant: 2024-04-12, 2024-W15 or 2024-04."""
    local = moment.astimezone(SHANGHAI)
    if period is Period.DAY:
        return local.date().isoformat()
    if period is Period.WEEK:
        year, week, _ = local.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{local.year}-{local.month:02d}"


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

    for item in sorted(events, key=lambda i: (_time_of(i), i.event_id)):
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


def _rate(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


@dataclass
class Figures:
    """The figures of one scorecard row. Each rate is None when its denominator is 0."""

    accepted: int = 0  # 受理量: cases accepted in the period
    resolved: int = 0  # 办结量: of those, cases whose latest round is resolved
    response_due: int = 0  # assigned cases whose sign is decided (signed, or limit passed)
    signed_in_time: int = 0
    resolved_rounds: int = 0
    on_time_rounds: int = 0
    callbacks: int = 0
    satisfied_callbacks: int = 0
    solved_callbacks: int = 0
    overdue: int = 0  # 超期件: cases with an overdue event against the department
    returns: int = 0  # 退单次数: returns made by the department
    explained: int = 0  # 解释答疑: cases answered with an explanation at screening
    on_the_spot: int = 0  # 即办: cases resolved at the window at screening
    in_progress: int = 0  # 办理中: accepted cases not yet closed
    closed: int = 0  # 已办结: accepted cases closed
    rated_cases: int = 0  # cases with a completed callback
    satisfied_cases: int = 0  # of those, cases whose latest callback was 满意 or 基本满意
    rejected: int = 0  # 派单驳回量: accepted cases a dispatcher then refused

    @property
    def response_rate(self) -> float | None:
        """响应率 = signed before the sign limit / assigned cases whose sign is decided."""
        return _rate(self.signed_in_time, self.response_due)

    @property
    def on_time_rate(self) -> float | None:
        """按时办结率 = rounds resolved with no resolution overdue inside them / resolved rounds."""
        return _rate(self.on_time_rounds, self.resolved_rounds)

    @property
    def solved_rate(self) -> float | None:
        """解决率 = completed callbacks answering "solved" / completed callbacks."""
        return _rate(self.solved_callbacks, self.callbacks)

    @property
    def satisfaction_rate(self) -> float | None:
        """满意率 = (满意 + 基本满意) / completed callbacks."""
        return _rate(self.satisfied_callbacks, self.callbacks)

    @property
    def case_satisfaction_rate(self) -> float | None:
        """按件满意率 = cases whose latest callback was satisfied / cases called back."""
        return _rate(self.satisfied_cases, self.rated_cases)

    @property
    def callback_rate(self) -> float | None:
        """回访率 = completed callbacks / resolved rounds."""
        return _rate(self.callbacks, self.resolved_rounds)

    def add_case(self, facts: CaseFacts) -> None:
        if facts.ended_at_screening:
            explained = facts.screening_outcome == ScreeningOutcome.ANSWER_CONSULTATION
            self.explained += int(explained)
            self.on_the_spot += int(not explained)
            return
        self.accepted += 1
        self.closed += int(facts.closed_at is not None)
        self.in_progress += int(facts.closed_at is None)
        if facts.latest_callback_satisfied is not None:
            self.rated_cases += 1
            self.satisfied_cases += int(facts.latest_callback_satisfied)
        self.resolved += int(facts.resolved)
        self.rejected += int(facts.rejected)
        if facts.signed_in_time is not None:
            self.response_due += 1
            self.signed_in_time += int(facts.signed_in_time)
        self.resolved_rounds += facts.resolved_rounds
        self.on_time_rounds += facts.on_time_rounds
        self.callbacks += facts.callbacks
        self.satisfied_callbacks += facts.satisfied_callbacks
        self.solved_callbacks += facts.solved_callbacks

    def as_dict(self) -> dict[str, Any]:
        return {
            "accepted": self.accepted,
            "resolved": self.resolved,
            "response_rate": self.response_rate,
            "on_time_rate": self.on_time_rate,
            "solved_rate": self.solved_rate,
            "satisfaction_rate": self.satisfaction_rate,
            "case_satisfaction_rate": self.case_satisfaction_rate,
            "callback_rate": self.callback_rate,
            "overdue": self.overdue,
            "returns": self.returns,
            "explained": self.explained,
            "on_the_spot": self.on_the_spot,
            "in_progress": self.in_progress,
            "closed": self.closed,
            "rejected": self.rejected,
            "counts": {
                "response_due": self.response_due,
                "signed_in_time": self.signed_in_time,
                "resolved_rounds": self.resolved_rounds,
                "on_time_rounds": self.on_time_rounds,
                "callbacks": self.callbacks,
                "satisfied_callbacks": self.satisfied_callbacks,
                "solved_callbacks": self.solved_callbacks,
                "rated_cases": self.rated_cases,
                "satisfied_cases": self.satisfied_cases,
            },
        }


class Grouping(StrEnum):
    DEPARTMENT = "department"
    CATEGORY = "category"
    DEPARTMENT_CATEGORY = "department_category"
    DOMAIN = "domain"  # the taxonomy domain (领域) of each case's item


#: (period key, department or None, category or None)
RowKey = tuple[str, str | None, str | None]


def counted(facts: CaseFacts) -> bool:
    """Merged duplicates follow their original; never-accepted cases are not measured."""
    return not facts.merged and facts.accepted_at is not None


def screened(facts: CaseFacts) -> bool:
    """Counted in the outcome figures: measured, or ended at screening."""
    return counted(facts) or (not facts.merged and facts.ended_at_screening)


def aggregate(
    cases: Iterable[CaseFacts],
    period: Period,
    grouping: Grouping,
    domains: Mapping[str, str] | None = None,
) -> dict[RowKey, Figures]:
    """Scorecard rows. A department grouping gives one row per department that had a case,
    a return or an overdue event in the period, and one without a department for the cases
    ended at screening; a category grouping one per category; a domain grouping one per
    domain (`domains`: item code -> domain code; the row's category slot holds the domain)."""
    rows: dict[RowKey, Figures] = defaultdict(Figures)
    by_department = grouping in (Grouping.DEPARTMENT, Grouping.DEPARTMENT_CATEGORY)
    by_category = grouping is not Grouping.DEPARTMENT

    def key(facts: CaseFacts, department: str | None) -> RowKey:
        assert facts.cohort_at is not None
        category = facts.category or ""
        if grouping is Grouping.DOMAIN:
            category = (domains or {}).get(category, "")
        return (
            period_key(facts.cohort_at, period),
            department if by_department else None,
            category if by_category else None,
        )

    for facts in cases:
        if not screened(facts):
            continue
        owner = facts.department
        # an outside unit is not a district department: its figures are transfer_rows'
        unit = facts.outside_unit if by_department else None
        if facts.ended_at_screening or (
            owner not in facts.excluded_departments
            and (owner is not None or not by_department)
            and (unit is None or owner != unit)
        ):
            rows[key(facts, owner)].add_case(facts)
        for department, returns in facts.returns_by_department.items():
            if department not in facts.excluded_departments:
                rows[key(facts, department)].returns += returns
        for department in facts.overdue_departments:
            if department not in facts.excluded_departments and department != unit:
                rows[key(facts, department)].overdue += 1
    return dict(rows)


def transfer_rows(cases: Iterable[CaseFacts], period: Period) -> dict[tuple[str, str], Figures]:
    """转办 figures, one row per (period, outside unit): the cases handed to the unit, its
    acknowledgements in time (response), answers in time (on time), their callbacks and
    the unit's overdue cases. Kept apart from the departments' rows and rankings."""
    rows: dict[tuple[str, str], Figures] = defaultdict(Figures)
    for facts in cases:
        unit = facts.outside_unit
        if not counted(facts) or unit is None or unit in facts.excluded_departments:
            continue
        assert facts.accepted_at is not None
        row = rows[(period_key(facts.accepted_at, period), unit)]
        row.add_case(facts)
        row.overdue += int(unit in facts.overdue_departments)
    return dict(rows)


class RankBy(StrEnum):
    SATISFACTION_RATE = "satisfaction_rate"
    ON_TIME_RATE = "on_time_rate"
    RESPONSE_RATE = "response_rate"
    SOLVED_RATE = "solved_rate"
    CALLBACK_RATE = "callback_rate"


@dataclass(frozen=True)
class Ranked:
    rank: int
    department: str
    figures: Figures


@dataclass(frozen=True)
class NotRanked:
    department: str
    figures: Figures
    reason: str  # below_minimum_sample | no_data


@dataclass(frozen=True)
class Ranking:
    ranked: list[Ranked]
    not_ranked: list[NotRanked]


def rank(rows: Mapping[str, Figures], *, by: RankBy, minimum_sample: int) -> Ranking:
    """Rank departments of one period, best first. A department with fewer than
    `minimum_sample` accepted cases, or without a value for the measure, is listed as not
    ranked, with its figures. Equal values share a rank (1, 1, 3)."""
    eligible: list[tuple[float, str, Figures]] = []
    not_ranked: list[NotRanked] = []
    for department, figures in sorted(rows.items()):
        value = getattr(figures, by.value)
        if figures.accepted < minimum_sample:
            not_ranked.append(NotRanked(department, figures, "below_minimum_sample"))
        elif value is None:
            not_ranked.append(NotRanked(department, figures, "no_data"))
        else:
            eligible.append((value, department, figures))
    eligible.sort(key=lambda item: (-item[0], item[1]))
    ranked: list[Ranked] = []
    for position, (value, department, figures) in enumerate(eligible, start=1):
        shared = ranked and getattr(ranked[-1].figures, by.value) == value
        ranked.append(Ranked(ranked[-1].rank if shared else position, department, figures))
    return Ranking(ranked, not_ranked)


@dataclass(frozen=True)
class Hotspot:
    period: str
    category: str
    area: str
    cases: int


def hotspots(cases: Iterable[CaseFacts], period: Period, top: int) -> list[Hotspot]:
    """Cases accepted per category x area x period; the `top` largest of each period."""
    counts: dict[tuple[str, str, str], int] = defaultdict(int)
    for facts in cases:
        if counted(facts):
            assert facts.accepted_at is not None
            key = (period_key(facts.accepted_at, period), facts.category or "", facts.area or "")
            counts[key] += 1
    by_period: dict[str, list[Hotspot]] = defaultdict(list)
    for (period_name, category, area), number in counts.items():
        by_period[period_name].append(Hotspot(period_name, category, area, number))
    found: list[Hotspot] = []
    for period_name in sorted(by_period):
        spots = sorted(by_period[period_name], key=lambda h: (-h.cases, h.category, h.area))
        found.extend(spots[:top])
    return found


def period_range(period: Period, day: date) -> tuple[date, date]:
    """The first day of the period containing `day`, and the first day after it."""
    if period is Period.DAY:
        return day, day + timedelta(days=1)
    if period is Period.WEEK:
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=7)
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following


def shanghai_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=SHANGHAI)
