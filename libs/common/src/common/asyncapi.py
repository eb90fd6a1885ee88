"""Each service's event contract as an AsyncAPI 3.0 document, built from the code: what it
publishes (the event classes that name it as producer), what it consumes (its
ServiceDefinition.consumes), the topics from the catalogue and the payload schemas from the
event models. Every service serves its own at GET /asyncapi.json; docs/asyncapi/ holds the
five, written by `python -m common.asyncapi --write docs/asyncapi` (`--check` compares).

A message's payload is the Kafka value: the envelope, whose `payload` field holds the event.
Its Kafka headers copy parts of the envelope; its key is the case id.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.metadata
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from common import events  # noqa: F401  (every event class registered)
from common.envelope import Envelope, Event
from common.topics import EVENTS_TOPIC_OF, TopicSpec, dead_letter_topic, load_catalogue, qualified

ASYNCAPI_VERSION = "3.0.0"
KAFKA_BINDING_VERSION = "0.5.0"
SCHEMAS = "#/components/schemas/"
DEAD_LETTER = "DeadLetter"

EVENT_HEADERS: dict[str, Any] = {
    "type": "object",
    "description": "Kafka headers; they copy the envelope so tools can filter without parsing "
    "the value. A replayed dead letter also carries replay_for and replay_count.",
    "properties": {
        "event_type": {"type": "string"},
        "event_id": {"type": "string", "format": "uuid"},
        "correlation_id": {"type": "string"},
        "schema_version": {"type": "string", "pattern": "^[1-9][0-9]*$"},
        "producer": {"type": "string"},
        "replay_for": {"type": "string", "description": "the one service the replay is for"},
        "replay_count": {"type": "string", "pattern": "^[1-9][0-9]*$"},
    },
    "required": ["event_type", "event_id", "correlation_id", "schema_version", "producer"],
}
DEAD_LETTER_HEADERS: dict[str, Any] = {
    "type": "object",
    "description": "The original headers (less older dlq.* ones) and what went wrong.",
    "properties": {
        name: {"type": "string"}
        for name in (
            "dlq.error",
            "dlq.error_type",
            "dlq.traceback",
            "dlq.original_topic",
            "dlq.original_partition",
            "dlq.original_offset",
            "dlq.consumer",
            "dlq.attempts",
            "dlq.failed_at",
        )
    },
    "required": ["dlq.error", "dlq.error_type", "dlq.original_topic", "dlq.consumer"],
}


class AsyncApiDocument(BaseModel):
    """The top level of an AsyncAPI 3.0 document (https://www.asyncapi.com/docs/reference)."""

    asyncapi: Literal["3.0.0"]
    info: dict[str, Any]
    defaultContentType: str  # the specification's name
    channels: dict[str, Any]
    operations: dict[str, Any]
    components: dict[str, Any]


def published_by(service: str) -> list[type[Event]]:
    return Event.published_on(EVENTS_TOPIC_OF[service])


def document(
    service: str,
    consumes: Iterable[type[Event]],
    *,
    prefix: str = "",
    catalogue: Sequence[TopicSpec] | None = None,
) -> dict[str, Any]:
    """The AsyncAPI document of `service`, its topics named as on the cluster (`prefix`)."""
    specs = {spec.name: spec for spec in (catalogue or load_catalogue())}
    handled = list(consumes)
    own, dead_letters = EVENTS_TOPIC_OF[service], dead_letter_topic(service)
    published = [m.event_type for m in published_by(service)]
    channels = {own: _channel(specs[own], prefix, published)}
    operations = {f"send.{own}": _operation("send", own, published)}
    for topic in (t for t in EVENTS_TOPIC_OF.values() if any(m.topic == t for m in handled)):
        on_topic = [m.event_type for m in Event.published_on(topic)]
        channels[topic] = _channel(specs[topic], prefix, on_topic)
        mine = [m.event_type for m in handled if m.topic == topic]
        operations[f"receive.{topic}"] = _operation(
            "receive", topic, mine, group=qualified(service, prefix)
        )
    channels[dead_letters] = _channel(specs[dead_letters], prefix, [DEAD_LETTER])
    operations[f"send.{dead_letters}"] = _operation("send", dead_letters, [DEAD_LETTER])
    models = [m for topic in channels for m in Event.published_on(topic)]
    return {
        "asyncapi": ASYNCAPI_VERSION,
        "info": {
            "title": f"civicloop {service}",
            "version": _version(service),
            "description": f"The events {service} publishes and consumes. Topic names carry "
            f"the deployment's TOPIC_PREFIX ({prefix!r} here).",
        },
        "defaultContentType": "application/json",
        "channels": channels,
        "operations": operations,
        "components": {
            "schemas": _schemas(models),
            "messages": {
                **{model.event_type: _message(model) for model in models},
                DEAD_LETTER: _dead_letter_message(),
            },
        },
    }


def _version(service: str) -> str:
    try:
        return importlib.metadata.version(service)
    except importlib.metadata.PackageNotFoundError:
        return "0"


def _channel(spec: TopicSpec, prefix: str, messages: Sequence[str]) -> dict[str, Any]:
    return {
        "address": qualified(spec.name, prefix),
        "title": spec.name,
        "description": spec.description,
        "messages": {name: {"$ref": f"#/components/messages/{name}"} for name in messages},
        "bindings": {
            "kafka": {
                "topic": qualified(spec.name, prefix),
                "partitions": spec.partitions,
                "replicas": spec.replication_factor,
                "topicConfiguration": {
                    "retention.ms": spec.retention_ms,
                    "cleanup.policy": ["delete"],
                },
                "bindingVersion": KAFKA_BINDING_VERSION,
            }
        },
    }


def _operation(
    action: Literal["send", "receive"],
    topic: str,
    messages: Sequence[str],
    *,
    group: str | None = None,
) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "action": action,
        "channel": {"$ref": f"#/channels/{topic}"},
        "summary": (
            f"Handles {', '.join(messages)}; ignores the rest of the topic."
            if action == "receive"
            else f"Publishes {', '.join(messages)} through the transactional outbox."
        ),
        "messages": [{"$ref": f"#/channels/{topic}/messages/{name}"} for name in messages],
    }
    if group is not None:
        operation["bindings"] = {
            "kafka": {
                "groupId": {"type": "string", "enum": [group]},
                "bindingVersion": KAFKA_BINDING_VERSION,
            }
        }
    return operation


