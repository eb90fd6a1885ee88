"""Reading a dead-letter topic from its beginning to the end it had when the command started
(direct assignment, no consumer group), and sending dead letters back."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from common.dlq.letters import DeadLetter


@dataclass
class DeadLetterTopic:
    name: str
    consumer: AIOKafkaConsumer
    starts: dict[TopicPartition, int]
    ends: dict[TopicPartition, int]

    @property
    def total(self) -> int:
        return sum(self.ends[tp] - self.starts[tp] for tp in self.ends)

    async def letters(self, batch_size: int) -> AsyncIterator[list[DeadLetter]]:
        """Every dead letter still on the topic, in batches of at most batch_size."""
        pending = {tp for tp, end in self.ends.items() if end > self.starts[tp]}
        while pending:
            batch = await self.consumer.getmany(*pending, timeout_ms=500, max_records=batch_size)
            letters = [
                DeadLetter.from_record(record)
                for tp, records in batch.items()
                for record in records
                if record.offset < self.ends[tp]
            ]
            for tp in list(pending):
                if await self.consumer.position(tp) >= self.ends[tp]:
                    pending.discard(tp)
            if letters:
                yield letters


@asynccontextmanager
async def opened(bootstrap: str, name: str) -> AsyncIterator[DeadLetterTopic]:
    partitions = await _partitions(bootstrap, name)
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        starts = await consumer.beginning_offsets(partitions)
        ends = await consumer.end_offsets(partitions)
        yield DeadLetterTopic(name, consumer, starts, ends)
    finally:
        await consumer.stop()


async def committed_positions(bootstrap: str, group: str, name: str) -> dict[int, int]:
    """Where a consumer group stands on the topic, by partition (nothing if it never read)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        offsets = await admin.list_consumer_group_offsets(group)
    finally:
        await admin.close()
    return {tp.partition: meta.offset for tp, meta in offsets.items() if tp.topic == name}


@asynccontextmanager
async def sender(bootstrap: str) -> AsyncIterator[AIOKafkaProducer]:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=True, acks="all")
    await producer.start()
    try:
        yield producer
    finally:
        await producer.stop()


async def send_back(
    producer: AIOKafkaProducer, letters: Sequence[DeadLetter], service: str
) -> None:
    """Each letter to its original topic, keyed as before; return once all are acknowledged."""
    sent = []
    for letter in letters:
        original = letter.header("dlq.original_topic")
        if not original:
            raise ValueError(f"dead letter {letter.partition}:{letter.offset} names no topic")
        sent.append(
            await producer.send(
                original,
                value=letter.value,
                key=letter.key,
                headers=letter.replay_headers(service),
            )
        )
    await asyncio.gather(*sent)


async def _partitions(bootstrap: str, name: str) -> list[TopicPartition]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        (described,) = await admin.describe_topics([name])
    finally:
        await admin.close()
    if described["error_code"] != 0:
        raise LookupError(f"topic {name} not found")
    return [TopicPartition(name, p["partition"]) for p in described["partitions"]]
