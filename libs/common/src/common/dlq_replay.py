"""Inspect and replay a service's dead letters: `civicloop-dlq list|replay SERVICE`.

Replay republishes each dead letter to its original topic, keyed as before, with a
`replay_for` header so that only the service that failed it processes it again; the others
skip it (and would drop it anyway, having its event id in their inbox). Replay commits its
position in the dead-letter topic under the group `<prefix><service>-dlq-replay`, so a
second replay does not repeat the first.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from common.consumer import REPLAY_HEADER
from common.topics import dead_letter_topic, qualified


def _headers(record: Any) -> dict[str, str]:
    return {k: v.decode("utf-8", "replace") for k, v in (record.headers or ())}


async def _read(
    bootstrap: str, topic: str, group: str | None, limit: int, idle_ms: int = 2000
) -> tuple[AIOKafkaConsumer, list[Any]]:
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=group,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    await consumer.start()
    records: list[Any] = []
    while len(records) < limit:
        batch = await consumer.getmany(timeout_ms=idle_ms, max_records=limit - len(records))
        if not batch:
            break
        for partition_records in batch.values():
            records.extend(partition_records)
    return consumer, records


async def list_dead_letters(
    bootstrap: str, service: str, prefix: str, limit: int
) -> list[dict[str, Any]]:
    consumer, records = await _read(
        bootstrap, qualified(dead_letter_topic(service), prefix), None, limit
    )
    await consumer.stop()
    return [
        {
            "offset": r.offset,
            "key": r.key.decode("utf-8", "replace") if r.key else None,
            "event_type": _headers(r).get("event_type"),
            "error_type": _headers(r).get("dlq.error_type"),
            "error": _headers(r).get("dlq.error"),
            "original": f"{_headers(r).get('dlq.original_topic')}"
            f"[{_headers(r).get('dlq.original_partition')}]@{_headers(r).get('dlq.original_offset')}",
            "failed_at": _headers(r).get("dlq.failed_at"),
        }
        for r in records
    ]


async def replay(
    bootstrap: str, service: str, prefix: str, limit: int, dry_run: bool = False
) -> int:
    group = f"{prefix}{service}-dlq-replay"
    consumer, records = await _read(
        bootstrap, qualified(dead_letter_topic(service), prefix), group, limit
    )
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=True, acks="all")
    await producer.start()
    try:
        for record in records:
            headers = _headers(record)
            original = headers["dlq.original_topic"]
            kept = [
                (k, v)
                for k, v in (record.headers or ())
                if not k.startswith("dlq.") and k != REPLAY_HEADER
            ]
            if not dry_run:
                await producer.send_and_wait(
                    original,
                    value=record.value,
                    key=record.key,
                    headers=[*kept, (REPLAY_HEADER, service.encode())],
                )
        if records and not dry_run:
            await consumer.commit()
    finally:
        await producer.stop()
        await consumer.stop()
    return len(records)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="civicloop-dlq", description=__doc__)
    parser.add_argument("command", choices=["list", "replay"])
    parser.add_argument(
        "service", choices=["intake", "dispatch", "deadline", "callback", "supervision"]
    )
    parser.add_argument("--bootstrap", default=os.environ.get("KAFKA_BOOTSTRAP_SERVERS"))
    parser.add_argument("--prefix", default=os.environ.get("TOPIC_PREFIX", ""))
    parser.add_argument("--limit", type=int, default=1000)
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args(argv)
    if not args.bootstrap:
        parser.error("set KAFKA_BOOTSTRAP_SERVERS or pass --bootstrap")
    if args.command == "list":
        for line in asyncio.run(
            list_dead_letters(args.bootstrap, args.service, args.prefix, args.limit)
        ):
            print(json.dumps(line, ensure_ascii=False))
    else:
        count = asyncio.run(
            replay(args.bootstrap, args.service, args.prefix, args.limit, args.dry_run)
        )
        verb = "would replay" if args.dry_run else "replayed"
        print(f"civicloop-dlq: {verb} {count} dead letter(s) of {args.service}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
