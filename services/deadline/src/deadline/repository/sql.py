"""SqlStore: deadline's repositories over one unit of work's session."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from deadline.repository.alarms import AlarmsSql
from deadline.repository.calendar import CalendarSql
from deadline.repository.policies import PoliciesSql
from deadline.repository.requested import RequestedDatesSql
from deadline.repository.store import Store
from deadline.repository.timers import TimersSql


class SqlStore:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.timers = TimersSql(session)
        self.alarms = AlarmsSql(session)
        self.policies = PoliciesSql(session)
        self.calendar = CalendarSql(session)
        self.requested = RequestedDatesSql(session)


#: mypy holds SqlStore to the Store protocol here, so it cannot drift from it
CONFORMS_TO_STORE: type[Store] = SqlStore
