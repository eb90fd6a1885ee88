"""MemoryStore: intake's store in plain dicts and lists, for the application tests
(common.memory). It behaves as the SQL does where the use cases rely on it: the conflicts
SQL ignores are ignored here, and lists come back in the SQL's order.

Every aggregate reads and writes one Tables, so that a unit of work's deep copy (taken on
entry, put back when the unit fails) keeps them consistent."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from common import events
from common.vocabulary import PUBLIC_STATUS_ZH
from intake.domain.accuracy import DecisionKind
from intake.domain.classification import Suggestion
from intake.domain.duplicates import Suspicion
from intake.models import cases as cases_table
from intake.repository.store import CandidateQuery, CaseFilters

#: the columns candidates for a duplicate are read with (repository/duplicates.py)
CANDIDATE_COLUMNS = (
    "case_id",
    "registered_at",
    "title",
    "description",
    "submitter_key",
    "category",
    "address_key",
    "latitude",
    "longitude",
)


class Row:
    """A row as SQLAlchemy gives it: columns as attributes, and `_mapping`."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self.__dict__.update(values)
        self._values = dict(values)

    @property
    def _mapping(self) -> dict[str, Any]:
        return dict(self._values)

    def __getattr__(self, name: str) -> Any:  # for the type checker: columns are attributes
        raise AttributeError(name)


@dataclass
class Tables:
    """Intake's rows, table by table."""

    cases: dict[str, dict[str, Any]] = field(default_factory=dict)
    sequence: int = 0
    categories: dict[str, dict[str, Any]] = field(default_factory=dict)
    taxonomy_version: int = 0
    taxonomy_revision: int = 0
    flags: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    handlers: dict[str, dict[str, Any]] = field(default_factory=dict)
    attachments: list[dict[str, Any]] = field(default_factory=list)
    staff_lines: list[dict[str, Any]] = field(default_factory=list)
    public_status: dict[str, dict[str, Any]] = field(default_factory=dict)
    public_lines: list[dict[str, Any]] = field(default_factory=list)
    throttle: dict[tuple[str, str, datetime], int] = field(default_factory=dict)
    suggestions: dict[str, dict[str, Any]] = field(default_factory=dict)
    decisions: list[dict[str, Any]] = field(default_factory=list)


class MemoryCases:
    def __init__(self, tables: Tables) -> None:
        self.tables = tables

    async def next_sequence(self) -> int:
        self.tables.sequence += 1
        return self.tables.sequence

    async def insert_case(self, values: dict[str, Any]) -> None:
        if values["case_id"] in self.tables.cases:
            raise KeyError(f"duplicate case {values['case_id']}")
        row = {column.name: None for column in cases_table.columns}
        self.tables.cases[values["case_id"]] = row | {"sent_back_count": 0} | values

    async def find_case(self, case_id: str, *, lock: bool = False) -> Any:
        row = self.tables.cases.get(case_id)
        return Row(row) if row is not None else None

    async def update_case(self, case_id: str, values: dict[str, Any]) -> None:
        if case_id in self.tables.cases:
            self.tables.cases[case_id].update(values)

    async def list_cases(self, filters: CaseFilters) -> Sequence[Any]:
        exact = {
            "screening_state": filters.screening_state,
            "duplicate_review": filters.duplicate_review,
            "category": filters.category,
            "channel": filters.channel,
            "kind": filters.kind,
            "area": filters.area,
        }
        found = []
        for case in self.tables.cases.values():
            handling = self.tables.handlers.get(case["case_id"])
            departments = handling["departments"] if handling else None
            if any(v is not None and case[k] != v for k, v in exact.items()):
                continue
            if filters.department is not None and filters.department not in (departments or []):
                continue
            if (
                filters.registered_from is not None
                and case["registered_at"] < filters.registered_from
            ):
                continue
            if filters.registered_to is not None and case["registered_at"] >= filters.registered_to:
                continue
            lead = handling["lead_department"] if handling else None
            found.append(case | {"lead_department": lead, "departments": departments})
        # ORDER BY registered_at DESC, case_id DESC
        found.sort(key=lambda c: (c["registered_at"], c["case_id"]), reverse=True)
        return [Row(c) for c in found[filters.offset : filters.offset + filters.limit]]

    async def screening_queue(self, *, limit: int) -> Sequence[Any]:
        pending = [c for c in self.tables.cases.values() if c["screening_state"] == "pending"]
        pending.sort(key=lambda c: (c["registered_at"], c["case_id"]))
        return [Row(c) for c in pending[:limit]]


