"""Campaign ledgers and their entries in plain lists, for the application tests, with the
columns' defaults, the bigserial ids and the one-case-per-ledger index mirrored."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from common.clock import utcnow


@dataclass
class MemoryLedgers:
    rows: list[dict[str, Any]] = field(default_factory=list)
    entry_rows: list[dict[str, Any]] = field(default_factory=list)

    async def add(self, values: dict[str, Any]) -> dict[str, Any]:
        row = {
            "ledger_id": len(self.rows) + 1,
            "description": None,
            "campaign_id": None,
            "created_at": utcnow(),
            "published_by": None,
            "published_at": None,
            **values,
        }
        self.rows.append(row)
        return dict(row)

    async def get(self, ledger_id: int, *, lock: bool = False) -> dict[str, Any] | None:
        found = [row for row in self.rows if row["ledger_id"] == ledger_id]
        return dict(found[0]) if found else None

    async def listed(self, *, published_only: bool = False) -> list[dict[str, Any]]:
        return [
            dict(row)
            for row in reversed(self.rows)
            if not published_only or row["published_at"] is not None
        ]

    async def update(self, ledger_id: int, **values: Any) -> None:
        for row in self.rows:
            if row["ledger_id"] == ledger_id:
                row.update(values)

    async def add_entry(self, values: dict[str, Any]) -> dict[str, Any]:
        case_id = values.get("case_id")
        if case_id is not None and any(
            row["ledger_id"] == values["ledger_id"] and row["case_id"] == case_id
            for row in self.entry_rows
        ):
            raise AssertionError("ledger_entries_one_case: the use case checks this first")
        now = utcnow()
        row = {
            "entry_id": len(self.entry_rows) + 1,
            "case_id": None,
            "text": None,
            "raised_by": None,
            "disposition": None,
            "responsible_unit": None,
            "time_limit": None,
            "progress": "open",
            "outcome": None,
            "rectified_at": None,
            "created_at": now,
            "updated_by": None,
            "updated_at": now,
            **values,
        }
        self.entry_rows.append(row)
        return dict(row)

    async def entry(self, ledger_id: int, entry_id: int) -> dict[str, Any] | None:
        found = [
            row
            for row in self.entry_rows
            if row["ledger_id"] == ledger_id and row["entry_id"] == entry_id
        ]
        return dict(found[0]) if found else None

    async def update_entry(self, entry_id: int, **values: Any) -> None:
        for row in self.entry_rows:
            if row["entry_id"] == entry_id:
                row.update(values)

    async def entries(
        self,
        *,
        ledger_ids: Sequence[int] | None = None,
        responsible_unit: str | None = None,
        case_id: str | None = None,
    ) -> list[dict[str, Any]]:
        return [
            dict(row)
            for row in self.entry_rows
            if (ledger_ids is None or row["ledger_id"] in ledger_ids)
            and (responsible_unit is None or row["responsible_unit"] == responsible_unit)
            and (case_id is None or row["case_id"] == case_id)
        ]