def _message(model: type[Event]) -> dict[str, Any]:
    message: dict[str, Any] = {
        "name": model.event_type,
        "title": model.event_type,
        "contentType": "application/json",
        "headers": {"$ref": f"{SCHEMAS}EventHeaders"},
        "payload": {
            "allOf": [
                {"$ref": f"{SCHEMAS}Envelope"},
                {
                    "type": "object",
                    "properties": {
                        "event_type": {"const": model.event_type},
                        "schema_version": {"const": model.schema_version},
                        "producer": {"const": model.producer},
                        "payload": {"$ref": f"{SCHEMAS}{model.event_type}"},
                    },
                },
            ]
        },
        "correlationId": {"location": "$message.header#/correlation_id"},
        "bindings": {
            "kafka": {
                "key": {"type": "string", "description": "the case id"},
                "bindingVersion": KAFKA_BINDING_VERSION,
            }
        },
    }
    if model.__doc__:
        message["summary"] = " ".join(model.__doc__.split("\n\n")[0].split())
    if model.identity is not None:
        # the payload fields that, with the type and the case, name the fact (Envelope.fact)
        message["x-identity"] = list(model.identity)
    return message


def _dead_letter_message() -> dict[str, Any]:
    return {
        "name": DEAD_LETTER,
        "title": "Dead letter",
        "summary": "A message this service could not process, key and value unchanged.",
        "headers": {"$ref": f"{SCHEMAS}DeadLetterHeaders"},
        "payload": {"description": "the original value, unchanged (usually an envelope)"},
    }


