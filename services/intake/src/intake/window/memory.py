"""The window's storage in memory, for the application tests: the same answers as SqlWindow,
over the in-memory store's Tables."""

from __future__ import annotations

from datetime import date
from typing import Any

from intake.domain.acceptance import PromisedLimit
from intake.repository.memory_cases import Tables
from intake.window.repository import ANY_CATEGORY, duty_view, pick_limit

_HALVES = ("am", "pm")


class MemoryWindow:
    def __init__(self, tables: Tables) -> None:
        self.tables = tables

    async def put_duty(self, values: dict[str, Any]) -> None:
        self.tables.duty_roster[(values["duty_date"], values["half"])] = dict(values)

    async def duty(self, day: date, half: str) -> dict[str, Any] | None:
        row = self.tables.duty_roster.get((day, half))
        return duty_view(row) if row else None

    async def duties(self, start: date, end: date) -> list[dict[str, Any]]:
        keys = sorted(
            (k for k in self.tables.duty_roster if start <= k[0] <= end),
            key=lambda k: (k[0], _HALVES.index(k[1])),
        )
        return [duty_view(self.tables.duty_roster[k]) for k in keys]

    async def apply_limits(self, version: int, limits: list[PromisedLimit]) -> bool:
        if version <= self.tables.promised_version:
            return False
        self.tables.promised_limits = {(p.kind, p.category or ANY_CATEGORY): p for p in limits}
        self.tables.promised_version = version
        return True

    async def limit_for(self, kind: str, category: str | None) -> PromisedLimit | None:
        found = {c: p for (k, c), p in self.tables.promised_limits.items() if k == kind}
        return pick_limit(found, category)
