"""Figures of scorecard rows: case facts aggregate into figures per department, category,
domain or outside unit (转办) and period. Pure code.

Satisfaction is given two ways (docs/scorecards.md): per round, completed callbacks
answering 满意 or 基本满意 / completed callbacks; per case, cases whose latest callback
answered so / cases with a completed callback. A case closed satisfied after one reopen is
50 % per round and 100 % per case.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from common.vocabulary import ScreeningOutcome
from supervision.domain.knowledge import gap_counts, periods_between
from supervision.domain.periods import Period, period_key
from supervision.domain.scorecard import CaseFacts


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
    # 知识库 (docs/scorecards.md): a window answer counts for its knowledge unit
    window_answers: int = 0  # 解释答疑 at the window
    window_answers_from_article: int = 0  # of them, answered from an article (命中)
    consultations_accepted: int = 0  # consultations (咨询) accepted for handling
    consultations_resolved_with_article: int = 0  # of them, resolved from an article
    consultations_resolved_without_article: int = 0
    answers_wrong: int = 0  # 答复有误: callbacks that found the answer wrong
    gaps_opened: int = 0  # 知识缺口 opened in the period
    gaps_closed: int = 0  # closed in the period
    gaps_open: int = 0  # open at the period's end

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

    @property
    def knowledge_hit_rate(self) -> float | None:
        """知识库命中率 = window answers from an article / window answers."""
        return _rate(self.window_answers_from_article, self.window_answers)

    @property
    def consultations_screened(self) -> int:
        """Consultations screened: answered at the window, or accepted for handling."""
        return self.window_answers + self.consultations_accepted

    @property
    def window_answer_rate(self) -> float | None:
        """当场解答率 = consultations answered at the window / consultations screened."""
        return _rate(self.window_answers, self.consultations_screened)

    def add_window_answer(self, facts: CaseFacts) -> None:
        """A consultation answered at the window (解释答疑), in its knowledge unit's row."""
        self.window_answers += 1
        self.window_answers_from_article += int(facts.knowledge.article_id is not None)
        self.answers_wrong += facts.knowledge.answers_wrong

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
        self._add_consultation(facts)

    def _add_consultation(self, facts: CaseFacts) -> None:
        knowledge = facts.knowledge
        self.answers_wrong += knowledge.answers_wrong
        if not knowledge.consultation:
            return
        self.consultations_accepted += 1
        if facts.resolved:
            from_article = knowledge.article_id is not None
            self.consultations_resolved_with_article += int(from_article)
            self.consultations_resolved_without_article += int(not from_article)

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
            "window_answers": self.window_answers,
            "window_answers_from_article": self.window_answers_from_article,
            "knowledge_hit_rate": self.knowledge_hit_rate,
            "consultations_resolved_with_article": self.consultations_resolved_with_article,
            "consultations_resolved_without_article": self.consultations_resolved_without_article,
            "gaps_opened": self.gaps_opened,
            "gaps_closed": self.gaps_closed,
            "gaps_open": self.gaps_open,
            "answers_wrong": self.answers_wrong,
            "window_answer_rate": self.window_answer_rate,
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
                "consultations_accepted": self.consultations_accepted,
                "consultations_screened": self.consultations_screened,
            },
        }


class Grouping(StrEnum):
    DEPARTMENT = "department"
    CATEGORY = "category"
    DEPARTMENT_CATEGORY = "department_category"
    DOMAIN = "domain"  # the taxonomy domain (领域) of each case's item
    DISTRICT = "district"  # one row per period: the whole district


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
    a return, an overdue event or a window answer in the period, and one without a
    department for the cases ended at screening; a category grouping one per category; a
    domain grouping one per domain (`domains`: item code -> domain code; the row's category
    slot holds the domain); a district grouping one per period."""
    rows: dict[RowKey, Figures] = defaultdict(Figures)
    row_key = row_keys(grouping, domains)

    def key(facts: CaseFacts, department: str | None) -> RowKey:
        assert facts.cohort_at is not None
        return row_key(period_key(facts.cohort_at, period), department, facts.category)

    by_department = grouping in (Grouping.DEPARTMENT, Grouping.DEPARTMENT_CATEGORY)
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
        if answered_at_window(facts) and facts.knowledge.unit not in facts.excluded_departments:
            rows[key(facts, facts.knowledge.unit)].add_window_answer(facts)
        for department, returns in facts.returns_by_department.items():
            if department not in facts.excluded_departments:
                rows[key(facts, department)].returns += returns
        for department in facts.overdue_departments:
            if department not in facts.excluded_departments and department != unit:
                rows[key(facts, department)].overdue += 1
    return dict(rows)


def row_keys(
    grouping: Grouping, domains: Mapping[str, str] | None = None
) -> Callable[[str, str | None, str | None], RowKey]:
    """(period key, department, category) -> the row they count in under `grouping`."""
    by_department = grouping in (Grouping.DEPARTMENT, Grouping.DEPARTMENT_CATEGORY)
    by_category = grouping not in (Grouping.DEPARTMENT, Grouping.DISTRICT)

    def row_key(period_name: str, department: str | None, category: str | None) -> RowKey:
        code = category or ""
        if grouping is Grouping.DOMAIN:
            code = (domains or {}).get(code, "")
        return (
            period_name,
            department if by_department else None,
            code if by_category else None,
        )

    return row_key


def answered_at_window(facts: CaseFacts) -> bool:
    """解释答疑: a consultation answered at screening (a merged duplicate is not counted)."""
    return (
        screened(facts)
        and facts.ended_at_screening
        and facts.screening_outcome == ScreeningOutcome.ANSWER_CONSULTATION
    )


def add_gaps(
    rows: dict[RowKey, Figures],
    gaps: Iterable[CaseFacts],
    period: Period,
    grouping: Grouping,
    days: tuple[date, date],
    domains: Mapping[str, str] | None = None,
) -> None:
    """Count the cases' knowledge gaps (知识缺口) into `rows`, for each period of `days`
    (first and last, included): opened and closed in the period, open at its end."""
    row_key = row_keys(grouping, domains)
    spans = periods_between(period, *days)
    for facts in gaps:
        knowledge = facts.knowledge
        for period_name, since, until in spans:
            counts = gap_counts(knowledge, since, until)
            if counts is None:
                continue
            key = row_key(period_name, knowledge.gap_department, knowledge.gap_category)
            row = rows.setdefault(key, Figures())
            row.gaps_opened += int(counts.opened)
            row.gaps_closed += int(counts.closed)
            row.gaps_open += int(counts.still_open)


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
