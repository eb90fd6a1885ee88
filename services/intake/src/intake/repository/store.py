"""The store's contract: one Protocol per aggregate intake keeps, gathered in Store, and
Unit, the unit of work every use case takes. repository/sql.py keeps them in PostgreSQL,
repository/memory.py in memory for the application tests.

Rows come back as the SQL gives them (columns as attributes, `_mapping` for all of them);
the in-memory store's rows behave the same."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from common import events
from common.outbox import Transaction
from intake.domain.accuracy import DecisionKind
from intake.domain.classification import Suggestion
from intake.domain.duplicates import Suspicion
from intake.domain.open311 import ApiKey
from intake.visits.rules import Rating
from intake.window.repository import WindowRepository


@dataclass(frozen=True)
class CaseFilters:
    screening_state: str | None = None
    duplicate_review: str | None = None
    category: str | None = None
    channel: str | None = None
    kind: str | None = None
    area: str | None = None
    department: str | None = None
    registered_from: datetime | None = None
    registered_to: datetime | None = None
    limit: int = 50
    offset: int = 0


@dataclass(frozen=True)
class CandidateQuery:
    """The bounded searches for likely originals: by submitter since a time, and in a
    category since a time, inside a bounding box or at the same normalised address."""

    case_id: str
    submitter_key: str | None
    submitter_since: datetime
    category: str | None
    place_since: datetime
    box: tuple[float, ...] | None  # min_lat, max_lat, min_lon, max_lon
    address_key: str | None
    limit: int = 200


class CaseRepository(Protocol):
    async def next_sequence(self) -> int: ...

    async def insert_case(self, values: dict[str, Any]) -> None: ...

    async def find_case(self, case_id: str, *, lock: bool = False) -> Any: ...

    async def update_case(self, case_id: str, values: dict[str, Any]) -> None: ...

    async def list_cases(self, filters: CaseFilters) -> Sequence[Any]:
        """Newest first, with each case's lead_department and departments (None when not
        yet assigned)."""
        ...

    async def screening_queue(self, *, limit: int) -> Sequence[Any]:
        """Pending cases, oldest first."""
        ...


class CatalogueRepository(Protocol):
    async def category_exists(self, code: str) -> bool:
        """An active category of that code."""
        ...

    async def list_categories(self, *, include_inactive: bool = False) -> list[dict[str, Any]]: ...

    async def apply_taxonomy(self, event: events.TaxonomyChanged, *, at: datetime) -> bool:
        """Take a newer taxonomy; an older or repeated one changes nothing (False)."""
        ...


class DuplicateRepository(Protocol):
    async def duplicate_candidates(self, query: CandidateQuery) -> Sequence[Any]: ...

    async def insert_flags(
        self, case_id: str, found: Sequence[Suspicion], *, now: datetime
    ) -> None: ...

    async def flags_of(self, case_id: str) -> list[dict[str, Any]]:
        """The case's suspected originals, the most similar first, each with its original's
        title, registration time and screening state."""
        ...

    async def flags_for(self, case_ids: Sequence[str]) -> dict[str, list[Any]]: ...


class HandlingRepository(Protocol):
    async def set_handlers(
        self,
        case_id: str,
        *,
        lead: str,
        co_handlers: Sequence[str] | None,
        round: int,
        at: datetime,
    ) -> None:
        """co_handlers None: keep the case's co-handlers, with the new lead first."""
        ...

    async def handlers_of(self, case_id: str) -> Any: ...


class AttachmentRepository(Protocol):
    async def count_attachments(self, case_id: str) -> int: ...

    async def insert_attachment(self, values: dict[str, Any]) -> uuid.UUID: ...

    async def list_attachments(self, case_id: str) -> list[dict[str, Any]]: ...

    async def get_attachment(self, case_id: str, attachment_id: uuid.UUID) -> Any: ...


