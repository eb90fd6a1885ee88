"""Supervision orders (督办) carry a deadline for the department's written answer.

An automatic order takes it from the escalation: deadline stamps the answer-by time on the
`supervision_order` step, computed on the working calendar it keeps (ADR 0011), so working
time has one authority. Supervision keeps no calendar of its own."""

from __future__ import annotations

from datetime import datetime, timedelta

from supervision.domain.periods import SHANGHAI

#: An escalation without the stamp (published before deadline stamped one, or whose answer
#: time fell in a calendar year not loaded yet) gives this many calendar days: a working
#: week and its weekend, never shorter than the three working days orders used to give
#: outside the long holidays.
UNSTAMPED_ANSWER_DAYS = 7


def respond_by(issued_at: datetime, stamped: datetime | None) -> datetime:
    """The answer-by time of an automatic order issued at `issued_at`, in Asia/Shanghai (the
    order's demand names it)."""
    if stamped is None:
        stamped = issued_at + timedelta(days=UNSTAMPED_ANSWER_DAYS)
    return stamped.astimezone(SHANGHAI)
