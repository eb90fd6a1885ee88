"""Evaluation campaigns in SQL: the campaigns, their invitation codes (hashes), responses
and the commitments of the departments summoned when one closed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Table, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from supervision.models import campaign_invitations, campaign_responses, campaigns, commitments


class SqlCampaigns:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _rows(self, statement: Any) -> list[dict[str, Any]]:
        return [dict(row._mapping) for row in await self.session.execute(statement)]

    async def _one(self, table: Table, lock: bool, **key: Any) -> dict[str, Any] | None:
        statement = select(table).where(*(table.c[k] == v for k, v in key.items()))
        rows = await self._rows(statement.with_for_update() if lock else statement)
        return rows[0] if rows else None

    async def add(self, values: dict[str, Any]) -> dict[str, Any]:
        statement = insert(campaigns).values(**values).returning(campaigns)
        return dict((await self.session.execute(statement)).one()._mapping)

    async def get(self, campaign_id: str, *, lock: bool = False) -> dict[str, Any] | None:
        return await self._one(campaigns, lock, campaign_id=campaign_id)

    async def update(self, campaign_id: str, **values: Any) -> None:
        await self.session.execute(
            update(campaigns).where(campaigns.c.campaign_id == campaign_id).values(**values)
        )

    async def listed(self, status: str | None = None) -> list[dict[str, Any]]:
        statement = select(campaigns).order_by(campaigns.c.created_at.desc())
        if status:
            statement = statement.where(campaigns.c.status == status)
        return await self._rows(statement)

    async def add_invitations(self, campaign_id: str, code_hashes: Sequence[str]) -> None:
        rows = [{"campaign_id": campaign_id, "code_hash": h} for h in code_hashes]
        await self.session.execute(insert(campaign_invitations).values(rows))

    async def invitation(self, campaign_id: str, code_hash: str) -> dict[str, Any] | None:
        return await self._one(
            campaign_invitations, True, campaign_id=campaign_id, code_hash=code_hash
        )

    async def use_invitation(self, campaign_id: str, code_hash: str, at: datetime) -> None:
        await self.session.execute(
            update(campaign_invitations)
            .where(
                campaign_invitations.c.campaign_id == campaign_id,
                campaign_invitations.c.code_hash == code_hash,
            )
            .values(used_at=at)
        )

    async def add_response(self, values: dict[str, Any]) -> bool:
        inserted = await self.session.execute(
            insert(campaign_responses)
            .values(**values)
            .on_conflict_do_nothing()
            .returning(campaign_responses.c.response_id)
        )
        return inserted.first() is not None

    async def responses(self, campaign_ids: Sequence[str]) -> list[dict[str, Any]]:
        return await self._rows(
            select(campaign_responses)
            .where(campaign_responses.c.campaign_id.in_(list(campaign_ids)))
            .order_by(campaign_responses.c.submitted_at)
        )

    async def add_commitment(self, values: dict[str, Any]) -> bool:
        inserted = await self.session.execute(
            insert(commitments)
            .values(**values)
            .on_conflict_do_nothing()
            .returning(commitments.c.commitment_id)
        )
        return inserted.first() is not None

    async def commitment(self, commitment_id: str) -> dict[str, Any] | None:
        return await self._one(commitments, True, commitment_id=commitment_id)

    async def update_commitment(self, commitment_id: str, **values: Any) -> None:
        await self.session.execute(
            update(commitments).where(commitments.c.commitment_id == commitment_id).values(**values)
        )

    async def commitments(
        self, *, department: str | None = None, written: bool = False
    ) -> list[dict[str, Any]]:
        statement = select(commitments).order_by(
            commitments.c.created_at.desc(), commitments.c.department
        )
        if department:
            statement = statement.where(commitments.c.department == department)
        if written:
            statement = statement.where(commitments.c.text.is_not(None))
        return await self._rows(statement)
