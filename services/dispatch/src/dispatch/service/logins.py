"""Logins: credentials checked with a per-username lock after repeated failures, and the
check that no active account still logs in with a published demo password."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from common.auth import Principal, hash_password, verify_password
from common.clock import utcnow
from common.vocabulary import Role
from dispatch.domain.organisation import LoginThrottle
from dispatch.repository.store import Unit


@dataclass(frozen=True)
class LoginOutcome:
    principal: Principal | None = None
    locked_until: datetime | None = None


@functools.cache
def _decoy_hash() -> str:
    """Verified when the username is unknown, so both answers take as long."""
    return hash_password("no such user: the answer must take as long as for a real one")


async def attempt_login(
    uow: Unit, *, username: str, password: str, throttle: LoginThrottle
) -> LoginOutcome:
    """Check the credentials and count failures per username (known or not). The caller
    commits, so failures are recorded even though the request is refused."""
    now = utcnow()
    failure = await uow.store.staff.login_failure(username)
    if failure is not None and throttle.is_locked(failure.locked_until, now):
        return LoginOutcome(locked_until=failure.locked_until)
    account = await uow.store.staff.staff_login(username)
    stored = account.password_hash if account is not None else _decoy_hash()
    matches = await asyncio.to_thread(verify_password, stored, password)
    if account is not None and account.active and matches:
        if failure is not None:
            await uow.store.staff.clear_login_failures(username)
        return LoginOutcome(
            principal=Principal(
                username=account.username,
                role=Role(account.role),
                department=account.department,
                name=account.name,
                reviews_knowledge=account.reviews_knowledge,
            )
        )
    failures, locked_until = throttle.after_failure(
        failure.failures if failure else 0, failure.last_failure_at if failure else None, now
    )
    await uow.store.staff.save_login_failure(
        username, failures=failures, at=now, locked_until=locked_until
    )
    return LoginOutcome(locked_until=locked_until)


async def working_demo_logins(uow: Unit, published: Collection[tuple[str, str]]) -> list[str]:
    """The active accounts that still log in with a published demo password. Only the demo
    usernames are checked, each against its own password: Argon2 is slow on purpose, so a
    hash that demo accounts share (demo_handlers') is verified once per password."""
    working: set[str] = set()
    verified: dict[tuple[str, str], bool] = {}
    for username, password in sorted(published):
        account = await uow.store.staff.staff_login(username)
        if account is None or not account.active or username in working:
            continue
        key = (account.password_hash, password)
        if key not in verified:
            verified[key] = await asyncio.to_thread(verify_password, *key)
        if verified[key]:
            working.add(username)
    return sorted(working)
