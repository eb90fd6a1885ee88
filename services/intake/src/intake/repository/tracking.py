"""SQL for the tracking-code throttle's failure counts (ADR 0014)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, tuple_
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from intake.models import tracking_throttle


class SqlTracking:
    """The tracking-code throttle's counts, in SQL."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def count_tracking_failure(
        self, kind: str, subject: str, window_start: datetime, *, by: int = 1
    ) -> int:
        """Adds to the window's count and returns the new count, in one statement: the row stays
        locked until the transaction ends, so concurrent attempts are counted one after another."""
        statement = insert(tracking_throttle).values(
            kind=kind, subject=subject, window_start=window_start, failures=by
        )
        statement = statement.on_conflict_do_update(
            index_elements=["kind", "subject", "window_start"],
            set_={"failures": tracking_throttle.c.failures + statement.excluded.failures},
        )
        count = await self.session.scalar(statement.returning(tracking_throttle.c.failures))
        return int(count or 0)

    async def forget_tracking_windows(self, *, before: datetime) -> None:
        """Deletes a batch of ended windows; rows another transaction is deleting are skipped,
        never waited for."""
        ended = (
            select(
                tracking_throttle.c.kind,
                tracking_throttle.c.subject,
                tracking_throttle.c.window_start,
            )
            .where(tracking_throttle.c.window_start < before)
            .limit(500)
            .with_for_update(skip_locked=True)
        )
        key = tuple_(
            tracking_throttle.c.kind, tracking_throttle.c.subject, tracking_throttle.c.window_start
        )
        await self.session.execute(delete(tracking_throttle).where(key.in_(ended)))
