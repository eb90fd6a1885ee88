"""SqlStore: callback's repositories over one unit of work's session."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from callback.repository.rating_links import SqlRatingLinks
from callback.repository.store import Store
from callback.repository.tasks import SqlTasks
from callback.repository.titles import SqlTitles


class SqlStore:
    def __init__(self, session: AsyncSession) -> None:
        self.tasks = SqlTasks(session)
        self.titles = SqlTitles(session)
        self.rating_links = SqlRatingLinks(session)


#: mypy holds SqlStore to the Store protocol here, so it cannot drift from it
CONFORMS_TO_STORE: type[Store] = SqlStore
