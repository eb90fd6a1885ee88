"""Deadline's settings: the one place for its defaults (scheduler pace, business hours,
the district's SLA file, year files, the dispatch department)."""

from __future__ import annotations

import itertools
from datetime import time

from pydantic import Field, field_validator
from pydantic_settings import SettingsConfigDict

from common.settings import ServiceSettings

#: Working hours (Asia/Shanghai) on working days, unless BUSINESS_HOURS says otherwise.
BUSINESS_HOURS = "09:00-12:00,13:30-17:30"


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(extra="ignore", frozen=True)
    http_port: int = 8003
    scheduler_enabled: bool = Field(
        default=True,
        description="`false` runs a replica that consumes and serves HTTP but rings no alarms.",
    )
    scheduler_poll_seconds: float = Field(
        default=0.5,
        description="The longest the scheduler sleeps; it wakes sooner for the next due alarm or "
        "a change made by its own replica.",
    )
    scheduler_batch: int = Field(
        default=5000,
        description="Alarms claimed (and outbox rows written) per transaction. A full batch is "
        "followed at once by another pass.",
    )
    sla_policy_file: str | None = Field(
        default=None,
        description="The policy table seeded at the first start (never again once a version "
        "exists), and the warnings, ladder and 转办 defaults a table edited later leaves out; "
        "deadline does not start without it. Unset: `deploy/district/sla.yaml`.",
    )
    business_hours: str = Field(
        default=BUSINESS_HOURS,
        description="Working hours (Asia/Shanghai) on working days.",
    )
    calendar_dir: str | None = Field(
        default=None,
        description="Year schedule files `<year>.yaml` loaded at start-up (see "
        "`deploy/calendars/README.md`); unset: `deploy/calendars`.",
    )
    calendar_refresh_seconds: float = Field(
        default=30.0, description="How soon a replica picks up a year another replica loaded."
    )
    dispatch_department: str = Field(
        default="service-centre",
        description="The unit whose dispatchers work the dispatch queue: the dispatch time "
        "limit (派单时限) and its overdue signal are its own.",
    )

    @field_validator("business_hours")
    @classmethod
    def _hours_parse(cls, value: str) -> str:
        parse_hours(value)
        return value

    def hours(self) -> list[tuple[time, time]]:
        return parse_hours(self.business_hours)


def parse_hours(value: str) -> list[tuple[time, time]]:
    """'09:00-12:00,13:30-17:30' -> [(09:00, 12:00), (13:30, 17:30)], ordered, not overlapping."""
    periods = []
    for part in value.split(","):
        start, _, end = part.strip().partition("-")
        opens, closes = time.fromisoformat(start.strip()), time.fromisoformat(end.strip())
        if closes <= opens:
            raise ValueError(f"business hours {part!r}: the end must come after the start")
        periods.append((opens, closes))
    for (_, earlier_end), (later_start, _) in itertools.pairwise(periods):
        if later_start < earlier_end:
            raise ValueError("business hours must be in order and must not overlap")
    return periods
