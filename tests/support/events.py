"""Publishing an upstream service's events straight onto its real topic, to test a consumer
on its own: the envelope, key, headers and topic are exactly those the owner would produce."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from aiokafka import AIOKafkaProducer

from common.envelope import Envelope, Event
from common.topics import EVENTS_TOPIC_OF, qualified
from tests.support.infra import TestRun


async def publish(bootstrap: str, prefix: str, envelopes: Sequence[Envelope]) -> None:
    """Each envelope onto the events topic of its producer, keyed by case id, in order."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=5)
    await producer.start()
    try:
        sent = [
            await producer.send(
                qualified(EVENTS_TOPIC_OF[envelope.producer], prefix),
                value=envelope.to_bytes(),
                key=envelope.case_id.encode(),
                headers=envelope.headers(),
            )
            for envelope in envelopes
        ]
        await asyncio.gather(*sent)
    finally:
        await producer.stop()


async def publish_as(run: TestRun, owner: str, case_id: str, *events: Event) -> list[Envelope]:
    """The events of one case, as `owner` publishes them."""
    envelopes = [Envelope.wrap(event, case_id=case_id, producer=owner) for event in events]
    await publish(run.servers.kafka_bootstrap, run.topic_prefix, envelopes)
    return envelopes
