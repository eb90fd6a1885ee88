"""What deadline's use cases may ask of storage: one Protocol per aggregate (timers, their
alarms, the policy table, the calendar, requested dates), gathered by Store; the SQL store
(sql.py) and the in-memory one (memory.py) both keep it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any, Protocol

from common.outbox import Outbox, Transaction
from deadline.domain.schedule import YearSchedule

#: The states in which a timer still counts time (or waits to).
OPEN_STATES = ("running", "paused")


class TimerRepository(Protocol):
    async def insert(self, rows: list[dict[str, Any]]) -> list[Any]:
        """Several timers at once; returns the ones created (a repeat creates none)."""
        ...

    async def of_case(
        self, case_id: str, *, open_only: bool = False, lock: bool = False
    ) -> list[Any]: ...

    async def end(
        self,
        case_id: str,
        *,
        stages: Sequence[str] | None,
        at: datetime,
        state: str,
        rounds_before: int | None = None,
    ) -> int:
        """Stop (or cancel) open timers and forget the alarms they had not rung yet."""
        ...

    async def has_stages(self, case_id: str, stages: Sequence[str]) -> bool:
        """Whether the case ever had a timer of these stages."""
        ...

    async def set_department(self, timer_ids: Sequence[int], department: str) -> None: ...

    async def save_clocks(self, changes: list[dict[str, Any]]) -> None: ...

    async def latest(self, case_id: str) -> Any | None: ...

    async def to_replan(self, since: datetime) -> list[Any]: ...

    async def parked(self, years: Sequence[int]) -> list[Any]: ...

    async def parked_counts(self) -> dict[int, int]: ...


class AlarmRepository(Protocol):
    async def insert(self, rows: list[dict[str, Any]]) -> None: ...

    async def pending(self, timer_ids: Sequence[int]) -> list[Any]: ...

    async def set_dues(self, changes: list[dict[str, Any]]) -> None: ...

    async def claim_due(self, *, now: datetime, limit: int) -> list[Any]:
        """Mark due alarms of running timers as rung; returns them with their timer's
        columns (read by column name), in due order."""
        ...

    async def next_due(self) -> datetime | None: ...


class PolicyRepository(Protocol):
    async def latest_version(self) -> int | None: ...

    async def version(self, version: int) -> Any | None: ...

    async def add(self, *, version: int, document: dict[str, Any], source: str, by: str) -> bool:
        """False when that version number was taken meanwhile."""
        ...

    async def lock(self) -> None:
        """Edits of the table take turns, so each builds on the version before it."""
        ...


class CalendarRepository(Protocol):
    async def schedules(self) -> dict[int, YearSchedule]: ...

    async def save(self, schedule: YearSchedule, *, loaded_by: str) -> None: ...

    async def last_change(self) -> datetime | None: ...


class RequestedDateRepository(Protocol):
    async def record(self, case_id: str, requested_by: date) -> None: ...

    async def of_cases(self, case_ids: Sequence[str]) -> Mapping[str, date]: ...


class Store(Protocol):
    @property
    def timers(self) -> TimerRepository: ...

    @property
    def alarms(self) -> AlarmRepository: ...

    @property
    def policies(self) -> PolicyRepository: ...

    @property
    def calendar(self) -> CalendarRepository: ...

    @property
    def requested(self) -> RequestedDateRepository: ...


Unit = Transaction[Store]


class AlarmUnit(Transaction[Store], Protocol):
    """A unit whose outbox takes alarm messages already encoded (the scheduler's)."""

    @property
    def outbox(self) -> Outbox: ...
