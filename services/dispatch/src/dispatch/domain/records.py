"""The values a handling case is made of and checked against: its route, the extension
cap, a pending extension request, and one recorded step (Transition)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from dispatch.domain.refusals import RuleRefused
from dispatch.domain.transitions import Action, CaseState


@dataclass(frozen=True)
class Route:
    lead: str
    co_handlers: tuple[str, ...] = ()

    def checked(self) -> Route:
        if self.lead in self.co_handlers:
            raise RuleRefused(
                "lead_is_co_handler",
                f"{self.lead} 不能既是主办单位又是协办单位",
                conflict=False,
                department=self.lead,
            )
        if len(set(self.co_handlers)) != len(self.co_handlers):
            raise RuleRefused("duplicate_co_handler", "协办单位重复", conflict=False)
        return self


def refuse_outside_units(route: Route, outside: Collection[str]) -> None:
    """An outside unit is reached by 转办 only (ADR 0021): it has its own limits and figures,
    which an ordinary assignment would not start."""
    named = [code for code in (route.lead, *route.co_handlers) if code in outside]
    if named:
        raise RuleRefused(
            "outside_unit_needs_transfer",
            f"{'、'.join(named)} 是外单位，不能交办或协办；请使用“转办”（字段 lead / co_handlers）",
            conflict=False,
            field="lead" if route.lead in outside else "co_handlers",
            departments=named,
        )


def require_outside_unit(unit: str, outside: Collection[str]) -> None:
    """转办 goes to an outside unit only; the district's own departments get a 交办."""
    if unit not in outside:
        raise RuleRefused(
            "not_outside_unit",
            f"转办单位（unit）须为外单位，{unit} 是区内单位，请使用“交办”",
            conflict=False,
            field="unit",
            department=unit,
        )


@dataclass(frozen=True)
class ExtensionCap:
    """延期上限: how many extensions a case may get, and how many working days in total."""

    max_extensions: int
    max_working_days: int


@dataclass(frozen=True)
class PendingExtension:
    department: str
    working_days: int
    reason: str


@dataclass(frozen=True)
class Transition:
    action: Action
    source: CaseState
    target: CaseState
    actor: str
    at: datetime
    reason: str
    department: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)