class MemoryCatalogue:
    def __init__(self, tables: Tables) -> None:
        self.tables = tables

    def add(self, code: str, name: str, *, active: bool = True, **more: Any) -> None:
        """A category as the district file seeds it (for a test's setup)."""
        self.tables.categories[code] = {
            "code": code,
            "name": name,
            "description": "",
            "active": active,
            "domain": None,
            "domain_name": None,
            "group": None,
            "group_name": None,
            "kinds": [],
            "lead": None,
            "co_handlers": [],
            "updated_at": None,
            "updated_by": None,
            "position": len(self.tables.categories) + 1,
        } | more

    async def category_exists(self, code: str) -> bool:
        row = self.tables.categories.get(code)
        return row is not None and bool(row["active"])

    async def list_categories(self, *, include_inactive: bool = False) -> list[dict[str, Any]]:
        rows = sorted(self.tables.categories.values(), key=lambda r: (r["position"], r["code"]))
        return [
            {k: v for k, v in r.items() if k != "position"}
            for r in rows
            if include_inactive or r["active"]
        ]

    async def apply_taxonomy(self, event: events.TaxonomyChanged, *, at: datetime) -> bool:
        if event.version <= self.tables.taxonomy_version:
            return False
        for position, leaf in enumerate(event.leaves, start=1):
            self.tables.categories[leaf.code] = {
                "code": leaf.code,
                "name": leaf.name,
                "description": self.tables.categories.get(leaf.code, {}).get("description", ""),
                "active": not leaf.retired,
                "domain": leaf.domain,
                "domain_name": leaf.domain_name,
                "group": leaf.group,
                "group_name": leaf.group_name,
                "kinds": [k.value for k in leaf.kinds],
                "lead": leaf.lead,
                "co_handlers": list(leaf.co_handlers),
                "updated_at": at,
                "updated_by": event.actor,
                "position": position,
            }
        self.tables.taxonomy_version = event.version
        self.tables.taxonomy_revision += 1
        return True


