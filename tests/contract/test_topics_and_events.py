"""The rules of topics and events (ARCHITECTURE.md), held by code rather than by memory."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from callback import handlers as callback_handlers
from common import events as event_models
from common.envelope import Envelope, Event, MalformedMessage
from common.topics import EVENTS_TOPIC_OF, dead_letter_topic, load_catalogue
from deadline import handlers as deadline_handlers
from dispatch import handlers as dispatch_handlers
from intake import handlers as intake_handlers
from supervision import handlers as supervision_handlers

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = load_catalogue()
BY_NAME = {spec.name: spec for spec in CATALOGUE}
SERVICES = set(EVENTS_TOPIC_OF)
#: The topics each service subscribes to: those its consumed event types are published on.
CONSUMERS = {
    service: {model.topic for model in handlers.CONSUMES}
    for service, handlers in {
        "intake": intake_handlers,
        "dispatch": dispatch_handlers,
        "deadline": deadline_handlers,
        "callback": callback_handlers,
        "supervision": supervision_handlers,
    }.items()
}
IRREGULAR_PAST = {"Sent", "Held", "Made", "Paid", "Heard", "Set", "Put"}


def test_topic_names_say_owner_and_version() -> None:
    for spec in CATALOGUE:
        assert re.fullmatch(r"[a-z]+\.[a-z0-9-]+\.v[0-9]+", spec.name), spec.name
        assert spec.name.split(".")[0] == spec.owner, f"{spec.name} must start with its owner"
        assert spec.owner in SERVICES


def test_topic_names_are_unique() -> None:
    assert len(BY_NAME) == len(CATALOGUE)


def test_each_service_writes_exactly_its_own_events_topic() -> None:
    for service, topic in EVENTS_TOPIC_OF.items():
        assert BY_NAME[topic].owner == service
    event_topics = [s for s in CATALOGUE if s.dead_letters_of is None]
    assert {s.name for s in event_topics} == set(EVENTS_TOPIC_OF.values())


def test_every_consumer_has_its_own_dead_letter_topic() -> None:
    for service in CONSUMERS:
        spec = BY_NAME[dead_letter_topic(service)]
        assert spec.owner == service and spec.dead_letters_of == service


def test_consumers_read_only_catalogued_event_topics_of_others() -> None:
    for service, topics in CONSUMERS.items():
        for topic in topics:
            assert topic in BY_NAME and BY_NAME[topic].dead_letters_of is None
            assert BY_NAME[topic].owner != service, f"{service} consumes its own topic {topic}"


def test_event_topics_keep_history_for_rebuilding_projections() -> None:
    for spec in CATALOGUE:
        if spec.dead_letters_of is None:
            assert spec.retention_ms == -1, spec.name
        assert spec.partitions >= 1


def test_every_event_type_is_past_tense_and_registered_with_its_producer() -> None:
    defined = {
        name: model
        for name, model in vars(event_models).items()
        if isinstance(model, type) and issubclass(model, Event) and model is not Event
    }
    assert defined == Event.registered()
    for name, model in defined.items():
        words = re.findall(r"[A-Z][a-z]*", name)[1:]  # subject first, then what happened
        assert any(w.endswith("ed") or w in IRREGULAR_PAST for w in words), (
            f"{name} does not say what happened in the past tense"
        )
        assert model.topic == EVENTS_TOPIC_OF[model.producer]


def test_events_py_groups_the_classes_under_the_topic_they_are_published_on() -> None:
    source = (ROOT / "libs" / "common" / "src" / "common" / "events.py").read_text()
    section = None
    for line in source.splitlines():
        if heading := re.match(r"# --- (\S+) ", line):
            section = heading.group(1)
        elif defined := re.match(r"class (\w+)\(", line):
            assert Event.registered()[defined.group(1)].topic == section, defined.group(1)


def test_envelope_carries_the_required_fields() -> None:
    event = event_models.CaseRejected(reason="out of scope", actor="clerk-1")
    envelope = Envelope.wrap(event, case_id="20260412000001", producer="intake")
    decoded = Envelope.from_bytes(envelope.to_bytes())
    assert decoded == envelope
    assert isinstance(decoded.event_id, uuid.UUID)
    assert decoded.event_type == "CaseRejected" and decoded.schema_version == 1
    assert decoded.occurred_at.tzinfo is not None
    assert decoded.case_id == "20260412000001" and decoded.producer == "intake"
    assert decoded.correlation_id and decoded.causation_id is None
    assert dict(decoded.headers())["event_type"] == b"CaseRejected"


def test_consumers_ignore_unknown_fields() -> None:
    envelope = Envelope.wrap(
        event_models.CaseRejected(reason="r", actor="a"), case_id="c", producer="intake"
    )
    newer = (
        envelope.model_copy(update={"payload": {**envelope.payload, "added_later": True}})
        .to_bytes()
        .replace(b'"producer"', b'"envelope_field_added_later":1,"producer"')
    )
    decoded = Envelope.from_bytes(newer)
    assert isinstance(decoded.event(), event_models.CaseRejected)


@pytest.mark.parametrize(
    "raw",
    [
        None,
        b"",
        b"not json",
        b'{"event_type": "CaseRejected"}',
    ],
)
def test_what_is_not_an_envelope_is_malformed(raw: bytes | None) -> None:
    with pytest.raises(MalformedMessage):
        Envelope.from_bytes(raw)


def test_a_newer_schema_version_than_understood_is_malformed() -> None:
    envelope = Envelope.wrap(
        event_models.CaseClosed(reason="r", actor="a", closed_at=datetime.now(UTC)),
        case_id="c",
        producer="dispatch",
    ).model_copy(update={"schema_version": 2})
    with pytest.raises(MalformedMessage, match="newer"):
        envelope.event()


def test_every_event_type_is_documented() -> None:
    documented = (ROOT / "docs" / "events.md").read_text()
    missing = [name for name in Event.registered() if f"**{name}**" not in documented]
    assert not missing, f"document these events in docs/events.md: {missing}"


def test_the_kubernetes_district_is_the_demo_district() -> None:
    manifests = yaml.safe_load_all((ROOT / "deploy" / "kubernetes" / "config.yaml").read_text())
    (district,) = [m for m in manifests if m and m["metadata"]["name"] == "civicloop-district"]
    demo = yaml.safe_load((ROOT / "deploy" / "district" / "demo.yaml").read_text())
    assert yaml.safe_load(district["data"]["district.yaml"]) == demo, "regenerate the ConfigMap"


def test_ci_runs_the_readmes_test_command() -> None:
    readme = (ROOT / "README.md").read_text()
    command = re.search(r"^(\./dev test)\s+#", readme, re.MULTILINE)
    assert command is not None, "README.md names its test command"
    ci_lines = (ROOT / ".ci" / "run").read_text().splitlines()
    assert ci_lines[-1] == command.group(1), ".ci/run must run the README's test command"
