"""SqlStore: intake's store in PostgreSQL, built over a unit of work's session
(ServiceDefinition.store)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from intake.batches.repository import SqlBatches
from intake.classification.repository import SqlClassification
from intake.knowledge.gap_repository import SqlGaps
from intake.knowledge.repository import SqlKnowledge
from intake.open311.repository import SqlOpen311
from intake.repository.attachments import SqlAttachments
from intake.repository.cases import SqlCases
from intake.repository.catalogue import SqlCatalogue
from intake.repository.duplicates import SqlDuplicates
from intake.repository.handling import SqlHandling
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
from intake.repository.timelines import SqlTimelines
from intake.repository.tracking import SqlTracking
from intake.visits.repository import SqlVisits
from intake.window.repository import SqlWindow, WindowRepository


class SqlStore:
    """Every aggregate's SQL over one session."""

    def __init__(self, session: AsyncSession) -> None:
        self.cases: CaseRepository = SqlCases(session)
        self.catalogue: CatalogueRepository = SqlCatalogue(session)
        self.duplicates: DuplicateRepository = SqlDuplicates(session)
        self.handling: HandlingRepository = SqlHandling(session)
        self.attachments: AttachmentRepository = SqlAttachments(session)
        self.timelines: TimelineRepository = SqlTimelines(session)
        self.tracking: TrackingRepository = SqlTracking(session)
        self.classification: ClassificationRepository = SqlClassification(session)
        self.open311: Open311Repository = SqlOpen311(session)
        self.batches: BatchRepository = SqlBatches(session)
        self.knowledge: KnowledgeRepository = SqlKnowledge(session)
        self.gaps: GapRepository = SqlGaps(session)
        self.visits: VisitRepository = SqlVisits(session)
        self.window: WindowRepository = SqlWindow(session)
