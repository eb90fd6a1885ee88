"""MemoryBatches: the imported batches and their row -> case links in memory, for the
application tests, as batches/repository.py keeps them in PostgreSQL."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from intake.models import batches as batches_table
from intake.repository.memory_cases import Tables


class MemoryBatches:
    def __init__(self, tables: Tables) -> None:
        self.tables = tables

    async def insert_batch(self, values: dict[str, Any]) -> None:
        if values["batch_id"] in self.tables.batches:
            raise KeyError(f"duplicate batch {values['batch_id']}")
        row = {column.name: None for column in batches_table.columns}
        self.tables.batches[values["batch_id"]] = row | values

    async def update_batch(self, batch_id: str, values: dict[str, Any]) -> None:
        if batch_id in self.tables.batches:  # an UPDATE of no row changes nothing
            self.tables.batches[batch_id].update(values)

    async def touch(self, batch_id: str, values: dict[str, Any], at: datetime) -> None:
        await self.update_batch(batch_id, {**values, "heartbeat_at": at})

    async def find_batch(self, batch_id: str) -> dict[str, Any] | None:
        row = self.tables.batches.get(batch_id)
        return dict(row) if row is not None else None

    async def list_batches(self, *, limit: int, offset: int) -> list[dict[str, Any]]:
        # ORDER BY created_at DESC, batch_id
        ordered = sorted(self.tables.batches.values(), key=lambda r: r["batch_id"])
        ordered.sort(key=lambda r: r["created_at"], reverse=True)
        return [
            {k: v for k, v in r.items() if k != "problems"}
            for r in ordered[offset : offset + limit]
        ]

    async def add_cases(self, batch_id: str, rows: Sequence[tuple[int, str]]) -> None:
        for number, case_id in rows:
            self.tables.batch_cases.append(
                {"batch_id": batch_id, "row_number": number, "case_id": case_id}
            )

    async def cases_of(self, batch_id: str) -> list[dict[str, Any]]:
        found = [c for c in self.tables.batch_cases if c["batch_id"] == batch_id]
        found.sort(key=lambda c: c["row_number"])
        return [{"row_number": c["row_number"], "case_id": c["case_id"]} for c in found]

    async def category_names(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for row in self.tables.categories.values():
            if row["active"]:
                found[row["code"]] = row["code"]
                found.setdefault(row["name"], row["code"])
        return found
