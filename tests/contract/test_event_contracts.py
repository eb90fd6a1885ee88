"""Who publishes and who consumes each event, held by the code: the AsyncAPI documents in
docs/asyncapi are what the code produces, and the "consumed by" and "publishes" claims of
docs/events.md and docs/services.md agree with the handler maps and the event classes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from callback import handlers as callback_handlers
from common import asyncapi
from common.envelope import Event
from common.topics import EVENTS_TOPIC_OF, load_catalogue
from deadline import handlers as deadline_handlers
from deadline import main as deadline_main
from deadline.config import BUSINESS_HOURS, parse_hours
from deadline.domain.calendar import WorkingCalendar, official_workdays
from deadline.domain.policy import district_defaults
from deadline.service.clockwork import Clockwork
from dispatch import handlers as dispatch_handlers
from intake import handlers as intake_handlers
from supervision import handlers as supervision_handlers
from supervision.config import Rules
from supervision.config import Settings as SupervisionSettings

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE_DIR = ROOT / "docs" / "asyncapi"
CONSUMERS = asyncapi.service_consumers()
SERVICES = tuple(EVENTS_TOPIC_OF)
#: A service's name as a word of its own (not inside `civicloop-supervision-rebuild`).
SERVICE_WORD = re.compile(r"(?<![\w-])(" + "|".join(SERVICES) + r")(?![\w-])")
#: Keys of channels, operations and components (AsyncAPI 3.0).
COMPONENT_KEY = re.compile(r"^[A-Za-z0-9.\-_]+$")
#: JSON Schema keywords newer than draft 07, which AsyncAPI 3.0 schemas extend.
DRAFT_2020_ONLY = {
    "$defs",
    "prefixItems",
    "unevaluatedProperties",
    "dependentRequired",
    "$dynamicRef",
}


def handler_maps() -> dict[str, Any]:
    return {
        "intake": intake_handlers.handlers({}, {}),
        "dispatch": dispatch_handlers.handlers(max_rounds=3, category_names={}),
        "deadline": deadline_handlers.handlers(
            Clockwork(
                WorkingCalendar(official_workdays(), hours=parse_hours(BUSINESS_HOURS)),
                dispatch_department=None,
                district=district_defaults(deadline_main.sla_document(deadline_main.SLA_FILE)[0]),
            )
        ),
        "callback": callback_handlers.handlers(),
        "supervision": supervision_handlers.handlers(
            Rules.of(SupervisionSettings.model_construct())
        ),
    }


def test_each_service_handles_exactly_the_events_it_declares_it_consumes() -> None:
    for service, handlers in handler_maps().items():
        assert set(handlers) == set(CONSUMERS[service]), service
        assert all(isinstance(model, type) and issubclass(model, Event) for model in handlers)
        assert not [m for m in handlers if m.producer == service], f"{service} consumes its own"


def test_the_committed_catalogue_is_what_the_code_produces() -> None:
    expected = asyncapi.catalogue_files(CONSUMERS)
    committed = {path.name: path.read_text(encoding="utf-8") for path in CATALOGUE_DIR.iterdir()}
    stale = sorted(
        name
        for name in expected.keys() | committed.keys()
        if expected.get(name) != committed.get(name)
    )
    assert not stale, (
        f"docs/asyncapi differs from the code in {stale}: "
        "run python -m common.asyncapi --write docs/asyncapi"
    )


def resolve(document: dict[str, Any], ref: str) -> Any:
    assert ref.startswith("#/"), f"only local references: {ref}"
    node: Any = document
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        assert isinstance(node, dict) and part in node, f"{ref} does not resolve"
        node = node[part]
    return node


def references(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from references(value)
    elif isinstance(node, list):
        for item in node:
            yield from references(item)


def keys(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield key
            yield from keys(value)
    elif isinstance(node, list):
        for item in node:
            yield from keys(item)


def assert_asyncapi_3(document: dict[str, Any], prefix: str) -> None:
    """The structure AsyncAPI 3.0 requires of what these documents use (no JSON Schema of the
    specification is packaged for Python): version, info, channels with addresses and
    messages, operations that send or receive the messages of their channel, messages with
    payload schemas, and every reference resolving within the document."""
    assert document["asyncapi"] == "3.0.0"
    assert isinstance(document["info"]["title"], str) and isinstance(
        document["info"]["version"], str
    )
    components = document["components"]
    for section in ("channels", "operations"):
        assert document[section] and all(COMPONENT_KEY.match(key) for key in document[section])
    for kind in ("schemas", "messages"):
        assert all(COMPONENT_KEY.match(key) for key in components[kind])
    for ref in references(document):
        resolve(document, ref)
    newer = DRAFT_2020_ONLY & set(keys(document["components"]["schemas"]))
    assert not newer, f"AsyncAPI schemas are JSON Schema draft 07: {newer}"
    for name, channel in document["channels"].items():
        assert channel["address"] == prefix + name
        assert channel["messages"], name
        for message in channel["messages"].values():
            assert message["$ref"].startswith("#/components/messages/")
    for key, operation in document["operations"].items():
        assert operation["action"] in ("send", "receive"), key
        channel_ref = operation["channel"]["$ref"]
        assert channel_ref.startswith("#/channels/")
        assert operation["messages"], key
        for message in operation["messages"]:
            assert message["$ref"].startswith(channel_ref + "/messages/"), (
                f"{key} names a message not of its channel"
            )
    for name, message in components["messages"].items():
        payload = message["payload"]
        assert isinstance(payload, dict), name
        if name != asyncapi.DEAD_LETTER:
            envelope, event = payload["allOf"]
            assert resolve(document, envelope["$ref"])["title"] == "Envelope"
            schema = resolve(document, event["properties"]["payload"]["$ref"])
            assert schema["type"] == "object" and schema["title"] == name


@pytest.mark.parametrize("service", SERVICES)
def test_each_document_is_asyncapi_3_and_says_what_the_code_does(service: str) -> None:
    prefix = "district-a."
    document = asyncapi.document(service, CONSUMERS[service], prefix=prefix)
    assert_asyncapi_3(document, prefix)

    def sent_or_received(action: str) -> dict[str, set[str]]:
        return {
            operation["channel"]["$ref"].removeprefix("#/channels/"): {
                ref["$ref"].rsplit("/", 1)[1] for ref in operation["messages"]
            }
            for operation in document["operations"].values()
            if operation["action"] == action
        }

    own = EVENTS_TOPIC_OF[service]
    assert sent_or_received("send") == {
        own: {m.event_type for m in Event.published_on(own)},
        f"{service}.dlq.v1": {asyncapi.DEAD_LETTER},
    }
    consumed: dict[str, set[str]] = {}
    for model in CONSUMERS[service]:
        consumed.setdefault(model.topic, set()).add(model.event_type)
    assert sent_or_received("receive") == consumed
    for operation in document["operations"].values():
        if operation["action"] == "receive":
            group = operation["bindings"]["kafka"]["groupId"]
            assert group["enum"] == [prefix + service]


def test_every_event_schema_is_its_models() -> None:
    document = asyncapi.document("supervision", CONSUMERS["supervision"])
    schemas = document["components"]["schemas"]
    for model in Event.registered().values():
        if model.topic in document["channels"]:
            assert set(schemas[model.event_type]["properties"]) == set(model.model_fields)


# --- the documents in words ---------------------------------------------------------------


def consumers_in_code() -> dict[str, set[str]]:
    return {name: set(services) for name, services in asyncapi.consumers_of(CONSUMERS).items()}


def top_level_items(text: str) -> list[str]:
    """`a (x, y), b (z)` -> ["a (x, y)", "b (z)"]."""
    items, depth, current = [], 0, ""
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            items.append(current)
            current = ""
        else:
            current += char
    return [item.strip() for item in [*items, current] if item.strip()]


def consumers_named(lines: list[str]) -> set[str]:
    """What a "Consumed by:" line claims. Either `Consumed by: nobody.`, or a list
    `Consumed by: a (what a does), b (what b does).`, or `Consumed by:` over a list of
    `- a: what a does` items."""
    first = lines[0].removeprefix("Consumed by:").strip()
    if first:
        paragraph = " ".join([first, *lines[1:]]).rstrip(".")
        items = top_level_items(paragraph)
    else:
        items = [line[2:].split(":")[0] for line in lines[1:] if line.startswith("- ")]
    named = {item.split()[0].strip(".:") for item in items}
    named.discard("nobody")
    unknown = named - set(SERVICES)
    assert not unknown, f"name services only, as `Consumed by: a (...), b (...)`: {lines}"
    return named


def documented_consumers(markdown: str) -> dict[str, set[str]]:
    """Event type -> the services its paragraph in events.md says consume it. A paragraph
    starts at `**EventType**` and runs to the next one or the next heading; without a
    "Consumed by:" line it says nobody does."""
    registered = Event.registered()
    claims: dict[str, set[str]] = {}
    names: list[str] = []
    block: list[str] = []

    def close() -> None:
        inline = [line for line in block if "Consumed by" in line[1:]]
        assert not inline, f"start a line with Consumed by: {inline}"
        start = next((i for i, line in enumerate(block) if line.startswith("Consumed by")), None)
        said: set[str] = set()
        if start is not None:
            listed = block[start] == "Consumed by:"  # a list of items follows, after a blank line
            after = start + 2 if listed else start + 1
            end = next((i for i in range(after, len(block)) if not block[i]), len(block))
            said = consumers_named([line for line in block[start:end] if line])
        for name in names:
            claims[name] = said

    for line in markdown.splitlines():
        starts = re.findall(r"\*\*(\w+)\*\*", line) if line.startswith("**") else []
        if line.startswith("#") or (starts and starts[0] in registered):
            close()
            names = [n for n in starts if n in registered] if not line.startswith("#") else []
            block = []
        block.append(line)
    close()
    return claims


def test_events_md_says_who_consumes_each_event_as_the_code_does() -> None:
    claims = documented_consumers((ROOT / "docs" / "events.md").read_text())
    truth = consumers_in_code()
    assert set(claims) == set(truth), "every event has its paragraph in docs/events.md"
    wrong = {name: (claims[name], truth[name]) for name in truth if claims[name] != truth[name]}
    assert not wrong, f"docs/events.md (documented, handled) differ: {wrong}"


def table_rows(markdown: str, first_cell: str) -> dict[str, list[str]]:
    """The rows of a markdown table whose first cell matches `first_cell`, by that cell."""
    rows = {}
    for line in markdown.splitlines():
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        if cells and (match := re.fullmatch(first_cell, cells[0])):
            rows[match.group(1)] = cells
    return rows


def test_events_md_topic_table_names_each_topics_consumers() -> None:
    rows = table_rows((ROOT / "docs" / "events.md").read_text(), r"`([a-z.-]+\.v1)`")
    for spec in load_catalogue():
        if spec.dead_letters_of is not None:
            continue
        consumers = {
            s for s, consumed in CONSUMERS.items() if any(m.topic == spec.name for m in consumed)
        }
        assert set(SERVICE_WORD.findall(rows[spec.name][4])) == consumers, spec.name


def events_named(text: str) -> set[str]:
    return set(re.findall(r"\b[A-Z][A-Za-z]+\b", text)) & set(Event.registered())


def test_services_md_names_what_each_service_consumes_and_publishes() -> None:
    rows = table_rows((ROOT / "docs" / "services.md").read_text(), r"\*\*(\w+)\*\* :\d+.*")
    assert set(rows) == set(SERVICES)
    for service, cells in rows.items():
        _, _, consumes, publishes, _ = cells
        assert events_named(consumes) == {m.event_type for m in CONSUMERS[service]}, service
        published = {m.event_type for m in asyncapi.published_by(service)}
        assert events_named(publishes) == published, service
