"""SQL for a case's staff timeline and its public status and timeline (the public read model)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from common.vocabulary import PUBLIC_STATUS_ZH
from intake.models import (
    public_status,
    public_timeline,
    staff_timeline,
)


class SqlTimelines:
    """The staff timeline and the public read model, in SQL."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add_staff_lines(self, lines: Sequence[dict[str, Any]]) -> None:
        """Lines of (case_id, event_id or None, occurred_at, action, label, actor, detail)."""
        if lines:
            await self.session.execute(
                insert(staff_timeline).values(list(lines)).on_conflict_do_nothing()
            )

    async def staff_lines(self, case_id: str) -> list[dict[str, Any]]:
        rows = await self.session.execute(
            select(staff_timeline)
            .where(staff_timeline.c.case_id == case_id)
            .order_by(staff_timeline.c.occurred_at, staff_timeline.c.id)
        )
        return [
            {
                "at": r.occurred_at,
                "action": r.action,
                "label": r.label,
                "actor": r.actor,
                "detail": r.detail,
            }
            for r in rows
        ]

    async def record_public(self, case_id: str, lines: list[dict[str, Any]]) -> None:
        """Add a case's timeline lines (event_id, occurred_at, status, text) in one statement;
        the status follows the latest event, whatever order the events arrive in."""
        await self.session.execute(
            insert(public_timeline)
            .values([{"case_id": case_id, **line} for line in lines])
            .on_conflict_do_nothing(index_elements=["event_id"])
        )
        latest = max(lines, key=lambda line: line["occurred_at"])
        status, occurred_at = latest["status"], latest["occurred_at"]
        statement = insert(public_status).values(
            case_id=case_id, status=status, updated_at=occurred_at
        )
        await self.session.execute(
            statement.on_conflict_do_update(
                index_elements=["case_id"],
                set_={"status": status, "updated_at": occurred_at},
                where=public_status.c.updated_at <= statement.excluded.updated_at,
            )
        )

    async def public_view(self, case_id: str) -> dict[str, Any]:
        status = (
            await self.session.execute(
                select(public_status).where(public_status.c.case_id == case_id)
            )
        ).first()
        lines = await self.session.execute(
            select(public_timeline)
            .where(public_timeline.c.case_id == case_id)
            .order_by(public_timeline.c.occurred_at)
        )
        code = status.status if status else "registered"
        return {
            "status": code,
            "status_label": PUBLIC_STATUS_ZH.get(code, code),
            "updated_at": status.updated_at if status else None,
            "timeline": [
                {"at": line.occurred_at, "status": line.status, "text": line.text} for line in lines
            ],
        }
