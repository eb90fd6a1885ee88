"""Flags: a callback found the answer a case was given from an article wrong, so the article
is due for review. A flag stays open, shown on the article and counted in the units' review
status, until the article is published anew or its reviewer confirms it."""

from __future__ import annotations

import logging
from datetime import datetime

from intake.repository.store import Unit

log = logging.getLogger(__name__)


async def flag_for_review(
    uow: Unit, *, article_id: str, version: int, case_id: str, reason: str, at: datetime
) -> bool:
    """Record the flag; False when that case flagged that version already (a redelivered
    event) or the article is unknown (nothing to review: logged)."""
    if await uow.store.knowledge.find_article(article_id) is None:
        log.warning("case %s flags unknown knowledge article %s", case_id, article_id)
        return False
    return await uow.store.knowledge.add_flag(
        {
            "article_id": article_id,
            "version": version,
            "case_id": case_id,
            "reason": reason,
            "flagged_at": at,
        }
    )
