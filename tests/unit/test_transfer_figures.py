"""转办 in the scorecards: a case handed to an outside unit counts for the unit in its own
table (acknowledged in time = response, answered in time = on time, its callbacks), and
neither in the departments' rows nor in the ranking."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from common.envelope import Event
from common.events import (
    CallbackCompleted,
    CaseAssigned,
    CaseReturned,
    CaseTransferred,
    DeadlineExceeded,
    TransferAcknowledged,
    TransferAnswered,
)
from common.vocabulary import RequestKind, ResolutionResult, Satisfaction, TimerStage
from supervision.domain.figures import Grouping, aggregate, transfer_rows
from supervision.domain.periods import Period
from supervision.domain.scorecard import Recorded, fold

WATER = "water-company"
BUREAU = "urban-management"
START = datetime(2024, 4, 8, 1, 0, tzinfo=UTC)


def recorded(*events: Event) -> list[Recorded]:
    return [Recorded(f"e{n}", START + timedelta(hours=n), e) for n, e in enumerate(events)]


def handed_over(case_id: str, *after: Event) -> list[Recorded]:
    """Routed to the bureau, returned, then transferred to the water company."""
    return recorded(
        CaseAssigned(
            category="water",
            kind=RequestKind.HELP,
            lead_department=BUREAU,
            actor="system:routing",
            assigned_at=START,
        ),
        CaseReturned(
            department=BUREAU,
            reason="属供水",
            returns_in_case=1,
            actor="h",
            returned_at=START + timedelta(hours=1),
        ),
        CaseTransferred(
            unit=WATER,
            category="water",
            kind=RequestKind.HELP,
            note="停水",
            actor="dispatcher:d",
            transferred_at=START + timedelta(hours=2),
        ),
        *after,
    )


def test_an_answered_transfer_counts_for_the_unit_in_its_own_table() -> None:
    answered = handed_over(
        "C1",
        TransferAcknowledged(unit=WATER, actor="w", acknowledged_at=START + timedelta(hours=3)),
        TransferAnswered(
            unit=WATER,
            result=ResolutionResult.SOLVED,
            summary="已抢修",
            actor="w",
            answered_at=START + timedelta(hours=4),
        ),
        CallbackCompleted(
            round=1,
            satisfaction=Satisfaction.SATISFIED,
            solved=True,
            agent="a",
            completed_at=START + timedelta(hours=5),
        ),
    )
    facts = fold("C1", answered)
    assert (facts.department, facts.outside_unit) == (WATER, WATER)
    assert facts.signed_in_time is True and facts.resolved and facts.on_time_rounds == 1

    ((key, unit),) = transfer_rows([facts], Period.MONTH).items()
    assert key == ("2024-04", WATER)
    assert (unit.accepted, unit.resolved, unit.response_rate, unit.on_time_rate) == (1, 1, 1.0, 1.0)
    assert unit.satisfaction_rate == 1.0

    rows = aggregate([facts], Period.MONTH, Grouping.DEPARTMENT)
    departments = {department for (_, department, _) in rows}
    assert WATER not in departments  # not a district department: no row, no rank
    assert rows[("2024-04", BUREAU, None)].returns == 1  # the bureau's return still counts
    assert rows[("2024-04", BUREAU, None)].accepted == 0  # the case is no longer the bureau's
    by_category = aggregate([facts], Period.MONTH, Grouping.CATEGORY)
    assert by_category[("2024-04", None, "water")].accepted == 1


def test_a_late_acknowledgement_and_answer_count_against_the_unit_only() -> None:
    due = START + timedelta(hours=2, minutes=30)
    late = handed_over(
        "C2",
        DeadlineExceeded(
            timer_id=1,
            stage=TimerStage.TRANSFER_ACKNOWLEDGE,
            department=WATER,
            due_at=due,
            policy="transfer_acknowledge",
            policy_version=1,
            started_at=START + timedelta(hours=2),
        ),
        TransferAcknowledged(unit=WATER, actor="w", acknowledged_at=START + timedelta(hours=6)),
        DeadlineExceeded(
            timer_id=2,
            stage=TimerStage.TRANSFER_ANSWER,
            department=WATER,
            due_at=START + timedelta(hours=7),
            policy="transfer_answer",
            policy_version=1,
            started_at=START + timedelta(hours=2),
        ),
        TransferAnswered(
            unit=WATER,
            result=ResolutionResult.PARTLY_SOLVED,
            summary="部分恢复",
            actor="w",
            answered_at=START + timedelta(hours=9),
        ),
    )
    facts = fold("C2", late)
    assert facts.signed_in_time is False and facts.on_time_rounds == 0
    (unit,) = transfer_rows([facts], Period.MONTH).values()
    assert (unit.response_rate, unit.on_time_rate, unit.overdue) == (0.0, 0.0, 1)
    rows = aggregate([facts], Period.MONTH, Grouping.DEPARTMENT)
    assert all(department != WATER for (_, department, _) in rows)
