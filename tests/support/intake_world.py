"""What intake's application tests share: an in-memory intake with a small catalogue, its
policy from the default settings, staff, and forms."""

from __future__ import annotations

import enum
import types
import typing
from datetime import UTC, date, datetime
from typing import Any

from pydantic import AwareDatetime

from common.auth import Principal
from common.envelope import Event
from common.memory import MemoryDatabase
from common.vocabulary import Role
from intake.config import Settings
from intake.domain.classification import Suggestion
from intake.domain.submission import Street
from intake.repository.memory import MemoryStore
from intake.schemas import Location, ScreeningDecision, Submission, Submitter
from intake.state import IntakePolicy

AT = datetime(2026, 3, 9, 8, 0, tzinfo=UTC)
CLERK = Principal("wang", Role.CLERK)
HANDLER = Principal("li", Role.HANDLER, department="water")
OTHER_HANDLER = Principal("zhao", Role.HANDLER, department="roads")
NAMES = {"water": "水务局", "roads": "交通局", "street-a": "东街道"}


class FixedClassifier:
    """Suggests one category, sure or not."""

    def __init__(self, category: str, confidence: float, needs_human: bool) -> None:
        self.suggestion = Suggestion(
            category=category,
            name="停水",
            lead_department="water",
            confidence=confidence,
            alternatives=(),
            needs_human=needs_human,
            model_version="v1",
        )

    def suggest(self, text: str) -> Suggestion:
        return self.suggestion


def settings() -> Settings:
    return Settings(database_url="postgresql://x@y/z", kafka_bootstrap_servers="k:9092")


def policy(classifier: Any = None) -> IntakePolicy:
    configured = settings()
    return IntakePolicy(
        duplicates=configured.duplicate_rules(),
        attachments=configured.attachment_limits(),
        tracking=configured.tracking_throttle(),
        streets=(Street("street-a", "东街道"),),
        department_names=NAMES,
        classifier=classifier,
    )


def intake() -> MemoryDatabase[MemoryStore]:
    store = MemoryStore()
    store.catalogue.add("water-outage", "停水", lead="water")
    store.catalogue.add("road-damage", "道路破损", lead="roads")
    store.catalogue.add("retired-item", "旧事项", active=False)
    return MemoryDatabase(store, producer="intake")


def form(**changes: Any) -> Submission:
    values: dict[str, Any] = {
        "channel": "web",
        "kind": "complaint",
        "category": "water-outage",
        "title": "小区停水三天",
        "description": "幸福小区三号楼停水已经三天，无人处理。",
        "submitter": Submitter(name="张三", phone="13800138000"),
        "location": Location(address="东街道幸福小区三号楼"),
    }
    return Submission.model_validate(values | changes)


def decision(outcome: str, **more: Any) -> ScreeningDecision:
    return ScreeningDecision.model_validate({"outcome": outcome, **more})


def sample(kind: type[Event], **given: Any) -> Event:
    """An event of `kind` with every required field filled plausibly; `given` wins."""
    values: dict[str, Any] = {}
    for name, info in kind.model_fields.items():
        if name in given or not info.is_required():
            continue
        values[name] = _value(info.annotation)
    return kind.model_validate(values | given)


def _value(annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return _value(next(a for a in typing.get_args(annotation) if a is not type(None)))
    if origin is typing.Annotated:
        return _value(typing.get_args(annotation)[0])
    if origin is list:
        return []
    if annotation is AwareDatetime or annotation is datetime:
        return AT
    if annotation is date:
        return AT.date()
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return next(iter(annotation))
    if annotation is bool:
        return False
    if annotation is int:
        return 1
    if annotation is float:
        return 1.0
    return "water"