def _schemas(models: Sequence[type[Event]]) -> dict[str, Any]:
    """The envelope's and the events' JSON Schemas (validation mode: what a consumer takes),
    with the enumerations they share, all in components.schemas."""
    wanted: list[type[BaseModel]] = [Envelope, *models]
    _, top = models_json_schema(
        [(model, "validation") for model in wanted], ref_template=SCHEMAS + "{model}"
    )
    return {
        **top.get("$defs", {}),
        "EventHeaders": EVENT_HEADERS,
        "DeadLetterHeaders": DEAD_LETTER_HEADERS,
    }


# --- the catalogue in docs/asyncapi ---------------------------------------------------------


def service_consumers() -> dict[str, tuple[type[Event], ...]]:
    """What each service consumes: the CONSUMES of its handlers module, which its
    ServiceDefinition takes (and its runtime holds its handler map to)."""
    return {
        service: tuple(importlib.import_module(f"{service}.handlers").CONSUMES)
        for service in EVENTS_TOPIC_OF
    }


def catalogue_files(consumers: Mapping[str, Sequence[type[Event]]]) -> dict[str, str]:
    """docs/asyncapi: each service's document (no topic prefix) and an index, README.md."""
    files = {
        f"{service}.json": json.dumps(document(service, consumed), indent=2, ensure_ascii=False)
        + "\n"
        for service, consumed in consumers.items()
    }
    files["README.md"] = _index(consumers)
    return files


def consumers_of(consumers: Mapping[str, Sequence[type[Event]]]) -> dict[str, list[str]]:
    """Event type -> the services that handle it, in the order of EVENTS_TOPIC_OF."""
    return {
        name: [service for service, consumed in consumers.items() if model in consumed]
        for name, model in Event.registered().items()
    }


def _index(consumers: Mapping[str, Sequence[type[Event]]]) -> str:
    lines = [
        "# Event contracts",
        "",
        "Generated from the code by `python -m common.asyncapi --write docs/asyncapi`: do not",
        "edit. `tests/contract` fails when these files differ from what the code produces. Each",
        "running service serves its own document at `GET /asyncapi.json`, its topics named with",
        "the deployment's `TOPIC_PREFIX`. The events' fields and meaning: [events.md](../events.md).",
        "",
        "| service | AsyncAPI 3.0 document | publishes on | consumes from |",
        "| --- | --- | --- | --- |",
    ]
    for service, consumed in consumers.items():
        topics = [t for t in EVENTS_TOPIC_OF.values() if any(m.topic == t for m in consumed)]
        lines.append(
            f"| {service} | [{service}.json]({service}.json) | `{EVENTS_TOPIC_OF[service]}`,"
            f" `{dead_letter_topic(service)}` | {', '.join(f'`{t}`' for t in topics)} |"
        )
    lines += ["", "| event | topic | published by | consumed by |", "| --- | --- | --- | --- |"]
    for name, services in consumers_of(consumers).items():
        model = Event.registered()[name]
        lines.append(
            f"| {name} | `{model.topic}` | {model.producer} | {', '.join(services) or 'nobody'} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m common.asyncapi",
        description="Write or check docs/asyncapi, the services' event contracts.",
    )
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", metavar="DIR", type=Path, help="write the files into DIR")
    mode.add_argument("--check", metavar="DIR", type=Path, help="exit 1 if DIR is not current")
    args = parser.parse_args(argv)
    files = catalogue_files(service_consumers())
    if args.write is not None:
        args.write.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (args.write / name).write_text(text, encoding="utf-8")
            print(f"wrote {args.write / name}")
        return 0
    stale = [
        name
        for name, text in files.items()
        if not (args.check / name).is_file()
        or (args.check / name).read_text(encoding="utf-8") != text
    ]
    for name in stale:
        print(f"{args.check / name} differs from the code", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
