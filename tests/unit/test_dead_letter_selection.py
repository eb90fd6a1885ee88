"""What civicloop-dlq picks out of a dead-letter topic, and what it does with each letter:
filters, the ledger of earlier decisions, refusals, the replay count, progress lines."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest

from common.consumer import REPLAY_COUNT_HEADER, REPLAY_HEADER
from common.dlq.letters import LOCAL_ZONE, DeadLetter, Filters, parse_position, parse_time
from common.dlq.selection import (
    Action,
    Ledger,
    LedgerEntry,
    Outcome,
    Progress,
    ReplayRules,
    Summary,
    discard_outcome,
    listing,
    replay_outcome,
)
from common.envelope import Envelope
from common.events import CaseRejected

FAILED_AT = datetime(2026, 4, 12, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai


def dead_letter(
    offset: int,
    *,
    case_id: str = "20260412000001",
    error_type: str = "ValueError",
    replays: int | None = None,
    value: bytes | None = None,
    failed_at: datetime = FAILED_AT,
) -> DeadLetter:
    envelope = Envelope.wrap(
        CaseRejected(reason="r", actor="a"), case_id=case_id, producer="intake"
    )
    headers = [
        *envelope.headers(),
        (REPLAY_HEADER, b"dispatch"),
        ("dlq.error", b"boom"),
        ("dlq.error_type", error_type.encode()),
        ("dlq.original_topic", b"intake.case-events.v1"),
        ("dlq.original_partition", b"3"),
        ("dlq.original_offset", b"41"),
        ("dlq.attempts", b"3"),
        ("dlq.failed_at", failed_at.isoformat().encode()),
    ]
    if replays is not None:
        headers.append((REPLAY_COUNT_HEADER, str(replays).encode()))
    record = SimpleNamespace(
        partition=0,
        offset=offset,
        timestamp=0,
        key=case_id.encode(),
        value=envelope.to_bytes() if value is None else value,
        headers=headers,
    )
    return DeadLetter.from_record(record)


def test_a_dead_letter_is_read_from_its_envelope_and_headers() -> None:
    letter = dead_letter(7, replays=2)
    assert letter.event_type == "CaseRejected"
    assert letter.case_id == "20260412000001"
    assert isinstance(letter.event_id, uuid.UUID)
    assert letter.failed_at == FAILED_AT
    assert letter.replays == 2
    assert letter.original == "intake.case-events.v1[3]@41"
    assert not letter.is_malformed
    assert dead_letter(8).replays == 0, "never replayed: no header"


def test_a_message_that_is_no_envelope_is_still_listed_by_its_key() -> None:
    letter = dead_letter(9, value=b"{not json", error_type="MalformedMessage")
    assert letter.is_malformed
    assert letter.event_id is None
    assert letter.case_id == "20260412000001"
    row = listing(letter, Ledger())
    assert row["status"] == "pending" and row["event_id"] is None and row["replays"] == 0


def test_replay_headers_address_the_failed_service_and_count_one_more_replay() -> None:
    headers = dict(dead_letter(7, replays=2).replay_headers("callback"))
    assert headers[REPLAY_HEADER] == b"callback"
    assert headers[REPLAY_COUNT_HEADER] == b"3"
    assert headers["event_type"] == b"CaseRejected"
    assert not [k for k in headers if k.startswith("dlq.")]
    assert dict(dead_letter(8).replay_headers("callback"))[REPLAY_COUNT_HEADER] == b"1"


def test_filters_combine_and_each_takes_any_of_its_values() -> None:
    early = dead_letter(1, case_id="A", failed_at=FAILED_AT)
    late = dead_letter(2, case_id="B", failed_at=FAILED_AT + timedelta(hours=2))
    other = dead_letter(3, case_id="C", failed_at=FAILED_AT + timedelta(hours=4))

    def chosen(filters: Filters) -> list[int]:
        return [d.offset for d in (early, late, other) if filters.matches(d)]

    assert chosen(Filters()) == [1, 2, 3]
    assert chosen(Filters(case_ids=frozenset({"A", "C"}))) == [1, 3]
    assert chosen(Filters(event_types=frozenset({"CaseAccepted"}))) == []
    assert chosen(Filters(event_types=frozenset({"CaseRejected"}))) == [1, 2, 3]
    since, until = FAILED_AT + timedelta(hours=1), FAILED_AT + timedelta(hours=4)
    assert chosen(Filters(since=since)) == [2, 3]
    assert chosen(Filters(since=since, until=until)) == [2], "until is exclusive"
    assert chosen(Filters(since=since, case_ids=frozenset({"A", "C"}))) == [3]
    assert chosen(Filters(positions=frozenset({(0, 2), (1, 3)}))) == [2]
    assert chosen(Filters(event_ids=frozenset({late.event_id}))) == [2]  # type: ignore[arg-type]


def test_times_without_a_zone_are_shanghai_times_and_bad_ones_are_refused() -> None:
    assert parse_time("2026-04-12T10:00") == FAILED_AT
    assert parse_time("2026-04-12").tzinfo == LOCAL_ZONE
    assert parse_time("2026-04-12T02:00:00Z") == FAILED_AT
    with pytest.raises(ValueError, match="ISO 8601"):
        parse_time("yesterday")
    assert parse_position("17") == (0, 17)
    assert parse_position("2:17") == (2, 17)
    for bad in ("x", "-1", "1:"):
        with pytest.raises(ValueError, match="OFFSET"):
            parse_position(bad)


def test_replay_skips_what_is_decided_and_refuses_what_would_fail_as_it_is() -> None:
    discarded, replayed, malformed, tired, fresh, old = (
        dead_letter(1),
        dead_letter(2),
        dead_letter(3, error_type="MalformedMessage"),
        dead_letter(4, replays=3),
        dead_letter(5, case_id="X"),
        dead_letter(6),
    )
    ledger = Ledger(
        {
            (0, 1): LedgerEntry(Action.DISCARDED, "ops", FAILED_AT, "bad data"),
            (0, 2): LedgerEntry(Action.REPLAYED, "ops", FAILED_AT),
            (0, 6): LedgerEntry(Action.REPLAYED, "ops", FAILED_AT),
        },
    )

    def outcome(letter: DeadLetter, filters: Filters | None = None, **rules: Any) -> Outcome:
        return replay_outcome(letter, filters or Filters(), ledger, ReplayRules(**rules))

    assert outcome(discarded) is Outcome.DISCARDED
    assert outcome(replayed) is Outcome.REPLAYED
    assert outcome(malformed) is Outcome.MALFORMED
    assert outcome(malformed, force=True) is Outcome.ACTED
    assert outcome(tired) is Outcome.TOO_MANY_REPLAYS
    assert outcome(tired, max_replays=4) is Outcome.ACTED
    assert outcome(fresh) is Outcome.ACTED
    assert outcome(fresh, Filters(case_ids=frozenset({"Y"}))) is Outcome.FILTERED
    assert outcome(discarded, force=True) is Outcome.DISCARDED, "force does not undo a discard"
    assert discard_outcome(fresh, Filters(), ledger) is Outcome.ACTED
    assert discard_outcome(discarded, Filters(), ledger) is Outcome.DISCARDED
    assert discard_outcome(old, Filters(), ledger) is Outcome.REPLAYED


def test_what_the_former_replay_group_had_passed_counts_as_replayed() -> None:
    ledger = Ledger(replayed_below={0: 5}, legacy_group="dispatch-dlq-replay")
    assert replay_outcome(dead_letter(4), Filters(), ledger, ReplayRules()) is Outcome.REPLAYED
    assert replay_outcome(dead_letter(5), Filters(), ledger, ReplayRules()) is Outcome.ACTED
    assert listing(dead_letter(4), ledger)["decided_by"] == "consumer group dispatch-dlq-replay"


def test_list_shows_the_decision_its_author_and_reason() -> None:
    ledger = Ledger({(0, 1): LedgerEntry(Action.DISCARDED, "ops", FAILED_AT, "test data")})
    row = listing(dead_letter(1, replays=1), ledger)
    assert (row["status"], row["decided_by"], row["reason"]) == ("discarded", "ops", "test data")
    assert row["decided_at"] == FAILED_AT.isoformat()
    assert row["replays"] == 1 and row["error_type"] == "ValueError" and row["attempts"] == "3"


def test_the_summary_names_every_kind_of_skip_and_refusal() -> None:
    summary = Summary("replayed", total=6)
    for outcome in (
        Outcome.ACTED,
        Outcome.ACTED,
        Outcome.FILTERED,
        Outcome.DISCARDED,
        Outcome.MALFORMED,
    ):
        summary.count(outcome)
    line = summary.line("dispatch")
    assert line.startswith("civicloop-dlq: replayed 2 of 5 dead letter(s) of dispatch;")
    assert "1 skipped by filter" in line and "1 skipped as discarded" in line
    assert "0 skipped as already replayed" in line and "1 refused as malformed" in line
    assert "--max-replays" not in line, "a refusal that did not happen is not mentioned"
    assert summary.progress_line(2.0) == (
        "civicloop-dlq: 5/6 read, 2 replayed, 2 skipped, 1 refused (2.0 s)"
    )


def test_progress_is_reported_every_n_letters_or_every_few_seconds() -> None:
    now = [0.0]
    stream = io.StringIO()
    progress = Progress(stream, every=100, seconds=5.0, clock=lambda: now[0])
    summary = Summary("replayed", total=1000)

    def read(count: int, seconds: float) -> int:
        for _ in range(count):
            summary.count(Outcome.ACTED)
        now[0] += seconds
        progress.update(summary)
        return len(stream.getvalue().splitlines())

    assert read(50, 1.0) == 0
    assert read(50, 1.0) == 1, "100 read"
    assert read(99, 1.0) == 1
    assert read(0, 5.0) == 2, "5 s since the last line"
    assert read(1, 0.1) == 3, "200 read"
    assert stream.getvalue().splitlines()[-1].startswith("civicloop-dlq: 200/1000 read")
