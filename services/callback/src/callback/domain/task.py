"""A callback task: one per handling round of a resolved case, completed once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from common.events import CallbackCompleted
from common.vocabulary import Satisfaction


class TaskAlreadyCompleted(Exception):
    def __init__(self, case_id: str, round: int) -> None:
        super().__init__(f"the callback for case {case_id}, round {round}, is already recorded")


@dataclass(frozen=True)
class CallbackTask:
    case_id: str
    round: int
    department: str
    state: str = "open"  # open | completed

    def complete(
        self,
        *,
        satisfaction: Satisfaction,
        solved: bool,
        comment: str,
        agent: str,
        at: datetime,
    ) -> tuple[CallbackTask, CallbackCompleted]:
        if self.state != "open":
            raise TaskAlreadyCompleted(self.case_id, self.round)
        done = CallbackTask(self.case_id, self.round, self.department, "completed")
        return done, CallbackCompleted(
            round=self.round,
            satisfaction=satisfaction,
            solved=solved,
            comment=comment,
            agent=agent,
            completed_at=at,
        )
