"""转办 limits in the policy table: the district's file gives them; a table written before
转办 existed falls back to the built-in ones instead of refusing to load."""

from __future__ import annotations

from pathlib import Path

import yaml

from common.vocabulary import RequestKind, TimerStage
from deadline.domain.policy import DAYS, DEFAULT_DOCUMENT, policy_from_document

DAY = 420
SLA_FILE = Path(__file__).resolve().parents[2] / "deploy" / "district" / "sla.yaml"


def test_the_district_file_sets_the_transfer_limits_in_working_days() -> None:
    table = policy_from_document(yaml.safe_load(SLA_FILE.read_text()), version=1, source="file")
    acknowledge = table.limit(TimerStage.TRANSFER_ACKNOWLEDGE, RequestKind.HELP, "water", DAY)
    answer = table.limit(TimerStage.TRANSFER_ANSWER, RequestKind.HELP, "water", DAY)
    assert (acknowledge.rule, acknowledge.minutes) == ("transfer_acknowledge", DAY)
    assert (answer.rule, answer.minutes) == ("transfer_answer", 5 * DAY)


def test_a_table_from_before_transfers_loads_and_uses_the_built_in_limits() -> None:
    older = [r for r in DEFAULT_DOCUMENT["rules"] if not r["stage"].startswith("transfer")]
    table = policy_from_document({**DEFAULT_DOCUMENT, "rules": older}, version=3, source="api")
    limit = table.limit(TimerStage.TRANSFER_ANSWER, RequestKind.COMPLAINT, None, DAY)
    assert (limit.rule, limit.minutes, limit.version) == ("transfer_answer", 5 * DAY, 3)


def test_a_category_may_have_its_own_answer_limit() -> None:
    rules = [*DEFAULT_DOCUMENT["rules"], {"stage": "transfer_answer", "category": "power", DAYS: 2}]
    table = policy_from_document({**DEFAULT_DOCUMENT, "rules": rules}, version=2, source="api")
    limit = table.limit(TimerStage.TRANSFER_ANSWER, RequestKind.HELP, "power", DAY)
    assert (limit.rule, limit.minutes) == ("transfer_answer/category=power", 2 * DAY)