class TimelineRepository(Protocol):
    async def add_staff_lines(self, lines: Sequence[dict[str, Any]]) -> None: ...

    async def staff_lines(self, case_id: str) -> list[dict[str, Any]]: ...

    async def record_public(self, case_id: str, lines: list[dict[str, Any]]) -> None: ...

    async def public_view(self, case_id: str) -> dict[str, Any]: ...


class TrackingRepository(Protocol):
    async def count_tracking_failure(
        self, kind: str, subject: str, window_start: datetime, *, by: int = 1
    ) -> int:
        """Adds `by` to the window's count and returns the new count."""
        ...

    async def forget_tracking_windows(self, *, before: datetime) -> None: ...


class ClassificationRepository(Protocol):
    async def record_suggestion(
        self, case_id: str, suggestion: Suggestion, *, at: datetime
    ) -> None: ...

    async def record_decision(
        self,
        case_id: str,
        kind: DecisionKind,
        category: str | None,
        actor: str,
        *,
        at: datetime,
        returning_department: str | None = None,
    ) -> None: ...


class Open311Repository(Protocol):
    """Open311 API keys (kept as hashes) and what a posted request added to its case."""

    async def create_key(
        self, *, name: str, key: str, actor: str, now: datetime
    ) -> dict[str, Any]: ...

    async def list_keys(self) -> list[dict[str, Any]]: ...

    async def revoke_key(self, key_id: int, *, now: datetime) -> dict[str, Any] | None:
        """Revoke a key (revoking twice keeps the first time); None for an unknown key."""
        ...

    async def find_active_key(self, key: str, *, now: datetime) -> ApiKey | None:
        """The key's owner, when the key exists and is not revoked; marks it used."""
        ...

    async def insert_request(
        self,
        *,
        case_id: str,
        api_key: ApiKey,
        email: str | None,
        media_url: str | None,
        now: datetime,
    ) -> uuid.UUID: ...

    async def case_of_token(self, token: uuid.UUID) -> str | None: ...


class BatchRepository(Protocol):
    """Imported files with their progress and row report, and the case each row became."""

    async def insert_batch(self, values: dict[str, Any]) -> None: ...

    async def update_batch(self, batch_id: str, values: dict[str, Any]) -> None: ...

    async def touch(self, batch_id: str, values: dict[str, Any], at: datetime) -> None:
        """update_batch, renewing the job's heartbeat."""
        ...

    async def find_batch(self, batch_id: str) -> dict[str, Any] | None: ...

    async def list_batches(self, *, limit: int, offset: int) -> list[dict[str, Any]]:
        """Newest first, without their row reports (problems)."""
        ...

    async def add_cases(self, batch_id: str, rows: Sequence[tuple[int, str]]) -> None: ...

    async def cases_of(self, batch_id: str) -> list[dict[str, Any]]: ...

    async def category_names(self) -> dict[str, str]:
        """Active categories by code and by name, as a spreadsheet may give either."""
        ...


@dataclass(frozen=True)
class ArticleFilters:
    """The article list's filters. `status` is the latest version's, with `expired` for a
    published one whose valid_until is before `today`; review_overdue compares the last
    review with `reviewed_before` (review_months before today)."""

    today: date
    reviewed_before: datetime
    q: str | None = None
    department: str | None = None
    category: str | None = None
    status: str | None = None
    review_overdue: bool | None = None
    flagged: bool | None = None
    limit: int = 50
    offset: int = 0


@dataclass(frozen=True)
class GapFilters:
    department: str | None = None
    state: str | None = None
    limit: int = 50
    offset: int = 0


