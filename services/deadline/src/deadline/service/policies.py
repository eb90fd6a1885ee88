"""The district's SLA policy table: seeded once from the district's file, read by version
(each read once per process), and replaced or amended as a new version."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from deadline.domain.policy import Policy, policy_from_document
from deadline.repository.store import Unit
from deadline.service.clockwork import Clockwork


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
    return new
