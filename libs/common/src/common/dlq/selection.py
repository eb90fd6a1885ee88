"""What a command does with each dead letter, decided from the letter, the filters and the
ledger of earlier decisions; and the tally of those decisions. No I/O here."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, TextIO

from common.dlq.letters import DeadLetter, Filters


class Action(StrEnum):
    REPLAYED = "replayed"
    DISCARDED = "discarded"


@dataclass(frozen=True)
class LedgerEntry:
    action: Action
    actor: str
    decided_at: datetime | None
    reason: str | None = None


@dataclass(frozen=True)
class Ledger:
    """The decisions already taken on one dead-letter topic, by (partition, offset).
    `replayed_below` holds the position the former replay command (a consumer group) had
    committed: what lies below it was replayed before the ledger existed."""

    entries: Mapping[tuple[int, int], LedgerEntry] = field(default_factory=dict)
    replayed_below: Mapping[int, int] = field(default_factory=dict)
    legacy_group: str = ""

    def entry_for(self, letter: DeadLetter) -> LedgerEntry | None:
        entry = self.entries.get((letter.partition, letter.offset))
        if entry is None and letter.offset < self.replayed_below.get(letter.partition, 0):
            return LedgerEntry(Action.REPLAYED, f"consumer group {self.legacy_group}", None)
        return entry


class Outcome(StrEnum):
    ACTED = "acted"
    FILTERED = "skipped by filter"
    DISCARDED = "skipped as discarded"
    REPLAYED = "skipped as already replayed"
    MALFORMED = "refused as malformed (--force replays them)"
    TOO_MANY_REPLAYS = "refused as replayed too often (--max-replays)"
    OVER_LIMIT = "left for a later run (--limit)"


@dataclass(frozen=True)
class ReplayRules:
    force: bool = False  # replay MalformedMessage dead letters too
    max_replays: int | None = 3  # refuse a message replayed this many times already


def replay_outcome(
    letter: DeadLetter, filters: Filters, ledger: Ledger, rules: ReplayRules
) -> Outcome:
    settled = _settled(letter, filters, ledger)
    if settled is not None:
        return settled
    if letter.is_malformed and not rules.force:
        return Outcome.MALFORMED
    if rules.max_replays is not None and letter.replays >= rules.max_replays:
        return Outcome.TOO_MANY_REPLAYS
    return Outcome.ACTED


def discard_outcome(letter: DeadLetter, filters: Filters, ledger: Ledger) -> Outcome:
    return _settled(letter, filters, ledger) or Outcome.ACTED


def _settled(letter: DeadLetter, filters: Filters, ledger: Ledger) -> Outcome | None:
    if not filters.matches(letter):
        return Outcome.FILTERED
    entry = ledger.entry_for(letter)
    if entry is None:
        return None
    return Outcome.DISCARDED if entry.action is Action.DISCARDED else Outcome.REPLAYED


@dataclass
class Summary:
    """The tally of one run: `verb` names what ACTED means (replayed, discarded, ...)."""

    verb: str
    total: int = 0
    counts: Counter[Outcome] = field(default_factory=Counter)

    @property
    def read(self) -> int:
        return sum(self.counts.values())

    @property
    def acted(self) -> int:
        return self.counts[Outcome.ACTED]

    def count(self, outcome: Outcome) -> None:
        self.counts[outcome] += 1

    def line(self, service: str) -> str:
        always = (Outcome.FILTERED, Outcome.DISCARDED, Outcome.REPLAYED)
        rest = [o for o in Outcome if o is not Outcome.ACTED and (o in always or self.counts[o])]
        details = ", ".join(f"{self.counts[o]} {o.value}" for o in rest)
        return (
            f"civicloop-dlq: {self.verb} {self.acted} of {self.read} dead letter(s)"
            f" of {service}; {details}"
        )

    def progress_line(self, seconds: float) -> str:
        refused = self.counts[Outcome.MALFORMED] + self.counts[Outcome.TOO_MANY_REPLAYS]
        skipped = self.read - self.acted - refused
        return (
            f"civicloop-dlq: {self.read}/{self.total} read, {self.acted} {self.verb},"
            f" {skipped} skipped, {refused} refused ({seconds:.1f} s)"
        )


class Progress:
    """A line on `stream` each time another `every` dead letters have been read, or when
    `seconds` have passed since the last line, whichever comes first."""

    def __init__(
        self,
        stream: TextIO,
        *,
        every: int = 500,
        seconds: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream, self.every, self.seconds, self.clock = stream, max(every, 1), seconds, clock
        self.started = self.last_time = clock()
        self.last_read = 0

    def update(self, summary: Summary) -> None:
        now = self.clock()
        crossed = summary.read // self.every > self.last_read // self.every
        if crossed or now - self.last_time >= self.seconds:
            print(summary.progress_line(now - self.started), file=self.stream, flush=True)
            self.last_read, self.last_time = summary.read, now


def listing(letter: DeadLetter, ledger: Ledger) -> dict[str, Any]:
    """One line of `civicloop-dlq list`."""
    entry = ledger.entry_for(letter)
    return {
        "partition": letter.partition,
        "offset": letter.offset,
        "key": letter.key.decode("utf-8", "replace") if letter.key is not None else None,
        "event_id": str(letter.event_id) if letter.event_id else None,
        "event_type": letter.event_type,
        "case_id": letter.case_id,
        "error_type": letter.error_type,
        "error": letter.header("dlq.error"),
        "original": letter.original,
        "failed_at": letter.failed_at.isoformat(),
        "attempts": letter.header("dlq.attempts"),
        "replays": letter.replays,
        "status": entry.action.value if entry else "pending",
        "decided_by": entry.actor if entry else None,
        "decided_at": entry.decided_at.isoformat() if entry and entry.decided_at else None,
        "reason": entry.reason if entry else None,
    }
