"""Clockwork: what deadline's use cases compute with besides the store: the working
calendar (swapped whole when a year is loaded), the policy versions read so far, and a
nudge for the scheduler when alarms change, and the district's policy defaults."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from deadline.domain.calendar import WorkingCalendar
from deadline.domain.policy import DistrictDefaults, Policy


@dataclass
class Clockwork:
    calendar: WorkingCalendar
    dispatch_department: str | None  # whose dispatchers work the dispatch queue
    #: what a policy table leaves out, from the district's file
    district: DistrictDefaults
    policies: dict[int, Policy] = field(default_factory=dict)
    wake: asyncio.Event = field(default_factory=asyncio.Event)
