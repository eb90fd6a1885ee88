"""Pure parts of the shared plumbing."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from pydantic import ValidationError

from callback.config import Settings as CallbackSettings
from common.consumer import REPLAY_HEADER, EventConsumer
from common.district import District, load_district
from common.outages import is_infrastructure_error
from common.outbox import shard_of
from common.runtime import Runtime, ServiceDefinition
from common.settings import ServiceSettings
from dispatch.config import Settings as DispatchSettings


def test_settings_require_postgresql_and_normalise_the_driver(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)  # the environment must not fill it in
    settings = ServiceSettings(
        database_url="postgresql://u:p@h:5432/d", kafka_bootstrap_servers="k:9092"
    )
    assert settings.database_url == "postgresql+asyncpg://u:p@h:5432/d"
    with pytest.raises(ValidationError):
        ServiceSettings(database_url="sqlite:///x.db", kafka_bootstrap_servers="k:9092")
    with pytest.raises(ValidationError):
        ServiceSettings(kafka_bootstrap_servers="k:9092")  # type: ignore[call-arg]


def test_a_case_always_lands_in_the_same_outbox_shard() -> None:
    assert shard_of("20260412000001", 16) == shard_of("20260412000001", 16)
    assert {shard_of(f"2026041200000{n}", 16) for n in range(10)} != {0}
    assert 0 <= shard_of(None, 16) < 16


def test_a_replayed_dead_letter_is_for_its_own_consumer_only() -> None:
    consumer = EventConsumer.__new__(EventConsumer)
    consumer.service = "dispatch"
    mine = SimpleNamespace(headers=[(REPLAY_HEADER, b"dispatch")])
    theirs = SimpleNamespace(headers=[(REPLAY_HEADER, b"callback")])
    ordinary = SimpleNamespace(headers=[("event_type", b"CaseAccepted")])
    assert consumer._addressed_to_me(mine)
    assert not consumer._addressed_to_me(theirs)
    assert consumer._addressed_to_me(ordinary)


def test_infrastructure_errors_are_told_apart_from_bugs() -> None:
    assert is_infrastructure_error(ConnectionRefusedError())
    assert not is_infrastructure_error(ValueError("bad data"))
    assert not is_infrastructure_error(KeyError("x"))
    assert not is_infrastructure_error(FileNotFoundError("a handler's own file"))


def test_the_demo_district_routes_every_category_to_known_departments() -> None:
    district = load_district()
    codes = {d.code for d in district.departments}
    assert {"service-centre", "housing-construction", "finance-review", "urban-management"} <= codes
    assert any(d.kind == "street" for d in district.departments)
    for category in district.categories:
        assert category.lead is None or category.lead in codes


def test_a_district_routing_to_an_unknown_department_is_refused() -> None:
    with pytest.raises(ValidationError, match="unknown department"):
        District.model_validate(
            {
                "district": {"code": "x", "name": "X"},
                "departments": [{"code": "a", "name": "A"}],
                "categories": [{"code": "c", "name": "C", "lead": "b"}],
            }
        )


def test_a_runtime_hands_out_its_own_settings_class_and_refuses_another() -> None:
    settings = DispatchSettings(database_url="postgresql://u:p@h/d", kafka_bootstrap_servers="k:1")
    runtime = Runtime(
        definition=ServiceDefinition(name="dispatch", migrations=Path(".")),
        settings=settings,
        db=SimpleNamespace(),  # type: ignore[arg-type]
        broker=SimpleNamespace(),  # type: ignore[arg-type]
        relay=SimpleNamespace(),  # type: ignore[arg-type]
    )
    assert runtime.settings_as(DispatchSettings) is settings
    with pytest.raises(TypeError, match=r"callback\.config\.Settings"):
        runtime.settings_as(CallbackSettings)