class MemoryDuplicates:
    def __init__(self, tables: Tables) -> None:
        self.tables = tables

    async def duplicate_candidates(self, query: CandidateQuery) -> Sequence[Any]:
        others = [
            c
            for c in self.tables.cases.values()
            if c["case_id"] != query.case_id and c["merged_into"] is None
        ]
        searches: list[list[dict[str, Any]]] = []
        if query.submitter_key:
            searches.append(
                [
                    c
                    for c in others
                    if c["submitter_key"] == query.submitter_key
                    and c["registered_at"] >= query.submitter_since
                ]
            )
        if query.category and query.box is not None:
            min_lat, max_lat, min_lon, max_lon = query.box
            searches.append(
                [
                    c
                    for c in others
                    if c["category"] == query.category
                    and c["latitude"] is not None
                    and c["longitude"] is not None
                    and min_lat <= c["latitude"] <= max_lat
                    and min_lon <= c["longitude"] <= max_lon
                    and c["registered_at"] >= query.place_since
                ]
            )
        if query.category and query.address_key:
            searches.append(
                [
                    c
                    for c in others
                    if c["category"] == query.category
                    and c["address_key"] == query.address_key
                    and c["registered_at"] >= query.place_since
                ]
            )
        # each search LIMITed, then UNIONed: a case found twice comes back once
        found: dict[str, dict[str, Any]] = {}
        for search in searches:
            for c in search[: query.limit]:
                found.setdefault(c["case_id"], {k: c[k] for k in CANDIDATE_COLUMNS})
        return [Row(c) for c in found.values()]

    async def insert_flags(
        self, case_id: str, found: Sequence[Suspicion], *, now: datetime
    ) -> None:
        for s in found:  # ON CONFLICT DO NOTHING
            self.tables.flags.setdefault(
                (case_id, s.original_case_id),
                {
                    "case_id": case_id,
                    "original_case_id": s.original_case_id,
                    "score": s.score,
                    "reasons": list(s.reasons),
                    "distance_m": s.distance_m,
                    "flagged_at": now,
                },
            )

    async def flags_of(self, case_id: str) -> list[dict[str, Any]]:
        flags = [
            f
            for f in self.tables.flags.values()
            if f["case_id"] == case_id and f["original_case_id"] in self.tables.cases
        ]
        flags.sort(key=lambda f: f["score"], reverse=True)
        out = []
        for f in flags:
            original = self.tables.cases[f["original_case_id"]]
            out.append(
                {
                    "original_case_id": f["original_case_id"],
                    "score": f["score"],
                    "reasons": list(f["reasons"]),
                    "distance_m": f["distance_m"],
                    "flagged_at": f["flagged_at"],
                    "original_title": original["title"],
                    "original_registered_at": original["registered_at"],
                    "original_screening_state": original["screening_state"],
                }
            )
        return out

    async def flags_for(self, case_ids: Sequence[str]) -> dict[str, list[Any]]:
        found: dict[str, list[Any]] = {}
        for f in self.tables.flags.values():
            if f["case_id"] in case_ids:
                found.setdefault(f["case_id"], []).append(
                    {
                        "original_case_id": f["original_case_id"],
                        "score": f["score"],
                        "reasons": list(f["reasons"]),
                    }
                )
        return found


class MemoryHandling:
    def __init__(self, tables: Tables) -> None:
        self.tables = tables

    async def set_handlers(
        self,
        case_id: str,
        *,
        lead: str,
        co_handlers: Sequence[str] | None,
        round: int,
        at: datetime,
    ) -> None:
        current = self.tables.handlers.get(case_id)
        if current is not None and current["updated_at"] > at:
            return  # the latest event wins (the upsert's WHERE)
        if current is not None and co_handlers is None:
            departments = [lead, *[d for d in current["departments"] if d != lead]]
        else:
            departments = [lead, *[d for d in (co_handlers or []) if d != lead]]
        self.tables.handlers[case_id] = {
            "case_id": case_id,
            "lead_department": lead,
            "departments": departments,
            "round": round,
            "updated_at": at,
        }

    async def handlers_of(self, case_id: str) -> Any:
        row = self.tables.handlers.get(case_id)
        return Row(row) if row is not None else None


class MemoryAttachments:
    def __init__(self, tables: Tables) -> None:
        self.tables = tables

    async def count_attachments(self, case_id: str) -> int:
        return sum(1 for a in self.tables.attachments if a["case_id"] == case_id)

    async def insert_attachment(self, values: dict[str, Any]) -> uuid.UUID:
        attachment_id = uuid.uuid4()
        self.tables.attachments.append({"attachment_id": attachment_id, **values})
        return attachment_id

    async def list_attachments(self, case_id: str) -> list[dict[str, Any]]:
        found = [a for a in self.tables.attachments if a["case_id"] == case_id]
        found.sort(key=lambda a: a["uploaded_at"])
        return [{k: v for k, v in a.items() if k not in ("content", "case_id")} for a in found]

    async def get_attachment(self, case_id: str, attachment_id: uuid.UUID) -> Any:
        for a in self.tables.attachments:
            if a["case_id"] == case_id and a["attachment_id"] == attachment_id:
                return Row(a)
        return None


