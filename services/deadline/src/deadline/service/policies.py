"""The district's SLA policy table: seeded once from the district's file, read by version
(each read once per process), and replaced or amended as a new version."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from common import events
from common.clock import utcnow
from common.sla import ResolutionLimit
from deadline.domain.policy import DAYS, HOURS, Policy, policy_from_document
from deadline.repository.store import Unit
from deadline.service.clockwork import Clockwork

#: the key SlaPolicyPublished is published under: one partition, versions in order
POLICY_KEY = "sla-policy"
SYSTEM_ACTOR = "system:deadline"


async def current_policy(uow: Unit, clock: Clockwork) -> Policy:
    version = await uow.store.policies.latest_version()
    if version is None:
        raise RuntimeError("no SLA policy: deadline seeds one at start-up")
    return await policy_of(uow, clock, version)


async def policy_of(uow: Unit, clock: Clockwork, version: int) -> Policy:
    """Versions never change once written, so each is read once per process."""
    known = clock.policies.get(version)
    if known is None:
        row = await uow.store.policies.version(version)
        if row is None:
            raise LookupError(version)
        known = policy_from_document(
            row.document, version=version, source=row.source, defaults=clock.district
        )
        clock.policies[version] = known
    return known


async def seed_policy(
    uow: Unit, clock: Clockwork, document: dict[str, Any], *, source: str
) -> bool:
    """Version 1 from the district's file, the first time only: edits made through the API
    are never overwritten by a restart. True when seeded now."""
    # refuse a bad file loudly
    policy_from_document(document, version=1, source=source, defaults=clock.district)
    await uow.store.policies.lock()
    if await uow.store.policies.latest_version() is not None:
        return False
    return await uow.store.policies.add(version=1, document=document, source=source, by="seed")


async def publish_policy(
    uow: Unit, clock: Clockwork, change: Callable[[Policy, int], Policy], *, by: str
) -> Policy:
    """A new version made from the latest one; running timers keep theirs."""
    await uow.store.policies.lock()
    latest = await current_policy(uow, clock)
    new = change(latest, latest.version + 1)
    await uow.store.policies.add(version=new.version, document=new.document(), source="api", by=by)
    clock.policies[new.version] = new
    announce(uow, new, actor=by)
    return new


async def announce_latest(uow: Unit, clock: Clockwork) -> Policy:
    """Announce the latest version at start-up: the seeded one at the first start, and for a
    database from before the announcements, what it has. A repeat is the same fact, which
    readers take once (SlaPolicyPublished's identity is its version)."""
    latest = await current_policy(uow, clock)
    announce(uow, latest, actor=SYSTEM_ACTOR)
    return latest


def announce(uow: Unit, policy: Policy, *, actor: str) -> None:
    """SlaPolicyPublished: the version's resolution limits, kind by kind and category by
    category, on the fixed key POLICY_KEY so versions stay in order."""
    uow.emit(
        events.SlaPolicyPublished(
            version=policy.version,
            limits=[
                ResolutionLimit(
                    kind=kind,
                    category=category,
                    working_days=rule.amount if rule.unit == DAYS else None,
                    working_hours=rule.amount if rule.unit == HOURS else None,
                )
                for kind, category, rule in policy.resolution_limits()
            ],
            actor=actor,
            published_at=utcnow(),
        ),
        case_id=POLICY_KEY,
    )
