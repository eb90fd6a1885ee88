"""MemoryVisits: window visit ratings in memory, for the application tests, as
visits/repository.py keeps them in PostgreSQL."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from intake.repository.memory_cases import Tables
from intake.visits.rules import Rating


class MemoryVisits:
    def __init__(self, tables: Tables) -> None:
        self.tables = tables

    async def insert_rating(self, values: dict[str, Any]) -> bool:
        if values["case_id"] in self.tables.visit_ratings:  # ON CONFLICT DO NOTHING
            return False
        self.tables.visit_ratings[values["case_id"]] = dict(values)
        return True

    async def find_rating(self, case_id: str) -> Rating | None:
        row = self.tables.visit_ratings.get(case_id)
        return Rating(**row) if row is not None else None

    async def ratings_between(self, start: datetime, end: datetime) -> list[Rating]:
        found = [
            Rating(**row)
            for row in self.tables.visit_ratings.values()
            if start <= row["rated_at"] < end
        ]
        return sorted(found, key=lambda r: (r.rated_at, r.case_id))