class MemoryTimelines:
    def __init__(self, tables: Tables) -> None:
        self.tables = tables

    async def add_staff_lines(self, lines: Sequence[dict[str, Any]]) -> None:
        seen = {line["event_id"] for line in self.tables.staff_lines if line["event_id"]}
        for line in lines:  # ON CONFLICT DO NOTHING: one line per event
            if line["event_id"] is None or line["event_id"] not in seen:
                self.tables.staff_lines.append(dict(line))
                seen.add(line["event_id"])

    async def staff_lines(self, case_id: str) -> list[dict[str, Any]]:
        # ORDER BY occurred_at, id: the list keeps insertion order, sort() is stable
        lines = [line for line in self.tables.staff_lines if line["case_id"] == case_id]
        lines.sort(key=lambda line: line["occurred_at"])
        return [
            {
                "at": line["occurred_at"],
                "action": line["action"],
                "label": line["label"],
                "actor": line["actor"],
                "detail": line["detail"],
            }
            for line in lines
        ]

    async def record_public(self, case_id: str, lines: list[dict[str, Any]]) -> None:
        seen = {line["event_id"] for line in self.tables.public_lines}
        for line in lines:  # ON CONFLICT (event_id) DO NOTHING
            if line["event_id"] not in seen:
                self.tables.public_lines.append({"case_id": case_id, **line})
                seen.add(line["event_id"])
        latest = max(lines, key=lambda line: line["occurred_at"])
        current = self.tables.public_status.get(case_id)
        if current is None or current["updated_at"] <= latest["occurred_at"]:
            self.tables.public_status[case_id] = {
                "status": latest["status"],
                "updated_at": latest["occurred_at"],
            }

    async def public_view(self, case_id: str) -> dict[str, Any]:
        status = self.tables.public_status.get(case_id)
        lines = [line for line in self.tables.public_lines if line["case_id"] == case_id]
        lines.sort(key=lambda line: line["occurred_at"])
        code = status["status"] if status else "registered"
        return {
            "status": code,
            "status_label": PUBLIC_STATUS_ZH.get(code, code),
            "updated_at": status["updated_at"] if status else None,
            "timeline": [
                {"at": line["occurred_at"], "status": line["status"], "text": line["text"]}
                for line in lines
            ],
        }


class MemoryTracking:
    def __init__(self, tables: Tables) -> None:
        self.tables = tables

    async def count_tracking_failure(
        self, kind: str, subject: str, window_start: datetime, *, by: int = 1
    ) -> int:
        key = (kind, subject, window_start)
        self.tables.throttle[key] = self.tables.throttle.get(key, 0) + by
        return self.tables.throttle[key]

    async def forget_tracking_windows(self, *, before: datetime) -> None:
        for key in [k for k in self.tables.throttle if k[2] < before][:500]:
            del self.tables.throttle[key]


class MemoryClassification:
    def __init__(self, tables: Tables) -> None:
        self.tables = tables

    async def record_suggestion(
        self, case_id: str, suggestion: Suggestion, *, at: datetime
    ) -> None:
        self.tables.suggestions.setdefault(  # ON CONFLICT DO NOTHING
            case_id,
            {
                "case_id": case_id,
                "category": suggestion.category,
                "lead_department": suggestion.lead_department,
                "confidence": suggestion.confidence,
                "model_version": suggestion.model_version,
                "suggested_at": at,
            },
        )

    async def record_decision(
        self,
        case_id: str,
        kind: DecisionKind,
        category: str | None,
        actor: str,
        *,
        at: datetime,
        returning_department: str | None = None,
    ) -> None:
        self.tables.decisions.append(
            {
                "case_id": case_id,
                "kind": kind.value,
                "category": category,
                "returning_department": returning_department,
                "actor": actor,
                "decided_at": at,
            }
        )


class MemoryStore:
    """Every aggregate over one Tables."""

    def __init__(self, tables: Tables | None = None) -> None:
        self.tables = tables or Tables()
        self.cases = MemoryCases(self.tables)
        self.catalogue = MemoryCatalogue(self.tables)
        self.duplicates = MemoryDuplicates(self.tables)
        self.handling = MemoryHandling(self.tables)
        self.attachments = MemoryAttachments(self.tables)
        self.timelines = MemoryTimelines(self.tables)
        self.tracking = MemoryTracking(self.tables)
        self.classification = MemoryClassification(self.tables)
