"""The district's time-limit table: the most specific rule wins, edits make new versions."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest
import yaml

from common.vocabulary import EscalationStep, RequestKind, TimerStage
from deadline.domain.policy import (
    DAYS,
    HOURS,
    InvalidPolicy,
    Policy,
    Rule,
    district_defaults,
)
from deadline.domain.policy import policy_from_document as from_document

DAY = 420
SLA_FILE = Path(__file__).resolve().parents[2] / "deploy" / "district" / "sla.yaml"
#: The district's file: the seeded table, and what a table leaves out.
DISTRICT = yaml.safe_load(SLA_FILE.read_text(encoding="utf-8"))
policy_from_document = partial(from_document, defaults=district_defaults(DISTRICT))


def policy(*extra: dict[str, object], version: int = 1) -> Policy:
    document = {**DISTRICT, "rules": [*DISTRICT["rules"], *extra]}
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
        {**DISTRICT, "warning_fractions": [0.8], "escalation": {"urge": 0}},
        version=2,
        source="test",
    )
    assert custom.warning_fractions == (0.8,) and custom.ladder == ((EscalationStep.URGE, 0),)


def test_the_ladder_is_ordered_by_days_whatever_the_stored_key_order() -> None:
    # PostgreSQL's jsonb does not keep the order of an object's keys
    stored = {
        **DISTRICT,
        "escalation": {"accountability": 5, "urge": 1, "supervision_order": 3},
    }
    assert policy_from_document(stored, version=1, source="db").ladder == policy().ladder


@pytest.mark.parametrize(
    "document",
    [
        {"rules": [{"stage": "sign", HOURS: 2}]},  # other stages have no default
        {**DISTRICT, "rules": [*DISTRICT["rules"], {"stage": "sign", HOURS: 3}]},
        {**DISTRICT, "warning_fractions": [1.2]},
        {**DISTRICT, "escalation": {"urge": -1}},
        {**DISTRICT, "rules": [{"stage": "sign", HOURS: 2, DAYS: 1}]},
        {**DISTRICT, "rules": [{"stage": "sign", HOURS: 0}]},
        {**DISTRICT, "rules": [{"stage": "lunch", HOURS: 1}]},
        {**DISTRICT, "rules": [{"stage": "sign", "kind": "gossip", HOURS: 1}]},
    ],
)
def test_a_bad_table_is_refused(document: dict[str, object]) -> None:
    with pytest.raises(InvalidPolicy):
        policy_from_document(document, version=1, source="test")


def test_what_a_table_leaves_out_is_the_district_files() -> None:
    bare = [r for r in DISTRICT["rules"] if not r["stage"].startswith("transfer")]
    table = policy_from_document({"rules": bare}, version=2, source="api")
    assert table.warning_fractions == tuple(DISTRICT["warning_fractions"])
    assert dict(table.ladder) == {EscalationStep(s): d for s, d in DISTRICT["escalation"].items()}
    answer = table.limit(TimerStage.TRANSFER_ANSWER, RequestKind.HELP, None, DAY)
    stated = next(r for r in DISTRICT["rules"] if r["stage"] == "transfer_answer")
    assert answer.minutes == stated[DAYS] * DAY


@pytest.mark.parametrize(
    "document",
    [
        {key: value for key, value in DISTRICT.items() if key != "escalation"},
        {key: value for key, value in DISTRICT.items() if key != "warning_fractions"},
        {**DISTRICT, "rules": [r for r in DISTRICT["rules"] if r["stage"] != "transfer_answer"]},
    ],
)
def test_a_district_file_that_leaves_something_out_is_refused(document: dict[str, object]) -> None:
    with pytest.raises(InvalidPolicy):
        district_defaults(document)
