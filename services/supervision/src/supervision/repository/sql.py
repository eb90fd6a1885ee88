"""SqlStore: every aggregate's SQL repository over one unit of work's session
(ServiceDefinition.store)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from supervision import models
from supervision.repository.campaigns import SqlCampaigns
from supervision.repository.facts import SqlFacts
from supervision.repository.ledgers import SqlLedgers
from supervision.repository.problems import SqlBatches, SqlProblems
from supervision.repository.records import SqlRecords
from supervision.repository.signals import SqlCases, SqlSignals
from supervision.repository.store import Store


class SqlStore:
    def __init__(self, session: AsyncSession) -> None:
        self.signals = SqlSignals(session)
        self.cases = SqlCases(session)
        self.facts = SqlFacts(session)
        self.urges = SqlRecords(session, models.urges)
        self.orders = SqlRecords(session, models.supervision_orders)
        self.meetings = SqlRecords(session, models.joint_meetings)
        self.accountability = SqlRecords(session, models.accountability_records)
        self.buck_passing = SqlRecords(session, models.buck_passing)
        self.appeals = SqlRecords(session, models.appeals)
        self.problems = SqlProblems(session)
        self.batches = SqlBatches(session)
        self.campaigns = SqlCampaigns(session)
        self.ledgers = SqlLedgers(session)


#: mypy holds SqlStore to the Store protocol here, so it cannot drift from it
CONFORMS_TO_STORE: type[Store] = SqlStore
