"""The three commands: list, replay and discard a service's dead letters."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from typing import Any

from common.db import Database
from common.dlq import ledger as ledger_table
from common.dlq import topic as kafka
from common.dlq.letters import DeadLetter, Filters
from common.dlq.selection import (
    Action,
    Ledger,
    Outcome,
    Progress,
    ReplayRules,
    Summary,
    discard_outcome,
    listing,
    replay_outcome,
)
from common.migrations import migrate
from common.topics import dead_letter_topic, qualified

BATCH = 500
EVERY = Filters()  # no filter: every dead letter
DEFAULT_RULES = ReplayRules()


@dataclass(frozen=True)
class Target:
    """Whose dead letters, and where they and the ledger live."""

    service: str
    bootstrap: str
    database_url: str
    prefix: str = ""

    @property
    def topic(self) -> str:
        return qualified(dead_letter_topic(self.service), self.prefix)

    @property
    def legacy_group(self) -> str:
        """The group the replay command kept its position in before the ledger."""
        return f"{self.prefix}{self.service}-dlq-replay"


@dataclass
class _Opened:
    db: Database
    topic: kafka.DeadLetterTopic
    ledger: Ledger


@asynccontextmanager
async def _opened(target: Target, *, exclusive: bool) -> AsyncIterator[_Opened]:
    db = Database(target.database_url, schema=target.service, pool_size=2)
    try:
        await migrate(db)  # the ledger, even before the service's first start
        async with AsyncExitStack() as stack:
            if exclusive:
                await stack.enter_async_context(ledger_table.exclusive(db))
            topic = await stack.enter_async_context(kafka.opened(target.bootstrap, target.topic))
            ledger = Ledger(
                await ledger_table.load(db, target.topic),
                await kafka.committed_positions(
                    target.bootstrap, target.legacy_group, target.topic
                ),
                target.legacy_group,
            )
            yield _Opened(db, topic, ledger)
    finally:
        await db.dispose()


async def list_dead_letters(
    target: Target, filters: Filters = EVERY, *, limit: int = 1000
) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    async with _opened(target, exclusive=False) as opened:
        async for letters in opened.topic.letters(BATCH):
            for letter in letters:
                if filters.matches(letter) and len(found) < limit:
                    found.append(listing(letter, opened.ledger))
    return found


async def replay(
    target: Target,
    filters: Filters = EVERY,
    rules: ReplayRules = DEFAULT_RULES,
    *,
    actor: str,
    limit: int = 1000,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> Summary:
    """Send the chosen dead letters back to their original topics, for `target.service`
    only, and record them as replayed."""
    summary = Summary("would replay" if dry_run else "replayed")
    async with kafka.sender(target.bootstrap) as producer:

        async def send(opened: _Opened, letters: Sequence[DeadLetter]) -> None:
            await kafka.send_back(producer, letters, target.service)
            await ledger_table.record(
                opened.db, target.topic, letters, Action.REPLAYED, actor=actor
            )

        await _run(
            target,
            lambda letter, ledger: replay_outcome(letter, filters, ledger, rules),
            None if dry_run else send,
            summary,
            limit=limit,
            progress=progress,
        )
    return summary


async def discard(
    target: Target,
    filters: Filters,
    *,
    reason: str,
    actor: str,
    limit: int = 1000,
    dry_run: bool = False,
) -> Summary:
    """Set the chosen dead letters aside for good: replay skips them from now on."""
    if not reason.strip():
        raise ValueError("a discard needs a reason")
    summary = Summary("would discard" if dry_run else "discarded")

    async def record(opened: _Opened, letters: Sequence[DeadLetter]) -> None:
        await ledger_table.record(
            opened.db, target.topic, letters, Action.DISCARDED, actor=actor, reason=reason
        )

    await _run(
        target,
        lambda letter, ledger: discard_outcome(letter, filters, ledger),
        None if dry_run else record,
        summary,
        limit=limit,
    )
    return summary


async def _run(
    target: Target,
    decide: Callable[[DeadLetter, Ledger], Outcome],
    act: Callable[[_Opened, Sequence[DeadLetter]], Awaitable[None]] | None,
    summary: Summary,
    *,
    limit: int,
    progress: Progress | None = None,
) -> None:
    """Decide on every dead letter of the topic, act on the chosen ones batch by batch."""
    batch_size = min(BATCH, progress.every) if progress else BATCH
    async with _opened(target, exclusive=act is not None) as opened:
        summary.total = opened.topic.total
        async for letters in opened.topic.letters(batch_size):
            chosen = []
            for letter in letters:
                outcome = decide(letter, opened.ledger)
                if outcome is Outcome.ACTED and summary.acted >= limit:
                    outcome = Outcome.OVER_LIMIT
                summary.count(outcome)
                if outcome is Outcome.ACTED:
                    chosen.append(letter)
            if act is not None and chosen:
                await act(opened, chosen)
            if progress is not None:
                progress.update(summary)
