"""Publishing an upstream service's events straight onto its real topic, to test a consumer
on its own: the envelope, key and topic are exactly those the owner would produce."""

from __future__ import annotations

from common.envelope import Envelope, Event
from common.topics import EVENTS_TOPIC_OF, qualified
from tests.support.infra import TestRun
from tests.support.kafka import produce


async def publish_as(run: TestRun, owner: str, case_id: str, *events: Event) -> list[Envelope]:
    envelopes = [Envelope.wrap(event, case_id=case_id, producer=owner) for event in events]
    await produce(
        run.servers.kafka_bootstrap,
        qualified(EVENTS_TOPIC_OF[owner], run.topic_prefix),
        [(case_id.encode(), envelope.to_bytes()) for envelope in envelopes],
    )
    return envelopes
