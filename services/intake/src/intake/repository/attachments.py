"""SQL for a case's attachments."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from intake.models import attachments


class SqlAttachments:
    """A case's attachments, in SQL."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def count_attachments(self, case_id: str) -> int:
        count = await self.session.scalar(
            select(func.count()).select_from(attachments).where(attachments.c.case_id == case_id)
        )
        return int(count or 0)

    async def insert_attachment(self, values: dict[str, Any]) -> uuid.UUID:
        attachment_id = uuid.uuid4()
        await self.session.execute(
            attachments.insert().values(attachment_id=attachment_id, **values)
        )
        return attachment_id

    async def list_attachments(self, case_id: str) -> list[dict[str, Any]]:
        rows = await self.session.execute(
            select(
                attachments.c.attachment_id,
                attachments.c.filename,
                attachments.c.media_type,
                attachments.c.size_bytes,
                attachments.c.sha256,
                attachments.c.uploaded_by,
                attachments.c.uploaded_at,
            )
            .where(attachments.c.case_id == case_id)
            .order_by(attachments.c.uploaded_at)
        )
        return [dict(r._mapping) for r in rows]

    async def get_attachment(self, case_id: str, attachment_id: uuid.UUID) -> Any:
        return (
            await self.session.execute(
                select(attachments).where(
                    attachments.c.case_id == case_id, attachments.c.attachment_id == attachment_id
                )
            )
        ).first()
