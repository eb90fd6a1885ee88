"""MemoryStore: intake's store in plain dicts and lists, for the application tests
(common.memory). It behaves as the SQL does where the use cases rely on it: the conflicts
SQL ignores are ignored here, and lists come back in the SQL's order.

Every aggregate reads and writes one Tables, so that a unit of work's deep copy (taken on
entry, put back when the unit fails) keeps them consistent."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from common.vocabulary import PUBLIC_STATUS_ZH
from intake.domain.accuracy import DecisionKind
from intake.domain.classification import Suggestion
from intake.repository.memory_batches import MemoryBatches
from intake.repository.memory_cases import (
    MemoryCases,
    MemoryCatalogue,
    MemoryDuplicates,
    MemoryHandling,
    Row,
    Tables,
)
from intake.repository.memory_gaps import MemoryGaps
from intake.repository.memory_knowledge import MemoryKnowledge
from intake.repository.memory_open311 import MemoryOpen311
from intake.repository.memory_visits import MemoryVisits
from intake.repository.store import (
    AttachmentRepository,
    BatchRepository,
    CaseRepository,
    CatalogueRepository,
    ClassificationRepository,
    DuplicateRepository,
    GapRepository,
    HandlingRepository,
    KnowledgeRepository,
    Open311Repository,
    TimelineRepository,
    TrackingRepository,
    VisitRepository,
)
from intake.window.memory import MemoryWindow
from intake.window.repository import WindowRepository


class MemoryAttachments:
    def __init__(self, tables: Tables) -> None:
        self.tables = tables

    async def count_attachments(self, case_id: str) -> int:
        return sum(1 for a in self.tables.attachments if a["case_id"] == case_id)

    async def insert_attachment(self, values: dict[str, Any]) -> uuid.UUID:
        attachment_id = uuid.uuid4()
        self.tables.attachments.append({"attachment_id": attachment_id, **values})
        return attachment_id

    async def list_attachments(self, case_id: str) -> list[dict[str, Any]]:
        found = [a for a in self.tables.attachments if a["case_id"] == case_id]
        found.sort(key=lambda a: a["uploaded_at"])
        return [{k: v for k, v in a.items() if k not in ("content", "case_id")} for a in found]

    async def get_attachment(self, case_id: str, attachment_id: uuid.UUID) -> Any:
        for a in self.tables.attachments:
            if a["case_id"] == case_id and a["attachment_id"] == attachment_id:
                return Row(a)
        return None


class MemoryTimelines:
    def __init__(self, tables: Tables) -> None:
        self.tables = tables

    async def add_staff_lines(self, lines: Sequence[dict[str, Any]]) -> None:
        seen = {line["event_id"] for line in self.tables.staff_lines if line["event_id"]}
        for line in lines:  # ON CONFLICT DO NOTHING: one line per event
            if line["event_id"] is None or line["event_id"] not in seen:
                self.tables.staff_lines.append(dict(line))
                seen.add(line["event_id"])

    async def staff_lines(self, case_id: str) -> list[dict[str, Any]]:
        # ORDER BY occurred_at, id: the list keeps insertion order, sort() is stable
        lines = [line for line in self.tables.staff_lines if line["case_id"] == case_id]
        lines.sort(key=lambda line: line["occurred_at"])
        return [
            {
                "at": line["occurred_at"],
                "action": line["action"],
                "label": line["label"],
                "actor": line["actor"],
                "detail": line["detail"],
            }
            for line in lines
        ]

    async def record_public(self, case_id: str, lines: list[dict[str, Any]]) -> None:
        seen = {line["event_id"] for line in self.tables.public_lines}
        for line in lines:  # ON CONFLICT (event_id) DO NOTHING
            if line["event_id"] not in seen:
                self.tables.public_lines.append({"case_id": case_id, **line})
                seen.add(line["event_id"])
        latest = max(lines, key=lambda line: line["occurred_at"])
        current = self.tables.public_status.get(case_id)
        if current is None or current["updated_at"] <= latest["occurred_at"]:
            self.tables.public_status[case_id] = {
                "status": latest["status"],
                "updated_at": latest["occurred_at"],
            }

    async def public_view(self, case_id: str) -> dict[str, Any]:
        status = self.tables.public_status.get(case_id)
        lines = [line for line in self.tables.public_lines if line["case_id"] == case_id]
        lines.sort(key=lambda line: line["occurred_at"])
        code = status["status"] if status else "registered"
        return {
            "status": code,
            "status_label": PUBLIC_STATUS_ZH.get(code, code),
            "updated_at": status["updated_at"] if status else None,
            "timeline": [
                {"at": line["occurred_at"], "status": line["status"], "text": line["text"]}
                for line in lines
            ],
        }


class MemoryTracking:
    def __init__(self, tables: Tables) -> None:
        self.tables = tables

    async def count_tracking_failure(
        self, kind: str, subject: str, window_start: datetime, *, by: int = 1
    ) -> int:
        key = (kind, subject, window_start)
        self.tables.throttle[key] = self.tables.throttle.get(key, 0) + by
        return self.tables.throttle[key]

    async def forget_tracking_windows(self, *, before: datetime) -> None:
        for key in [k for k in self.tables.throttle if k[2] < before][:500]:
            del self.tables.throttle[key]


class MemoryClassification:
    def __init__(self, tables: Tables) -> None:
        self.tables = tables

    async def record_suggestion(
        self, case_id: str, suggestion: Suggestion, *, at: datetime
    ) -> None:
        self.tables.suggestions.setdefault(  # ON CONFLICT DO NOTHING
            case_id,
            {
                "case_id": case_id,
                "category": suggestion.category,
                "lead_department": suggestion.lead_department,
                "confidence": suggestion.confidence,
                "model_version": suggestion.model_version,
                "suggested_at": at,
            },
        )

    async def record_decision(
        self,
        case_id: str,
        kind: DecisionKind,
        category: str | None,
        actor: str,
        *,
        at: datetime,
        returning_department: str | None = None,
    ) -> None:
        self.tables.decisions.append(
            {
                "case_id": case_id,
                "kind": kind.value,
                "category": category,
                "returning_department": returning_department,
                "actor": actor,
                "decided_at": at,
            }
        )


class MemoryStore:
    """Every aggregate over one Tables."""

    def __init__(self, tables: Tables | None = None) -> None:
        self.tables = tables or Tables()
        self.cases: CaseRepository = MemoryCases(self.tables)
        self.catalogue: CatalogueRepository = MemoryCatalogue(self.tables)
        self.duplicates: DuplicateRepository = MemoryDuplicates(self.tables)
        self.handling: HandlingRepository = MemoryHandling(self.tables)
        self.attachments: AttachmentRepository = MemoryAttachments(self.tables)
        self.timelines: TimelineRepository = MemoryTimelines(self.tables)
        self.tracking: TrackingRepository = MemoryTracking(self.tables)
        self.classification: ClassificationRepository = MemoryClassification(self.tables)
        self.open311: Open311Repository = MemoryOpen311(self.tables)
        self.batches: BatchRepository = MemoryBatches(self.tables)
        self.knowledge: KnowledgeRepository = MemoryKnowledge(self.tables)
        self.gaps: GapRepository = MemoryGaps(self.tables)
        self.visits: VisitRepository = MemoryVisits(self.tables)
        self.window: WindowRepository = MemoryWindow(self.tables)
