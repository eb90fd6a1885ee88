"""`civicloop-dlq list|replay|discard SERVICE`: inspect, replay or set aside a service's dead
letters. Filters (combinable): --event-type, --case-id, --since, --until, --offset,
--event-id. Replay refuses MalformedMessage dead letters unless --force, and dead letters
replayed --max-replays times already; discard needs --reason."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import json
import os
import sys
import uuid
from collections.abc import Callable
from typing import Any

from common.db import async_database_url
from common.dlq.commands import Target, discard, list_dead_letters, replay
from common.dlq.ledger import Busy
from common.dlq.letters import Filters, parse_position, parse_time
from common.dlq.selection import Progress, ReplayRules
from common.topics import EVENTS_TOPIC_OF


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not args.bootstrap:
        parser.error("set KAFKA_BOOTSTRAP_SERVERS or pass --bootstrap")
    if not args.database_url:
        parser.error("set DATABASE_URL or pass --database-url (the dead-letter ledger is there)")
    target = Target(args.service, args.bootstrap, args.database_url, args.prefix)
    filters = Filters(
        event_types=frozenset(args.event_type),
        case_ids=frozenset(args.case_id),
        since=args.since,
        until=args.until,
        positions=frozenset(args.offset),
        event_ids=frozenset(args.event_id),
    )
    try:
        if args.command == "list":
            for line in asyncio.run(list_dead_letters(target, filters, limit=args.limit)):
                print(json.dumps(line, ensure_ascii=False))
            return 0
        if args.command == "discard":
            if filters.is_empty:
                parser.error("discard needs a filter: --offset, --event-id, --case-id, ...")
            summary = asyncio.run(
                discard(
                    target,
                    filters,
                    reason=args.reason,
                    actor=args.by or _login(parser),
                    limit=args.limit,
                    dry_run=args.dry_run,
                )
            )
        else:
            progress = Progress(
                sys.stderr, every=args.progress_every, seconds=args.progress_seconds
            )
            rules = ReplayRules(force=args.force, max_replays=args.max_replays)
            summary = asyncio.run(
                replay(
                    target,
                    filters,
                    rules,
                    actor=args.by or _login(parser),
                    limit=args.limit,
                    dry_run=args.dry_run,
                    progress=progress,
                )
            )
    except Busy as busy:
        print(f"civicloop-dlq: {busy}", file=sys.stderr)
        return 1
    print(summary.line(args.service))
    return 0


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("service", choices=tuple(EVENTS_TOPIC_OF))
    where = common.add_argument_group("where")
    where.add_argument("--bootstrap", default=os.environ.get("KAFKA_BOOTSTRAP_SERVERS"))
    where.add_argument("--prefix", default=os.environ.get("TOPIC_PREFIX", ""))
    where.add_argument(
        "--database-url",
        type=_checked(async_database_url),
        default=os.environ.get("DATABASE_URL"),
    )
    chosen = common.add_argument_group("filters (all given must hold; a repeated one: any of)")
    chosen.add_argument("--event-type", action="append", default=[], metavar="TYPE")
    chosen.add_argument("--case-id", action="append", default=[], metavar="CASE")
    chosen.add_argument("--since", type=_checked(parse_time), help="ISO 8601, Asia/Shanghai")
    chosen.add_argument("--until", type=_checked(parse_time), help="ISO 8601, exclusive")
    chosen.add_argument(
        "--offset", type=_checked(parse_position), action="append", default=[], metavar="[P:]N"
    )
    chosen.add_argument("--event-id", type=_checked(uuid.UUID), action="append", default=[])
    common.add_argument(
        "--limit", type=_checked(_positive), default=1000, help="act on at most this many"
    )

    parser = argparse.ArgumentParser(prog="civicloop-dlq", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", parents=[common], help="one JSON line per dead letter")
    replaying = commands.add_parser("replay", parents=[common], help="send back to be retried")
    replaying.add_argument("--dry-run", action="store_true")
    replaying.add_argument("--force", action="store_true", help="replay MalformedMessage too")
    replaying.add_argument(
        "--max-replays",
        type=_checked(_positive),
        default=ReplayRules().max_replays,
        metavar="N",
        help="refuse dead letters replayed N times already (default %(default)s)",
    )
    replaying.add_argument("--progress-every", type=_checked(_positive), default=500, metavar="N")
    replaying.add_argument("--progress-seconds", type=float, default=5.0, metavar="S")
    replaying.add_argument("--by", help="who replays (default: the login name)")
    discarding = commands.add_parser("discard", parents=[common], help="set aside for good")
    discarding.add_argument("--reason", required=True, type=_checked(_non_blank))
    discarding.add_argument("--by", help="who discards (default: the login name)")
    discarding.add_argument("--dry-run", action="store_true")
    return parser


def _checked(parse: Callable[[str], Any]) -> Callable[[str], Any]:
    def checked(value: str) -> Any:
        try:
            return parse(value)
        except ValueError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    return checked


def _non_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    return value.strip()


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(f"must be 1 or more: {value}")
    return number


def _login(parser: argparse.ArgumentParser) -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        parser.error("cannot tell who you are: pass --by NAME")


if __name__ == "__main__":
    sys.exit(main())
