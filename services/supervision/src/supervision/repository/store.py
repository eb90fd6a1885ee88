"""What supervision's use cases may ask of its data: one Protocol per aggregate, gathered in
`Store`, and `Unit`, the unit of work they take."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from common.outbox import Transaction
from supervision.domain.scorecard import CaseFacts


@dataclass(frozen=True)
class KeptEvent:
    """A case_events row: an event the figures, the buck-passing rule or the evidence checks
    read, with the department it names (if any)."""

    event_id: uuid.UUID
    case_id: str
    event_type: str
    occurred_at: datetime
    department: str | None
    payload: dict[str, Any]
    fact: str | None


@dataclass(frozen=True)
class FiledSignal:
    """A signal that waited for its case's department and is now filed against it."""

    kind: str
    evidence_event_id: uuid.UUID
    observed_at: datetime


class SignalRepository(Protocol):
    async def record(self, values: dict[str, Any]) -> bool:
        """Once per evidence event: False when that event's signal was recorded already."""
        ...

    async def file_waiting(self, case_id: str, department: str) -> list[FiledSignal]: ...


class CaseRepository(Protocol):
    """Who handles each case (its lead department)."""

    async def set_department(self, case_id: str, department: str) -> None: ...

    async def department_of(self, case_id: str) -> str | None: ...


class FactsRepository(Protocol):
    """The scorecard projection: the kept events of each case and the facts folded from them."""

    async def keep_events(self, rows: Sequence[dict[str, Any]]) -> None:
        """Each row once (by event id, and by the business fact it announces)."""
        ...

    async def events_of(self, case_id: str) -> list[KeptEvent]: ...

    async def events_by_id(self, event_ids: Sequence[uuid.UUID]) -> list[KeptEvent]: ...

    async def events_of_type(self, case_id: str, event_type: str) -> list[KeptEvent]: ...

    async def save_facts(self, rows: Sequence[dict[str, Any]]) -> None: ...

    async def facts_of(self, case_id: str) -> CaseFacts | None: ...

    async def accepted_between(self, start: datetime, end: datetime) -> list[CaseFacts]: ...

    async def registered_between(self, start: datetime, end: datetime) -> list[CaseFacts]: ...

    async def with_gaps_between(self, start: datetime, end: datetime) -> list[CaseFacts]:
        """The cases whose knowledge gap was open at some time from `start` to `end`."""
        ...

    async def of_batches(self, batch_ids: Sequence[str] | None) -> list[CaseFacts]:
        """The facts of the cases of these batches (of every batch when None)."""
        ...


class RecordRepository(Protocol):
    """One table of supervisors' records (urges, orders, meetings, accountability,
    buck-passing findings, appeals), rows as dicts of its columns."""

    async def add_once(self, values: dict[str, Any]) -> bool:
        """Insert unless a row with the same key (or the same source event) exists."""
        ...

    async def locked(self, **key: Any) -> dict[str, Any] | None:
        """The row with this key, locked until the unit ends."""
        ...

    async def update(self, key: dict[str, Any], **values: Any) -> None: ...


class ProblemRepository(Protocol):
    """The problem list (问题清单)."""

    async def add(self, values: dict[str, Any]) -> dict[str, Any]: ...

    async def locked(self, item_id: int) -> dict[str, Any] | None: ...

    async def update(self, item_id: int, **values: Any) -> None: ...


class BatchRepository(Protocol):
    """The imported batches published on the problem list."""

    async def published_ids(self) -> list[str]:
        """In the order they were published."""
        ...

    async def publish(self, batch_id: str, actor: str, at: datetime) -> None: ...

    async def withdraw(self, batch_id: str) -> bool: ...


class CampaignRepository(Protocol):
    """Evaluation campaigns (三项评议), their invitation codes (hashes), responses and the
    commitments of the departments summoned when one closed."""

    async def add(self, values: dict[str, Any]) -> dict[str, Any]: ...

    async def get(self, campaign_id: str, *, lock: bool = False) -> dict[str, Any] | None: ...

    async def update(self, campaign_id: str, **values: Any) -> None: ...

    async def listed(self, status: str | None = None) -> list[dict[str, Any]]:
        """Newest first."""
        ...

    async def add_invitations(self, campaign_id: str, code_hashes: Sequence[str]) -> None: ...

    async def invitation(self, campaign_id: str, code_hash: str) -> dict[str, Any] | None:
        """Locked until the unit ends."""
        ...

    async def use_invitation(self, campaign_id: str, code_hash: str, at: datetime) -> None: ...

    async def add_response(self, values: dict[str, Any]) -> bool:
        """False when this rater (campaign_id, rater_key) has answered already."""
        ...

    async def responses(self, campaign_ids: Sequence[str]) -> list[dict[str, Any]]: ...

    async def add_commitment(self, values: dict[str, Any]) -> bool:
        """Once per campaign and department."""
        ...

    async def commitment(self, commitment_id: str) -> dict[str, Any] | None:
        """Locked until the unit ends."""
        ...

    async def update_commitment(self, commitment_id: str, **values: Any) -> None: ...

    async def commitments(
        self, *, department: str | None = None, written: bool = False
    ) -> list[dict[str, Any]]:
        """Newest first; `written`: only those whose text the department wrote."""


class LedgerRepository(Protocol):
    """Campaign ledgers (专项整治台账) and their entries, rows as dicts of their columns."""

    async def add(self, values: dict[str, Any]) -> dict[str, Any]: ...

    async def get(self, ledger_id: int, *, lock: bool = False) -> dict[str, Any] | None: ...

    async def listed(self, *, published_only: bool = False) -> list[dict[str, Any]]:
        """Newest first."""
        ...

    async def update(self, ledger_id: int, **values: Any) -> None: ...

    async def add_entry(self, values: dict[str, Any]) -> dict[str, Any]: ...

    async def entry(self, ledger_id: int, entry_id: int) -> dict[str, Any] | None:
        """The entry of this ledger, locked until the unit ends."""
        ...

    async def update_entry(self, entry_id: int, **values: Any) -> None: ...

    async def entries(
        self,
        *,
        ledger_ids: Sequence[int] | None = None,
        responsible_unit: str | None = None,
        case_id: str | None = None,
    ) -> list[dict[str, Any]]:
        """In the order they were added, filtered on what is given."""
        ...


class Store(Protocol):
    """Every aggregate, each over the same unit of work."""

    @property
    def signals(self) -> SignalRepository: ...

    @property
    def cases(self) -> CaseRepository: ...

    @property
    def facts(self) -> FactsRepository: ...

    @property
    def urges(self) -> RecordRepository: ...

    @property
    def orders(self) -> RecordRepository: ...

    @property
    def meetings(self) -> RecordRepository: ...

    @property
    def accountability(self) -> RecordRepository: ...

    @property
    def buck_passing(self) -> RecordRepository: ...

    @property
    def appeals(self) -> RecordRepository: ...

    @property
    def problems(self) -> ProblemRepository: ...

    @property
    def batches(self) -> BatchRepository: ...

    @property
    def campaigns(self) -> CampaignRepository: ...

    @property
    def ledgers(self) -> LedgerRepository: ...


Unit = Transaction[Store]
