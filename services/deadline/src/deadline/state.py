"""DeadlineState: what a deadline process keeps between requests and events: the clockwork
(calendar, policy versions read, the scheduler's nudge), the bundled official calendar, the
scheduler's pace and when the calendar was last loaded."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from deadline.service.clockwork import Clockwork


@dataclass
class DeadlineState:
    clock: Clockwork
    #: the chinese-calendar package's working days, under the years loaded
    bundled_calendar: Callable[[date], bool]
    scheduler_poll_seconds: float
    scheduler_batch: int
    calendar_loaded_at: datetime | None = None
