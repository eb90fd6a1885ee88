"""What dispatch's use cases need of its data, one Protocol per aggregate (cases, the
organisation, staff, the taxonomy), gathered in Store; SqlStore (repository/sql.py) and
MemoryStore (repository/memory.py) implement them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from common.district import District
from common.events import CaseAccepted
from common.outbox import Transaction
from common.vocabulary import Reason
from dispatch.domain.lifecycle import HandlingCase, Route
from dispatch.domain.taxonomy import Node

#: who the district file's taxonomy nodes are recorded as changed by
FILE_ACTOR = "system:district-file"


@dataclass(frozen=True)
class CaseWords:
    """What intake said of the case on accepting it, kept for the dispatcher's queue."""

    title: str | None
    description: str | None
    submitter_kind: str | None
    classification_confidence: float | None
    category_confirmed: bool
    requested_by: date | None

    @classmethod
    def of(cls, accepted: CaseAccepted) -> CaseWords:
        kind = accepted.submitter_kind
        return cls(
            title=accepted.title,
            description=accepted.description,
            submitter_kind=kind.value if kind else None,
            classification_confidence=accepted.classification_confidence,
            category_confirmed=accepted.category_confirmed,
            requested_by=accepted.requested_by,
        )


class CaseRepository(Protocol):
    async def load_case(self, case_id: str) -> HandlingCase | None:
        """The case, locked until the unit ends: commands on one case run one at a time."""

    async def insert_case(
        self, case: HandlingCase, words: CaseWords, *, now: datetime, queued_reason: Reason | None
    ) -> bool:
        """A new case and its first steps; False, changing nothing, when the case is known."""

    async def save_case(self, case: HandlingCase, *, now: datetime) -> None: ...

    async def readmit_case(
        self, case: HandlingCase, words: CaseWords, *, now: datetime, queued_reason: Reason | None
    ) -> None: ...

    async def round_started_at(self, case_id: str, round: int) -> datetime | None:
        """When the handling round began: the first assignment, or the round's reopen."""


class OrganisationRepository(Protocol):
    async def find_route(self, category: str) -> Route | None: ...

    async def list_departments(self) -> list[dict[str, Any]]: ...

    async def department_names(self) -> dict[str, str]: ...

    async def get_department(self, code: str) -> dict[str, Any] | None: ...

    async def outside_units(self) -> set[str]: ...

    async def department_parents(self) -> dict[str, str | None]: ...

    async def put_department(
        self, *, code: str, name: str, kind: str, parent: str | None, now: datetime
    ) -> None: ...

    async def list_routing_rules(self) -> list[dict[str, Any]]: ...

    async def get_routing_rule(self, category: str) -> dict[str, Any] | None: ...

    async def put_routing_rule(
        self, *, category: str, lead: str | None, co_handlers: list[str], now: datetime
    ) -> None: ...

    async def seed_district(
        self, district: District, *, sha256: str, now: datetime, demo_accounts: bool
    ) -> bool: ...


class StaffRepository(Protocol):
    async def list_staff(
        self,
        *,
        role: str | None,
        department: str | None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[dict[str, Any]]: ...

    async def get_staff(self, username: str) -> dict[str, Any] | None: ...

    async def staff_login(self, username: str) -> Any | None:
        """The account with its password hash (username, name, role, department, active,
        password_hash), for the login use case only."""

    async def create_staff(self, *, values: dict[str, Any], now: datetime) -> bool: ...

    async def update_staff(
        self, username: str, *, values: dict[str, Any], now: datetime
    ) -> None: ...

    async def login_failure(self, username: str) -> Any | None:
        """failures, last_failure_at, locked_until; locked until the unit ends."""

    async def save_login_failure(
        self, username: str, *, failures: int, at: datetime, locked_until: datetime | None
    ) -> None: ...

    async def clear_login_failures(self, username: str) -> None: ...


class TaxonomyRepository(Protocol):
    async def lock(self) -> None:
        """One writer at a time, so that versions follow commit order."""

    async def load(self) -> list[Node]: ...

    async def audit(self) -> dict[str, dict[str, Any]]: ...

    async def save(self, node: Node, *, actor: str, now: datetime) -> None: ...

    async def touch(self, code: str, *, actor: str, now: datetime) -> bool: ...

    async def record(
        self, *, code: str, action: str, detail: dict[str, Any], actor: str, now: datetime
    ) -> int: ...

    async def edits(self, *, code: str | None, limit: int) -> list[dict[str, Any]]: ...

    async def seed(self, district: District, *, now: datetime) -> list[str]: ...


class Store(Protocol):
    @property
    def cases(self) -> CaseRepository: ...

    @property
    def organisation(self) -> OrganisationRepository: ...

    @property
    def staff(self) -> StaffRepository: ...

    @property
    def taxonomy(self) -> TaxonomyRepository: ...


Unit = Transaction[Store]
