"""The district's time-limit table: the most specific rule wins, edits make new versions."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from common.vocabulary import EscalationStep, RequestKind, TimerStage
from deadline.domain.policy import (
    DAYS,
    DEFAULT_DOCUMENT,
    HOURS,
    InvalidPolicy,
    Policy,
    Rule,
    policy_from_document,
)

DAY = 420
SLA_FILE = Path(__file__).resolve().parents[2] / "deploy" / "district" / "sla.yaml"


def policy(*extra: dict[str, object], version: int = 1) -> Policy:
    document = {**DEFAULT_DOCUMENT, "rules": [*DEFAULT_DOCUMENT["rules"], *extra]}
    return policy_from_document(document, version=version, source="test")


def test_defaults_per_stage() -> None:
    table = policy()
    limit = table.limit(TimerStage.SIGN, RequestKind.COMPLAINT, "streetlight", DAY)
    assert (limit.minutes, limit.rule, limit.version) == (120, "sign", 1)
    assert table.limit(TimerStage.FIRST_RESPONSE, RequestKind.HELP, None, DAY).minutes == DAY
    assert table.limit(TimerStage.RESOLUTION, RequestKind.COMPLAINT, None, DAY).minutes == 5 * DAY
    assert table.limit(TimerStage.CALLBACK, RequestKind.REPORT, None, DAY).minutes == 2 * DAY


def test_the_most_specific_rule_wins() -> None:
    table = policy(
        {"stage": "resolution", "category": "streetlight", DAYS: 2},
        {"stage": "resolution", "kind": "complaint", "category": "streetlight", DAYS: 4},
        {"stage": "resolution", "kind": "complaint", DAYS: 7},
    )

    def rule(kind: RequestKind, category: str | None) -> str:
        return table.limit(TimerStage.RESOLUTION, kind, category, DAY).rule

    assert rule(RequestKind.COMPLAINT, "streetlight") == (
        "resolution/kind=complaint/category=streetlight"
    )
    assert rule(RequestKind.REPORT, "streetlight") == "resolution/category=streetlight"
    assert rule(RequestKind.COMPLAINT, "noise") == "resolution/kind=complaint"
    assert rule(RequestKind.REPORT, "noise") == "resolution"
    assert rule(RequestKind.CONSULTATION, None) == "resolution/kind=consultation"
    assert table.limit(TimerStage.RESOLUTION, RequestKind.REPORT, "streetlight", DAY).minutes == (
        2 * DAY
    )


def test_an_edit_is_a_new_version_and_the_old_one_is_unchanged() -> None:
    first = policy()
    second = first.with_rule(Rule(TimerStage.SIGN, 1, HOURS, category="gas-leak"), version=2)
    third = second.with_rule(Rule(TimerStage.SIGN, 30, HOURS, category="gas-leak"), version=3)
    assert first.limit(TimerStage.SIGN, RequestKind.HELP, "gas-leak", DAY).minutes == 120
    assert second.limit(TimerStage.SIGN, RequestKind.HELP, "gas-leak", DAY).minutes == 60
    limit = third.limit(TimerStage.SIGN, RequestKind.HELP, "gas-leak", DAY)
    assert (limit.version, limit.minutes) == (3, 30 * 60)
    assert len(third.rules) == len(first.rules) + 1  # replaced, not duplicated
    stored = policy_from_document(third.document(), version=3, source="stored")
    assert set(stored.rules) == set(third.rules)


def test_warning_fractions_and_ladder_are_part_of_the_policy() -> None:
    table = policy()
    assert table.warning_fractions == (0.5, 0.75)
    assert table.ladder == (
        (EscalationStep.URGE, 1),
        (EscalationStep.SUPERVISION_ORDER, 3),
        (EscalationStep.ACCOUNTABILITY, 5),
    )
    custom = policy_from_document(
        {**DEFAULT_DOCUMENT, "warning_fractions": [0.8], "escalation": {"urge": 0}},
        version=2,
        source="test",
    )
    assert custom.warning_fractions == (0.8,) and custom.ladder == ((EscalationStep.URGE, 0),)


def test_the_ladder_is_ordered_by_days_whatever_the_stored_key_order() -> None:
    # PostgreSQL's jsonb does not keep the order of an object's keys
    stored = {
        **DEFAULT_DOCUMENT,
        "escalation": {"accountability": 5, "urge": 1, "supervision_order": 3},
    }
    assert policy_from_document(stored, version=1, source="db").ladder == policy().ladder


@pytest.mark.parametrize(
    "document",
    [
        {"rules": [{"stage": "sign", HOURS: 2}]},  # other stages have no default
        {**DEFAULT_DOCUMENT, "rules": [*DEFAULT_DOCUMENT["rules"], {"stage": "sign", HOURS: 3}]},
        {**DEFAULT_DOCUMENT, "warning_fractions": [1.2]},
        {**DEFAULT_DOCUMENT, "escalation": {"urge": -1}},
        {**DEFAULT_DOCUMENT, "rules": [{"stage": "sign", HOURS: 2, DAYS: 1}]},
        {**DEFAULT_DOCUMENT, "rules": [{"stage": "sign", HOURS: 0}]},
        {**DEFAULT_DOCUMENT, "rules": [{"stage": "lunch", HOURS: 1}]},
        {**DEFAULT_DOCUMENT, "rules": [{"stage": "sign", "kind": "gossip", HOURS: 1}]},
    ],
)
def test_a_bad_table_is_refused(document: dict[str, object]) -> None:
    with pytest.raises(InvalidPolicy):
        policy_from_document(document, version=1, source="test")


def test_the_seed_file_is_the_default_table() -> None:
    seeded = yaml.safe_load(SLA_FILE.read_text())
    as_file = policy_from_document(seeded, version=1, source="file")
    as_code = policy_from_document(DEFAULT_DOCUMENT, version=1, source="code")
    assert set(as_file.rules) == set(as_code.rules)
    assert (as_file.warning_fractions, as_file.ladder) == (
        as_code.warning_fractions,
        as_code.ladder,
    )
