from __future__ import annotations

import itertools
from datetime import time

from pydantic import field_validator
from pydantic_settings import SettingsConfigDict

from common.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(extra="ignore", frozen=True)
    http_port: int = 8003
    scheduler_enabled: bool = True  # false: this replica only consumes and serves HTTP
    scheduler_poll_seconds: float = 0.5  # the longest the scheduler sleeps between passes
    scheduler_batch: int = 5000  # alarms claimed (and outbox rows written) per transaction
    sla_policy_file: str | None = None  # seeds the policy table; default deploy/district/sla.yaml
    business_hours: str = "09:00-12:00,13:30-17:30"  # Asia/Shanghai
    calendar_dir: str | None = None  # year schedule files; default deploy/calendars
    calendar_refresh_seconds: float = 30.0

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
