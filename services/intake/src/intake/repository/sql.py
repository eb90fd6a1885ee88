"""SqlStore: intake's store in PostgreSQL, built over a unit of work's session
(ServiceDefinition.store)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from intake.classification.repository import SqlClassification
from intake.repository.attachments import SqlAttachments
from intake.repository.cases import SqlCases
from intake.repository.catalogue import SqlCatalogue
from intake.repository.duplicates import SqlDuplicates
from intake.repository.handling import SqlHandling
from intake.repository.timelines import SqlTimelines
from intake.repository.tracking import SqlTracking


class SqlStore:
    """Every aggregate's SQL over one session."""

    def __init__(self, session: AsyncSession) -> None:
        self.cases = SqlCases(session)
        self.catalogue = SqlCatalogue(session)
        self.duplicates = SqlDuplicates(session)
        self.handling = SqlHandling(session)
        self.attachments = SqlAttachments(session)
        self.timelines = SqlTimelines(session)
        self.tracking = SqlTracking(session)
        self.classification = SqlClassification(session)
