"""Apply the topic catalogue to a cluster: `civicloop-topics apply`.

Creates missing topics, raises partition counts and sets retention to match the catalogue.
It never deletes a topic or shrinks one (Kafka cannot), except `delete-prefixed`, which
removes a test run's prefixed topics and refuses an empty prefix.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path

from aiokafka.admin import AIOKafkaAdminClient, NewPartitions, NewTopic
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType

from common.topics import TopicSpec, load_catalogue, qualified


async def apply_catalogue(
    bootstrap: str, *, prefix: str = "", catalogue: list[TopicSpec] | None = None
) -> list[str]:
    """Make the cluster match the catalogue; return a line per change made."""
    specs = catalogue if catalogue is not None else load_catalogue()
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, client_id="civicloop-topics")
    await admin.start()
    changes: list[str] = []
    try:
        existing = {t["topic"]: t for t in await admin.describe_topics()}
        missing = [s for s in specs if qualified(s.name, prefix) not in existing]
        if missing:
            await admin.create_topics(
                [
                    NewTopic(
                        name=qualified(s.name, prefix),
                        num_partitions=s.partitions,
                        replication_factor=s.replication_factor,
                        topic_configs=s.config,
                    )
                    for s in missing
                ]
            )
            changes += [
                f"created {qualified(s.name, prefix)} ({s.partitions} partitions)" for s in missing
            ]
        grow = {
            qualified(s.name, prefix): NewPartitions(total_count=s.partitions)
            for s in specs
            if qualified(s.name, prefix) in existing
            and len(existing[qualified(s.name, prefix)]["partitions"]) < s.partitions
        }
        if grow:
            await admin.create_partitions(grow)
            changes += [f"raised {name} to {p.total_count} partitions" for name, p in grow.items()]
        present = [s for s in specs if qualified(s.name, prefix) in existing]
        if present:
            await admin.alter_configs(
                [
                    ConfigResource(ConfigResourceType.TOPIC, qualified(s.name, prefix), s.config)
                    for s in present
                ]
            )
        await _wait_for_leaders(admin, [qualified(s.name, prefix) for s in specs])
    finally:
        await admin.close()
    return changes


async def _wait_for_leaders(admin: AIOKafkaAdminClient, names: list[str]) -> None:
    for _ in range(100):
        described = await admin.describe_topics(names)
        if all(
            t["error_code"] == 0
            and t["partitions"]
            and all(p["leader"] >= 0 for p in t["partitions"])
            for t in described
        ):
            return
        await asyncio.sleep(0.1)
    raise RuntimeError("topics created but partitions have no leader yet")


async def delete_prefixed(bootstrap: str, prefix: str) -> list[str]:
    if not prefix:
        raise ValueError("refusing to delete topics without a prefix")
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, client_id="civicloop-topics")
    await admin.start()
    try:
        names = [n for n in await admin.list_topics() if n.startswith(prefix)]
        if names:
            await admin.delete_topics(names)
        return names
    finally:
        await admin.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="civicloop-topics", description=__doc__)
    parser.add_argument("command", choices=["apply", "list", "delete-prefixed"])
    parser.add_argument("--bootstrap", default=os.environ.get("KAFKA_BOOTSTRAP_SERVERS"))
    parser.add_argument("--prefix", default=os.environ.get("TOPIC_PREFIX", ""))
    parser.add_argument("--catalogue", type=Path, default=None)
    args = parser.parse_args(argv)
    if not args.bootstrap and args.command != "list":
        parser.error("set KAFKA_BOOTSTRAP_SERVERS or pass --bootstrap")
    if args.command == "apply":
        catalogue = load_catalogue(args.catalogue)
        changes = asyncio.run(
            apply_catalogue(args.bootstrap, prefix=args.prefix, catalogue=catalogue)
        )
        for line in changes or ["topics already match the catalogue"]:
            print(f"civicloop-topics: {line}")
    elif args.command == "list":
        for spec in load_catalogue(args.catalogue):
            print(
                f"{qualified(spec.name, args.prefix):45} owner={spec.owner:12} "
                f"partitions={spec.partitions:<3} retention_ms={spec.retention_ms}"
            )
    else:
        for name in asyncio.run(delete_prefixed(args.bootstrap, args.prefix)):
            print(f"civicloop-topics: deleted {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
