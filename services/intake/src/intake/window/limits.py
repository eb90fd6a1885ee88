"""Intake's copy of the promised resolution limits (承诺时限) the acceptance form prints.

Deadline owns the SLA policy table and announces each version (SlaPolicyPublished, with the
resolution limit of every kind and of every kind in each category its rules name); intake
keeps the latest version's limits, as it keeps the taxonomy from TaxonomyChanged (ADR 0019),
and never reads deadline's tables."""

from __future__ import annotations

import logging

from common import events
from common.consumer import MessageContext
from intake.domain.acceptance import DAYS, HOURS, PromisedLimit

log = logging.getLogger(__name__)


def limits_of(event: events.SlaPolicyPublished) -> list[PromisedLimit]:
    found = []
    for limit in event.limits:
        if limit.working_days is not None:
            found.append(PromisedLimit(limit.kind.value, limit.category, limit.working_days, DAYS))
        elif limit.working_hours is not None:
            found.append(
                PromisedLimit(limit.kind.value, limit.category, limit.working_hours, HOURS)
            )
    return found


async def on_policy_published(ctx: MessageContext, event: events.SlaPolicyPublished) -> None:
    """A newer version's limits replace the copy; an older or repeated one is ignored."""
    if await ctx.store.window.apply_limits(event.version, limits_of(event)):
        log.info("SLA policy limits applied", extra={"version": event.version})
