"""The submitter's requested completion date (期望办结日期) against the policy's limit. Pure
code: the one rule that says when a case's limit falls after the date it was asked for."""

from __future__ import annotations

from datetime import date, datetime

from common.clock import local_date
from common.vocabulary import TimerStage


def later_than_requested(stage: str, due_at: datetime | None, requested_by: date | None) -> bool:
    """True when the resolution limit falls on a later day (Asia/Shanghai) than the date the
    submitter asked for; a limit on that very day meets it. Other stages (sign, first
    response, callback) are not what the submitter asked to have done by; a paused or
    parked timer has no limit to compare."""
    if stage != TimerStage.RESOLUTION.value or due_at is None or requested_by is None:
        return False
    return local_date(due_at) > requested_by
