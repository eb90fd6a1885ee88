"""MemoryStore: callback's repositories as plain dicts and lists, for application tests; it
behaves as the SQL does where the use cases rely on it."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from callback.domain.task import CallbackTask, TaskState
from callback.repository.store import (
    AttemptRecord,
    CallbackResult,
    NewTask,
    RatingLink,
    Resolution,
    Store,
)


@dataclass
class TaskRow:
    """One row of callback.tasks."""

    task: NewTask
    due_at: datetime | None
    state: TaskState = TaskState.OPEN
    failed_attempts: int = 0
    result: CallbackResult | None = None


@dataclass
class MemoryTasks:
    rows: dict[tuple[str, int], TaskRow] = field(default_factory=dict)
    pending_due: dict[tuple[str, int], datetime | None] = field(default_factory=dict)
    attempts: list[AttemptRecord] = field(default_factory=list)

    async def open(self, task: NewTask) -> None:
        key = (task.case_id, task.round)
        # ON CONFLICT (case_id, round) DO NOTHING: a redelivered resolution changes nothing.
        if key not in self.rows:
            self.rows[key] = TaskRow(task, self.pending_due.get(key))

    async def set_due(self, case_id: str, round: int, due_at: datetime | None) -> None:
        row = self.rows.get((case_id, round))
        if row is not None:
            row.due_at = due_at
        else:
            self.pending_due[(case_id, round)] = due_at

    async def for_update(self, case_id: str, round: int | None = None) -> CallbackTask | None:
        rounds = [r for c, r in self.rows if c == case_id and (round is None or r == round)]
        if not rounds:
            return None
        row = self.rows[(case_id, max(rounds))]
        return CallbackTask(
            case_id,
            row.task.round,
            row.task.department,
            row.state,
            row.failed_attempts,
            knowledge_article_id=row.task.knowledge_article_id,
        )

    async def save(self, task: CallbackTask, result: CallbackResult | None = None) -> None:
        row = self.rows.get((task.case_id, task.round))
        if row is None:  # an UPDATE of no row
            return
        row.state = task.state
        row.failed_attempts = task.failed_attempts
        if result is not None:
            row.result = result

    async def add_attempt(self, attempt: AttemptRecord) -> None:
        self.attempts.append(attempt)

    async def resolution(self, case_id: str, round: int) -> Resolution:
        task = self.rows[(case_id, round)].task
        return Resolution(task.result, task.resolved_at)

    def row(self, case_id: str, round: int = 1) -> TaskRow:
        return self.rows[(case_id, round)]


@dataclass
class MemoryTitles:
    titles: dict[str, str] = field(default_factory=dict)

    async def remember(self, case_id: str, title: str) -> None:
        self.titles.setdefault(case_id, title)  # ON CONFLICT DO NOTHING


@dataclass
class MemoryRatingLinks:
    links: dict[bytes, RatingLink] = field(default_factory=dict)

    async def add(self, link: RatingLink) -> None:
        if link.token_hash in self.links:  # the primary key
            raise ValueError("duplicate rating link")
        self.links[link.token_hash] = replace(link, used_at=None)

    async def for_update(self, token_hash: bytes) -> RatingLink | None:
        return self.links.get(token_hash)

    async def use(self, token_hash: bytes, at: datetime) -> None:
        link = self.links.get(token_hash)
        if link is not None:
            self.links[token_hash] = replace(link, used_at=at)


@dataclass
class MemoryStore:
    tasks: MemoryTasks = field(default_factory=MemoryTasks)
    titles: MemoryTitles = field(default_factory=MemoryTitles)
    rating_links: MemoryRatingLinks = field(default_factory=MemoryRatingLinks)


#: mypy holds MemoryStore to the Store protocol here, so it cannot drift from it
CONFORMS_TO_STORE: type[Store] = MemoryStore
