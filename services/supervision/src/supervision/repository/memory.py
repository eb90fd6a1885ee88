"""MemoryStore: every aggregate in plain dicts and lists, for the application tests. Where
the SQL does something subtle (ON CONFLICT DO NOTHING on any unique key, NULLs never
conflicting, a bigserial id, column defaults) it is mirrored here and said so."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from common.clock import utcnow
from supervision.domain.scorecard import CaseFacts
from supervision.repository.memory_campaigns import MemoryCampaigns
from supervision.repository.memory_ledgers import MemoryLedgers
from supervision.repository.store import FiledSignal, KeptEvent, Store


@dataclass
class MemorySignals:
    rows: list[dict[str, Any]] = field(default_factory=list)

    async def record(self, values: dict[str, Any]) -> bool:
        # ON CONFLICT (evidence_event_id) DO NOTHING
        if any(row["evidence_event_id"] == values["evidence_event_id"] for row in self.rows):
            return False
        self.rows.append({**values, "id": len(self.rows) + 1, "recorded_at": utcnow()})
        return True

    async def file_waiting(self, case_id: str, department: str) -> list[FiledSignal]:
        filed = []
        for row in self.rows:
            if row["case_id"] == case_id and row["department"] is None:
                row["department"] = department
                filed.append(FiledSignal(row["kind"], row["evidence_event_id"], row["observed_at"]))
        return filed


@dataclass
class MemoryCases:
    departments: dict[str, str] = field(default_factory=dict)

    async def set_department(self, case_id: str, department: str) -> None:
        self.departments[case_id] = department

    async def department_of(self, case_id: str) -> str | None:
        return self.departments.get(case_id)


@dataclass
class MemoryFacts:
    events: dict[uuid.UUID, KeptEvent] = field(default_factory=dict)
    #: case id -> its case_facts row (department, category, accepted_at, registered_at, facts)
    facts: dict[str, dict[str, Any]] = field(default_factory=dict)

    async def keep_events(self, rows: Sequence[dict[str, Any]]) -> None:
        # ON CONFLICT DO NOTHING: on the event id, or on the fact (a unique partial index)
        for row in rows:
            facts = {event.fact for event in self.events.values() if event.fact is not None}
            if row["event_id"] not in self.events and (
                row["fact"] is None or row["fact"] not in facts
            ):
                self.events[row["event_id"]] = KeptEvent(**row)

    async def events_of(self, case_id: str) -> list[KeptEvent]:
        return [event for event in self.events.values() if event.case_id == case_id]

    async def events_by_id(self, event_ids: Sequence[uuid.UUID]) -> list[KeptEvent]:
        return [self.events[event_id] for event_id in event_ids if event_id in self.events]

    async def events_of_type(self, case_id: str, event_type: str) -> list[KeptEvent]:
        return [event for event in await self.events_of(case_id) if event.event_type == event_type]

    async def save_facts(self, rows: Sequence[dict[str, Any]]) -> None:
        for row in rows:
            self.facts[row["case_id"]] = dict(row)

    async def facts_of(self, case_id: str) -> CaseFacts | None:
        row = self.facts.get(case_id)
        return CaseFacts.from_json(row["facts"]) if row is not None else None

    def _between(self, column: str, start: datetime, end: datetime) -> list[CaseFacts]:
        return [
            CaseFacts.from_json(row["facts"])
            for row in self.facts.values()
            if row[column] is not None and start <= row[column] < end
        ]

    async def accepted_between(self, start: datetime, end: datetime) -> list[CaseFacts]:
        return self._between("accepted_at", start, end)

    async def registered_between(self, start: datetime, end: datetime) -> list[CaseFacts]:
        return self._between("registered_at", start, end)

    async def with_gaps_between(self, start: datetime, end: datetime) -> list[CaseFacts]:
        return [
            CaseFacts.from_json(row["facts"])
            for row in self.facts.values()
            if (opened := row.get("gap_opened_at")) is not None
            and opened < end
            and ((closed := row.get("gap_closed_at")) is None or closed >= start)
        ]

    async def of_batches(self, batch_ids: Sequence[str] | None) -> list[CaseFacts]:
        return [
            CaseFacts.from_json(row["facts"])
            for row in self.facts.values()
            if (batch := row["facts"].get("batch_id")) is not None
            and (batch_ids is None or batch in batch_ids)
        ]


@dataclass
class MemoryRecords:
    """A record table: `unique` lists its primary key and unique keys, each a tuple of
    columns. Like ON CONFLICT DO NOTHING, a row clashing on any of them is not inserted;
    like SQL, a key with a NULL in it clashes with nothing."""

    unique: tuple[tuple[str, ...], ...]
    #: the columns a row has though no insert sets them (SQL's NULL)
    unset: tuple[str, ...] = ()
    rows: list[dict[str, Any]] = field(default_factory=list)

    def _clashes(self, values: dict[str, Any]) -> bool:
        for key in self.unique:
            wanted = tuple(values.get(name) for name in key)
            if None in wanted:
                continue
            if any(tuple(row.get(name) for name in key) == wanted for row in self.rows):
                return True
        return False

    async def add_once(self, values: dict[str, Any]) -> bool:
        if self._clashes(values):
            return False
        self.rows.append({**dict.fromkeys(self.unset), **values})
        return True

    def _matching(self, key: dict[str, Any]) -> list[dict[str, Any]]:
        return [row for row in self.rows if all(row.get(k) == v for k, v in key.items())]

    async def locked(self, **key: Any) -> dict[str, Any] | None:
        found = self._matching(key)
        return dict(found[0]) if found else None

    async def update(self, key: dict[str, Any], **values: Any) -> None:
        for row in self._matching(key):
            row.update(values)


@dataclass
class MemoryProblems:
    rows: list[dict[str, Any]] = field(default_factory=list)
    next_id: int = 1  # bigserial

    async def add(self, values: dict[str, Any]) -> dict[str, Any]:
        now = utcnow()
        # the columns' defaults: linked_cases '{}', status 'open', created/updated now()
        row = {
            "item_id": self.next_id,
            "linked_cases": [],
            "status": "open",
            "outcome": None,
            "created_at": now,
            "updated_at": now,
            **values,
        }
        self.next_id += 1
        self.rows.append(row)
        return dict(row)

    async def locked(self, item_id: int) -> dict[str, Any] | None:
        found = [row for row in self.rows if row["item_id"] == item_id]
        return dict(found[0]) if found else None

    async def update(self, item_id: int, **values: Any) -> None:
        for row in self.rows:
            if row["item_id"] == item_id:
                row.update(values)


@dataclass
class MemoryBatches:
    #: batch id -> (published by, published at), in the order published
    published: dict[str, tuple[str, datetime]] = field(default_factory=dict)

    async def published_ids(self) -> list[str]:
        return sorted(self.published, key=lambda batch_id: self.published[batch_id][1])

    async def publish(self, batch_id: str, actor: str, at: datetime) -> None:
        self.published.setdefault(batch_id, (actor, at))  # ON CONFLICT DO NOTHING

    async def withdraw(self, batch_id: str) -> bool:
        return self.published.pop(batch_id, None) is not None


class MemoryStore:
    """Every aggregate, each record table with its unique keys and never-set columns."""

    def __init__(self) -> None:
        self.signals = MemorySignals()
        self.cases = MemoryCases()
        self.facts = MemoryFacts()
        self.urges = MemoryRecords((("urge_id",), ("source_event_id",)))
        self.orders = MemoryRecords(
            (("order_id",), ("source_event_id",)), ("response", "answered_by", "answered_at")
        )
        self.meetings = MemoryRecords((("meeting_id",),))
        self.accountability = MemoryRecords((("record_id",), ("source_event_id",)))
        self.buck_passing = MemoryRecords((("case_id", "rule"),))
        self.appeals = MemoryRecords(
            (("appeal_id",), ("case_id", "department")),
            ("decision_reason", "decided_by", "decided_at"),
        )
        self.problems = MemoryProblems()
        self.batches = MemoryBatches()
        self.campaigns = MemoryCampaigns()
        self.ledgers = MemoryLedgers()


#: mypy holds MemoryStore to the Store protocol here, so it cannot drift from it
CONFORMS_TO_STORE: type[Store] = MemoryStore