class KnowledgeRepository(Protocol):
    """Knowledge articles, their versions, and flags of answers found wrong."""

    async def insert_article(self, values: dict[str, Any]) -> bool:
        """False (nothing written) when the article_id exists."""
        ...

    async def update_article(self, article_id: str, values: dict[str, Any]) -> None: ...

    async def find_article(
        self, article_id: str, *, lock: bool = False
    ) -> dict[str, Any] | None: ...

    async def insert_version(self, values: dict[str, Any]) -> None: ...

    async def update_version(
        self, article_id: str, version: int, values: dict[str, Any]
    ) -> None: ...

    async def find_version(self, article_id: str, version: int) -> dict[str, Any] | None: ...

    async def versions_of(self, article_id: str) -> list[dict[str, Any]]:
        """Oldest first."""
        ...

    async def list_articles(self, filters: ArticleFilters) -> tuple[list[dict[str, Any]], int]:
        """The article's columns with its latest version's (status as latest_status) and
        open_flags; most recently updated first; and how many match."""
        ...

    async def published_versions(
        self, keys: Sequence[tuple[str, int]]
    ) -> dict[tuple[str, int], dict[str, Any]]:
        """Those versions with their article's department, by (article_id, version)."""
        ...

    async def searchable(self, today: date) -> list[dict[str, Any]]:
        """Every published version valid today, with its article's department."""
        ...

    async def revision(self) -> tuple[Any, ...]:
        """The latest revision (each change of an article takes the next) and the count:
        cheap, for other replicas to poll."""
        ...

    async def add_flag(self, values: dict[str, Any]) -> bool:
        """False when that case already flagged that version."""
        ...

    async def flags_of(self, article_id: str) -> list[dict[str, Any]]: ...

    async def resolve_flags(self, article_id: str, *, at: datetime, by: str) -> int: ...

    async def review_status(
        self, *, today: date, reviewed_before: datetime
    ) -> list[dict[str, Any]]:
        """Per department with articles: published, drafts, pending_review, review_overdue,
        open_flags."""
        ...


class GapRepository(Protocol):
    """Knowledge gaps (知识缺口): one per case at most."""

    async def insert_gap(self, values: dict[str, Any]) -> bool:
        """Open a gap; False (and nothing changed) when its case has one already."""
        ...

    async def find_gap(self, gap_id: str, *, lock: bool = False) -> dict[str, Any] | None:
        """The gap with its category's name."""
        ...

    async def update_gap(self, gap_id: str, values: dict[str, Any]) -> None: ...

    async def list_gaps(self, filters: GapFilters) -> tuple[list[dict[str, Any]], int]:
        """Newest first, each with its category's name, and how many match in all."""
        ...

    async def open_gaps_by_department(self) -> dict[str, int]: ...

    async def category_lead(self, code: str) -> str | None:
        """The catalogue's lead unit of a category."""
        ...


class VisitRepository(Protocol):
    """Window visit ratings (窗口单位百姓评): one per case."""

    async def insert_rating(self, values: dict[str, Any]) -> bool:
        """False (and nothing changed) when the case is rated already."""
        ...

    async def find_rating(self, case_id: str) -> Rating | None: ...

    async def ratings_between(self, start: datetime, end: datetime) -> list[Rating]:
        """Rated at or after start and before end, oldest first."""
        ...


class Store(Protocol):
    """Every aggregate intake keeps, over one transaction."""

    @property
    def cases(self) -> CaseRepository: ...

    @property
    def catalogue(self) -> CatalogueRepository: ...

    @property
    def duplicates(self) -> DuplicateRepository: ...

    @property
    def handling(self) -> HandlingRepository: ...

    @property
    def attachments(self) -> AttachmentRepository: ...

    @property
    def timelines(self) -> TimelineRepository: ...

    @property
    def tracking(self) -> TrackingRepository: ...

    @property
    def classification(self) -> ClassificationRepository: ...

    @property
    def open311(self) -> Open311Repository: ...

    @property
    def batches(self) -> BatchRepository: ...

    @property
    def knowledge(self) -> KnowledgeRepository: ...

    @property
    def gaps(self) -> GapRepository: ...

    @property
    def visits(self) -> VisitRepository: ...

    @property
    def window(self) -> WindowRepository: ...


Unit = Transaction[Store]
