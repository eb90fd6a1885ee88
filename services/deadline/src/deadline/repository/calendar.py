"""The year schedules an administrator (or a start-up file) loaded, in SQL."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from deadline.domain.schedule import YearSchedule
from deadline.models import calendar_days, calendar_years


class CalendarSql:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def schedules(self) -> dict[int, YearSchedule]:
        return await loaded_schedules(self.session)

    async def save(self, schedule: YearSchedule, *, loaded_by: str) -> None:
        """Replace the year's schedule as a whole."""
        session = self.session
        await session.execute(calendar_years.delete().where(calendar_years.c.year == schedule.year))
        await session.execute(
            calendar_years.insert().values(
                year=schedule.year, source=schedule.source, loaded_by=loaded_by
            )
        )
        days = [
            {"day": d, "year": schedule.year, "workday": False, "name": n}
            for d, n in schedule.holidays.items()
        ] + [
            {"day": d, "year": schedule.year, "workday": True, "name": n}
            for d, n in schedule.make_up_workdays.items()
        ]
        if days:
            await session.execute(calendar_days.insert(), days)

    async def last_change(self) -> datetime | None:
        latest: datetime | None = await self.session.scalar(
            select(func.max(calendar_years.c.loaded_at))
        )
        return latest


async def loaded_schedules(session: AsyncSession) -> dict[int, YearSchedule]:
    years = await session.execute(select(calendar_years))
    days = await session.execute(select(calendar_days))
    by_year: dict[int, tuple[dict[date, str], dict[date, str]]] = {}
    for day in days:
        off, on = by_year.setdefault(day.year, ({}, {}))
        (on if day.workday else off)[day.day] = day.name
    return {
        row.year: YearSchedule(row.year, row.source, *by_year.get(row.year, ({}, {})))
        for row in years
    }
