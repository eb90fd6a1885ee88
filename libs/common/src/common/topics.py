"""Topic names and the catalogue that defines them (deploy/topics.yaml)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

INTAKE_CASE_EVENTS = "intake.case-events.v1"
DISPATCH_CASE_EVENTS = "dispatch.case-events.v1"
DEADLINE_TIMER_EVENTS = "deadline.timer-events.v1"
CALLBACK_EVENTS = "callback.callback-events.v1"
SUPERVISION_EVENTS = "supervision.supervision-events.v1"

#: The one topic each service writes its events to.
EVENTS_TOPIC_OF = {
    "intake": INTAKE_CASE_EVENTS,
    "dispatch": DISPATCH_CASE_EVENTS,
    "deadline": DEADLINE_TIMER_EVENTS,
    "callback": CALLBACK_EVENTS,
    "supervision": SUPERVISION_EVENTS,
}


def dead_letter_topic(service: str) -> str:
    return f"{service}.dlq.v1"


def qualified(name: str, prefix: str) -> str:
    """The topic name on the cluster: a prefix isolates a district or a test run."""
    return f"{prefix}{name}"


@dataclass(frozen=True)
class TopicSpec:
    name: str
    owner: str
    partitions: int
    retention_ms: int
    replication_factor: int
    description: str
    dead_letters_of: str | None = None

    @property
    def config(self) -> dict[str, str]:
        return {"retention.ms": str(self.retention_ms), "cleanup.policy": "delete"}


def default_catalogue_path() -> Path:
    if env := os.environ.get("TOPIC_CATALOGUE"):
        return Path(env)
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "deploy" / "topics.yaml"
        if candidate.is_file():
            return candidate
    raise FileNotFoundError("deploy/topics.yaml not found; set TOPIC_CATALOGUE")


def load_catalogue(path: Path | None = None) -> list[TopicSpec]:
    document: dict[str, Any] = yaml.safe_load((path or default_catalogue_path()).read_text())
    defaults = document.get("defaults", {})
    return [
        TopicSpec(
            name=entry["name"],
            owner=entry["owner"],
            partitions=int(entry["partitions"]),
            retention_ms=int(entry["retention_ms"]),
            replication_factor=int(
                entry.get("replication_factor", defaults.get("replication_factor", 1))
            ),
            description=entry.get("description", ""),
            dead_letters_of=entry.get("dead_letters_of"),
        )
        for entry in document["topics"]
    ]
