"""MemoryGaps: knowledge gaps in memory, for the application tests, as
knowledge/gap_repository.py keeps them in PostgreSQL."""

from __future__ import annotations

from typing import Any

from intake.models import knowledge_gaps
from intake.repository.memory_cases import Tables
from intake.repository.store import GapFilters


class MemoryGaps:
    def __init__(self, tables: Tables) -> None:
        self.tables = tables

    async def insert_gap(self, values: dict[str, Any]) -> bool:
        taken = any(g["case_id"] == values["case_id"] for g in self.tables.gaps.values())
        if taken or values["gap_id"] in self.tables.gaps:  # ON CONFLICT DO NOTHING
            return False
        row = {column.name: None for column in knowledge_gaps.columns}
        self.tables.gaps[values["gap_id"]] = row | values
        return True

    async def find_gap(self, gap_id: str, *, lock: bool = False) -> dict[str, Any] | None:
        row = self.tables.gaps.get(gap_id)
        return self._listed(row) if row is not None else None

    async def update_gap(self, gap_id: str, values: dict[str, Any]) -> None:
        if gap_id in self.tables.gaps:
            self.tables.gaps[gap_id].update(values)

    async def list_gaps(self, filters: GapFilters) -> tuple[list[dict[str, Any]], int]:
        found = [
            g
            for g in self.tables.gaps.values()
            if filters.department in (None, g["department"]) and filters.state in (None, g["state"])
        ]
        # ORDER BY opened_at DESC, gap_id DESC
        found.sort(key=lambda g: (g["opened_at"], g["gap_id"]), reverse=True)
        page = found[filters.offset : filters.offset + filters.limit]
        return [self._listed(g) for g in page], len(found)

    async def open_gaps_by_department(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for gap in self.tables.gaps.values():
            if gap["state"] == "open":
                counts[gap["department"]] = counts.get(gap["department"], 0) + 1
        return counts

    async def category_lead(self, code: str) -> str | None:
        row = self.tables.categories.get(code)
        return row["lead"] if row is not None else None

    def _listed(self, row: dict[str, Any]) -> dict[str, Any]:
        category = self.tables.categories.get(row["category"])
        return dict(row) | {"category_name": category["name"] if category else None}
