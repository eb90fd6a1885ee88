"""Time limits (SLA) per request kind and stage. A timer keeps the policy version it used."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from common.vocabulary import RequestKind, TimerStage


@dataclass(frozen=True)
class SlaPolicy:
    version: str
    sign_working_hours: int = 2
    resolution_working_days: Mapping[RequestKind, int] = field(default_factory=dict)
    default_resolution_working_days: int = 5
    callback_working_days: int = 2

    def limit_minutes(self, stage: TimerStage, kind: RequestKind, day_minutes: int) -> int:
        if stage is TimerStage.SIGN:
            return self.sign_working_hours * 60
        if stage is TimerStage.CALLBACK:
            return self.callback_working_days * day_minutes
        days = self.resolution_working_days.get(kind, self.default_resolution_working_days)
        return days * day_minutes


DEFAULT_POLICY = SlaPolicy(
    version="default-2026.1",
    resolution_working_days={
        RequestKind.CONSULTATION: 1,
        RequestKind.HELP: 3,
        RequestKind.COMPLAINT: 5,
        RequestKind.REPORT: 5,
        RequestKind.SUGGESTION: 5,
        RequestKind.COULD_NOT_GET_IT_DONE: 3,
    },
)
