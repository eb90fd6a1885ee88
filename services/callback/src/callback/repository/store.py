"""What callback's use cases may ask of its data: one Protocol per aggregate, the Store that
gathers them, and the unit of work (Unit) the use cases take."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from callback.domain.task import CallbackTask
from common.outbox import Transaction
from common.vocabulary import CallbackAttemptOutcome, Satisfaction


@dataclass(frozen=True)
class NewTask:
    """A callback task as a resolution (or one on the spot, or a unit's answer) opens it."""

    case_id: str
    round: int
    department: str | None
    source: str
    category: str | None
    result: str
    summary: str | None
    resolved_at: datetime
    # the knowledge article the answer came from, when the resolution named one
    knowledge_article_id: str | None = None
    knowledge_article_version: int | None = None


@dataclass(frozen=True)
class AttemptRecord:
    case_id: str
    round: int
    outcome: CallbackAttemptOutcome
    note: str
    agent: str
    at: datetime


@dataclass(frozen=True)
class CallbackResult:
    """What a completed task keeps: the answers and who recorded them, when."""

    satisfaction: Satisfaction
    solved: bool
    comment: str
    agent: str
    completed_at: datetime
    answer_wrong: bool = False


@dataclass(frozen=True)
class Resolution:
    """How the case was resolved, as the rating page shows it."""

    result: str
    resolved_at: datetime


@dataclass(frozen=True)
class RatingLink:
    token_hash: bytes
    case_id: str
    round: int
    issued_by: str
    issued_at: datetime
    expires_at: datetime
    used_at: datetime | None = None


class TaskRepository(Protocol):
    async def open(self, task: NewTask) -> None:
        """A task that exists already is kept as it is; a due time that came first is used."""

    async def set_due(self, case_id: str, round: int, due_at: datetime | None) -> None:
        """The task's due time, or one kept for the task still to come."""

    async def for_update(self, case_id: str, round: int | None = None) -> CallbackTask | None:
        """The given round's task, or the latest one, locked for the rest of the unit."""

    async def save(self, task: CallbackTask, result: CallbackResult | None = None) -> None: ...

    async def add_attempt(self, attempt: AttemptRecord) -> None: ...

    async def resolution(self, case_id: str, round: int) -> Resolution: ...


class TitleRepository(Protocol):
    async def remember(self, case_id: str, title: str) -> None:
        """The first title seen for a case is kept."""


class RatingLinkRepository(Protocol):
    async def add(self, link: RatingLink) -> None: ...

    async def for_update(self, token_hash: bytes) -> RatingLink | None: ...

    async def use(self, token_hash: bytes, at: datetime) -> None: ...


class Store(Protocol):
    @property
    def tasks(self) -> TaskRepository: ...

    @property
    def titles(self) -> TitleRepository: ...

    @property
    def rating_links(self) -> RatingLinkRepository: ...


Unit = Transaction[Store]
