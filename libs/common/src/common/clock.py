"""The time: stored and exchanged in UTC, shown to people and counted in days in Asia/Shanghai."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

#: The district's time zone: calendar days, case numbers and every time a person reads.
SHANGHAI = ZoneInfo("Asia/Shanghai")


def utcnow() -> datetime:
    return datetime.now(UTC)


def local_date(moment: datetime) -> date:
    """The Asia/Shanghai calendar day of an instant (02:33 on the 30th there is 18:33 UTC on
    the 29th)."""
    return moment.astimezone(SHANGHAI).date()


def local_text(moment: datetime) -> str:
    """An instant as people in the district read it: 2026-11-30 11:00 (Asia/Shanghai)."""
    return f"{moment.astimezone(SHANGHAI):%Y-%m-%d %H:%M}"
