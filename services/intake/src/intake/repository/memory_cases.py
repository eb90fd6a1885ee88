"""The in-memory rows of intake's store, and the aggregates around a case: the case itself,
the catalogue, suspected duplicates and who handles it (the rest is in memory.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from common import events
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
    open311_keys: dict[int, dict[str, Any]] = field(default_factory=dict)
    open311_requests: list[dict[str, Any]] = field(default_factory=list)
    batches: dict[str, dict[str, Any]] = field(default_factory=dict)
    batch_cases: list[dict[str, Any]] = field(default_factory=list)
    knowledge_articles: dict[str, dict[str, Any]] = field(default_factory=dict)
    knowledge_versions: dict[tuple[str, int], dict[str, Any]] = field(default_factory=dict)
    knowledge_flags: list[dict[str, Any]] = field(default_factory=list)
    gaps: dict[str, dict[str, Any]] = field(default_factory=dict)
    visit_ratings: dict[str, dict[str, Any]] = field(default_factory=dict)
    # the window's routine: the roster by (date, half) and the promised limits' copy
    duty_roster: dict[tuple[Any, str], dict[str, Any]] = field(default_factory=dict)
    promised_limits: dict[tuple[str, str], Any] = field(default_factory=dict)
    promised_version: int = 0


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
