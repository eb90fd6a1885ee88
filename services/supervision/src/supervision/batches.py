"""Imported batches (座谈会, 大走访) in the figures: the batches supervision has seen, and the
progress of those a supervisor published on the public problem list."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from common.auth import Principal
from common.clock import utcnow
from common.errors import NotFound
from supervision import repository
from supervision.domain.breakdown import batch_progress, batches


async def known(session: AsyncSession) -> list[dict[str, Any]]:
    """Every batch with its title, case count and whether it is published."""
    published = set(await repository.published_batch_ids(session))
    return [
        {**entry, "published": entry["batch_id"] in published}
        for entry in batches(await repository.facts_of_batches(session, None))
    ]


async def publish(session: AsyncSession, batch_id: str, principal: Principal) -> dict[str, Any]:
    """Show a batch's progress on the public problem list. 404 for a batch with no case."""
    cases = await repository.facts_of_batches(session, [batch_id])
    if not cases:
        raise NotFound("batch_not_found", f"督查系统中没有批次 {batch_id} 的诉求")
    await repository.publish_batch(session, batch_id, principal.actor, utcnow())
    return batch_progress(batch_id, cases)


async def withdraw(session: AsyncSession, batch_id: str) -> None:
    if not await repository.withdraw_batch(session, batch_id):
        raise NotFound("batch_not_published", f"批次 {batch_id} 未在问题清单中公开")


async def published_progress(session: AsyncSession) -> list[dict[str, Any]]:
    """The progress of every published batch, in the order they were published."""
    ids = await repository.published_batch_ids(session)
    cases = await repository.facts_of_batches(session, ids)
    return [batch_progress(batch_id, cases) for batch_id in ids]
