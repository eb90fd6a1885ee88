"""MemoryStore: deadline's repositories on plain dataclasses, for application tests. Rows
come back as copies, as SQL rows are snapshots; where the SQL is subtle (ON CONFLICT DO
NOTHING, ordering, alarms of a stopped timer left unclaimed) the same is done here."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from common.clock import utcnow
from deadline.domain.schedule import YearSchedule
from deadline.repository.store import OPEN_STATES, Store


@dataclass
class TimerRow:
    id: int
    case_id: str
    stage: str
    round: int
    attempt: int
    kind: str
    category: str | None
    department: str | None
    policy: str
    policy_version: int
    limit_minutes: int
    extension_minutes: int
    consumed_minutes: int
    started_at: datetime
    anchor_at: datetime
    due_at: datetime | None
    parked_year: int | None
    state: str = "running"
    paused_at: datetime | None = None
    stopped_at: datetime | None = None


@dataclass
class AlarmRow:
    id: int
    timer_id: int
    kind: str
    name: str
    fraction: float | None
    days_after: int
    answer_after_days: int | None
    due_at: datetime | None
    respond_by: datetime | None
    fired_at: datetime | None = None


@dataclass
class PolicyRow:
    version: int
    document: dict[str, Any]
    source: str
    created_by: str
    created_at: datetime


@dataclass
class Tables:
    timers: dict[int, TimerRow] = field(default_factory=dict)
    alarms: dict[int, AlarmRow] = field(default_factory=dict)
    policies: dict[int, PolicyRow] = field(default_factory=dict)
    schedules: dict[int, YearSchedule] = field(default_factory=dict)
    loaded_at: dict[int, datetime] = field(default_factory=dict)
    requested: dict[str, date] = field(default_factory=dict)
    next_id: int = 1

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id - 1


class TimersMemory:
    def __init__(self, tables: Tables) -> None:
        self.tables = tables

    def _all(self) -> list[TimerRow]:
        return sorted(self.tables.timers.values(), key=lambda t: t.id)

    async def insert(self, rows: list[dict[str, Any]]) -> list[Any]:
        created = []
        for row in rows:
            values = {"attempt": 1, **row}
            place = tuple(values[k] for k in ("case_id", "stage", "round", "attempt"))
            if any((t.case_id, t.stage, t.round, t.attempt) == place for t in self._all()):
                continue  # ON CONFLICT (case, stage, round, attempt) DO NOTHING
            timer = TimerRow(id=self.tables.new_id(), **values)
            self.tables.timers[timer.id] = timer
            created.append(dataclasses.replace(timer))
        return created

    async def of_case(
        self, case_id: str, *, open_only: bool = False, lock: bool = False
    ) -> list[Any]:
        return [
            dataclasses.replace(t)
            for t in self._all()
            if t.case_id == case_id and (not open_only or t.state in OPEN_STATES)
        ]

    async def has_stages(self, case_id: str, stages: Sequence[str]) -> bool:
        return any(t.case_id == case_id and t.stage in stages for t in self._all())

    async def end(
        self,
        case_id: str,
        *,
        stages: Sequence[str] | None,
        at: datetime,
        state: str,
        rounds_before: int | None = None,
    ) -> int:
        ended = [
            t
            for t in self._all()
            if t.case_id == case_id
            and t.state in OPEN_STATES
            and (stages is None or t.stage in stages)
            and (rounds_before is None or t.round < rounds_before)
        ]
        for timer in ended:
            timer.state, timer.stopped_at = state, at
        ids = {t.id for t in ended}
        for alarm in list(self.tables.alarms.values()):
            if alarm.timer_id in ids and alarm.fired_at is None:
                del self.tables.alarms[alarm.id]
        return len(ended)

    async def set_department(self, timer_ids: Sequence[int], department: str) -> None:
        for timer_id in timer_ids:
            self.tables.timers[timer_id].department = department

    async def save_clocks(self, changes: list[dict[str, Any]]) -> None:
        for change in changes:
            timer = self.tables.timers[change["id"]]
            for name, value in change.items():
                setattr(timer, name, value)

    async def latest(self, case_id: str) -> Any | None:
        mine = [t for t in self._all() if t.case_id == case_id]
        return dataclasses.replace(mine[-1]) if mine else None

    async def to_replan(self, since: datetime) -> list[Any]:
        waiting = {
            a.timer_id
            for a in self.tables.alarms.values()
            if a.fired_at is None and (a.due_at is None or a.due_at >= since)
        }
        return [
            dataclasses.replace(t)
            for t in self._all()
            if t.state == "running" and (t.parked_year is not None or t.id in waiting)
        ]

    async def parked(self, years: Sequence[int]) -> list[Any]:
        return [
            dataclasses.replace(t)
            for t in self._all()
            if t.state == "running" and t.parked_year in years
        ]

    async def parked_counts(self) -> dict[int, int]:
        counts: dict[int, int] = {}
        for t in self._all():
            if t.state == "running" and t.parked_year is not None:
                counts[t.parked_year] = counts.get(t.parked_year, 0) + 1
        return counts


class AlarmsMemory:
    def __init__(self, tables: Tables) -> None:
        self.tables = tables

    def _all(self) -> list[AlarmRow]:
        return sorted(self.tables.alarms.values(), key=lambda a: a.id)

    async def insert(self, rows: list[dict[str, Any]]) -> None:
        for row in rows:
            alarm = AlarmRow(id=self.tables.new_id(), **row)
            self.tables.alarms[alarm.id] = alarm

    async def pending(self, timer_ids: Sequence[int]) -> list[Any]:
        return [
            dataclasses.replace(a)
            for a in self._all()
            if a.timer_id in timer_ids and a.fired_at is None
        ]

    async def set_dues(self, changes: list[dict[str, Any]]) -> None:
        for change in changes:
            alarm = self.tables.alarms.get(change["id"])
            if alarm is not None and alarm.fired_at is None:
                alarm.due_at, alarm.respond_by = change["due_at"], change["respond_by"]

    async def claim_due(self, *, now: datetime, limit: int) -> list[Any]:
        """Due alarms of running timers only (SQL joins on state = 'running'), due order."""
        timers = self.tables.timers
        due = sorted(
            (
                a
                for a in self._all()
                if a.fired_at is None
                and a.due_at is not None
                and a.due_at <= now
                and timers[a.timer_id].state == "running"
            ),
            key=lambda a: (a.due_at, a.id),
        )[:limit]
        claimed = []
        for alarm in due:
            alarm.fired_at = now
            timer = timers[alarm.timer_id]
            claimed.append(
                {
                    "alarm_id": alarm.id,
                    "kind": alarm.kind,
                    "name": alarm.name,
                    "fraction": alarm.fraction,
                    "days_after": alarm.days_after,
                    "alarm_due_at": alarm.due_at,
                    "respond_by": alarm.respond_by,
                    "timer_id": timer.id,
                    "case_id": timer.case_id,
                    "stage": timer.stage,
                    "department": timer.department,
                    "started_at": timer.started_at,
                    "due_at": timer.due_at,
                    "policy": timer.policy,
                    "policy_version": timer.policy_version,
                }
            )
        return claimed

    async def next_due(self) -> datetime | None:
        dues = [a.due_at for a in self._all() if a.fired_at is None and a.due_at is not None]
        return min(dues, default=None)


class PoliciesMemory:
    def __init__(self, tables: Tables) -> None:
        self.tables = tables

    async def latest_version(self) -> int | None:
        return max(self.tables.policies, default=None)

    async def version(self, version: int) -> Any | None:
        row = self.tables.policies.get(version)
        return dataclasses.replace(row) if row is not None else None

    async def add(self, *, version: int, document: dict[str, Any], source: str, by: str) -> bool:
        if version in self.tables.policies:
            return False  # ON CONFLICT (version) DO NOTHING
        self.tables.policies[version] = PolicyRow(version, document, source, by, utcnow())
        return True

    async def lock(self) -> None:
        """One unit at a time here: nothing to take turns with."""


class CalendarMemory:
    def __init__(self, tables: Tables) -> None:
        self.tables = tables

    async def schedules(self) -> dict[int, YearSchedule]:
        return dict(self.tables.schedules)

    async def save(self, schedule: YearSchedule, *, loaded_by: str) -> None:
        self.tables.schedules[schedule.year] = schedule
        self.tables.loaded_at[schedule.year] = utcnow()

    async def last_change(self) -> datetime | None:
        return max(self.tables.loaded_at.values(), default=None)


class RequestedDatesMemory:
    def __init__(self, tables: Tables) -> None:
        self.tables = tables

    async def record(self, case_id: str, requested_by: date) -> None:
        self.tables.requested[case_id] = requested_by

    async def of_cases(self, case_ids: Sequence[str]) -> dict[str, date]:
        return {c: self.tables.requested[c] for c in case_ids if c in self.tables.requested}


class MemoryStore:
    def __init__(self, tables: Tables | None = None) -> None:
        self.tables = tables or Tables()
        self.timers = TimersMemory(self.tables)
        self.alarms = AlarmsMemory(self.tables)
        self.policies = PoliciesMemory(self.tables)
        self.calendar = CalendarMemory(self.tables)
        self.requested = RequestedDatesMemory(self.tables)


#: mypy holds MemoryStore to the Store protocol here, so it cannot drift from it
CONFORMS_TO_STORE: type[Store] = MemoryStore
