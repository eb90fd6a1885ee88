"""SqlStore: dispatch's repositories over one unit of work's session (ServiceDefinition.store)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from dispatch.repository.cases import CaseSql
from dispatch.repository.organisation import OrganisationSql
from dispatch.repository.staff import StaffSql
from dispatch.repository.store import Store
from dispatch.repository.taxonomy import TaxonomySql


class SqlStore:
    def __init__(self, session: AsyncSession) -> None:
        self.cases = CaseSql(session)
        self.organisation = OrganisationSql(session)
        self.staff = StaffSql(session)
        self.taxonomy = TaxonomySql(session)


#: mypy holds SqlStore to the Store protocol here, so it cannot drift from it
CONFORMS_TO_STORE: type[Store] = SqlStore
