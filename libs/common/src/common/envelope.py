"""The envelope every message carries, and the base of every event payload.

The envelope is the Kafka value (JSON); the case id is also the Kafka key so a case's
events stay in order. Consumers ignore fields they do not know, so producers may add
fields without a version bump; removing or changing the meaning of one needs a new
schema version.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any, ClassVar, Self

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from common.topics import EVENTS_TOPIC_OF


class Event(BaseModel):
    """Base of every event payload. Subclasses name themselves in the past tense and say
    which service publishes them: `class CaseSigned(Event, producer="dispatch")`. Only that
    service may emit it (Outbox.emit), on its own events topic."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    event_type: ClassVar[str]
    schema_version: ClassVar[int] = 1
    #: The one service that publishes this event, and the topic it publishes it on.
    producer: ClassVar[str]
    topic: ClassVar[str]
    #: The payload fields that, with the case and the event type, identify the business fact
    #: the event announces: () for a fact that happens once per case, None for an event
    #: with no identity but its event id. See Envelope.fact.
    identity: ClassVar[tuple[str, ...] | None] = None

    _registry: ClassVar[dict[str, type[Event]]] = {}

    def __init_subclass__(cls, *, producer: str, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if producer not in EVENTS_TOPIC_OF:
            raise ValueError(f"{cls.__name__}: no service named {producer!r} publishes events")
        if cls.__name__ in Event._registry:
            raise ValueError(f"two event classes are named {cls.__name__}")
        cls.event_type = cls.__name__
        cls.producer = producer
        cls.topic = EVENTS_TOPIC_OF[producer]
        Event._registry[cls.__name__] = cls

    @classmethod
    def model_for(cls, event_type: str) -> type[Event] | None:
        return cls._registry.get(event_type)

    @classmethod
    def registered(cls) -> dict[str, type[Event]]:
        return dict(cls._registry)

    @classmethod
    def published_on(cls, topic: str) -> list[type[Event]]:
        """The event types published on `topic`, in the order they were defined."""
        return [model for model in cls._registry.values() if model.topic == topic]


class Envelope(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    event_id: uuid.UUID
    event_type: str = Field(min_length=1)
    schema_version: int = Field(ge=1)
    occurred_at: AwareDatetime
    case_id: str = Field(min_length=1)
    correlation_id: str = Field(min_length=1)
    causation_id: str | None = None
    producer: str = Field(min_length=1)
    payload: dict[str, Any]

    @classmethod
    def wrap(
        cls,
        event: Event,
        *,
        case_id: str,
        producer: str,
        correlation_id: str | None = None,
        causation_id: str | None = None,
        occurred_at: datetime | None = None,
    ) -> Self:
        event_id = uuid.uuid4()
        return cls(
            event_id=event_id,
            event_type=event.event_type,
            schema_version=event.schema_version,
            occurred_at=occurred_at or datetime.now(UTC),
            case_id=case_id,
            correlation_id=correlation_id or str(event_id),
            causation_id=causation_id,
            producer=producer,
            payload=event.model_dump(mode="json"),
        )

    def to_bytes(self) -> bytes:
        return self.model_dump_json().encode()

    @classmethod
    def from_bytes(cls, raw: bytes | None) -> Self:
        if raw is None:
            raise MalformedMessage("empty message value")
        try:
            return cls.model_validate_json(raw)
        except ValidationError as error:
            raise MalformedMessage(f"not an event envelope: {error}") from error

    def headers(self) -> list[tuple[str, bytes]]:
        return [
            ("event_type", self.event_type.encode()),
            ("event_id", str(self.event_id).encode()),
            ("correlation_id", self.correlation_id.encode()),
            ("schema_version", str(self.schema_version).encode()),
            ("producer", self.producer.encode()),
        ]

    def fact(self) -> str | None:
        """The business fact this event announces, the same for every publication of it
        (whatever its event id), or None when its type has no identity or the payload lacks
        a part of it (a message from before the field existed)."""
        model = Event.model_for(self.event_type)
        if model is None or model.identity is None:
            return None
        parts: list[Any] = [self.event_type, self.case_id]
        for name in model.identity:
            field = model.model_fields[name]
            value = self.payload.get(name, None if field.is_required() else field.default)
            if value is None:
                return None
            parts.append(value)
        return json.dumps(parts, ensure_ascii=False, separators=(",", ":"))

    def event(self) -> Event:
        """The typed payload. Raises MalformedMessage when it does not fit its model."""
        model = Event.model_for(self.event_type)
        if model is None:
            raise MalformedMessage(f"unknown event type {self.event_type!r}")
        if self.schema_version > model.schema_version:
            raise MalformedMessage(
                f"{self.event_type} schema version {self.schema_version} is newer than "
                f"the {model.schema_version} this consumer understands"
            )
        try:
            return model.model_validate(self.payload)
        except ValidationError as error:
            raise MalformedMessage(f"{self.event_type} payload invalid: {error}") from error


class MalformedMessage(Exception):
    """A message that can never be processed as it is: it goes straight to the dead letters."""
