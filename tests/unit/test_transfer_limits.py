"""转办 limits in the policy table: the district's file gives them; a table written before
转办 existed falls back to the district file's instead of refusing to load."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import yaml

from common.vocabulary import RequestKind, TimerStage
from deadline.domain.policy import DAYS, district_defaults
from deadline.domain.policy import policy_from_document as from_document

DAY = 420
SLA_FILE = Path(__file__).resolve().parents[2] / "deploy" / "district" / "sla.yaml"
DISTRICT = yaml.safe_load(SLA_FILE.read_text(encoding="utf-8"))
policy_from_document = partial(from_document, defaults=district_defaults(DISTRICT))


def test_the_district_file_sets_the_transfer_limits_in_working_days() -> None:
    table = policy_from_document(DISTRICT, version=1, source="file")
    acknowledge = table.limit(TimerStage.TRANSFER_ACKNOWLEDGE, RequestKind.HELP, "water", DAY)
    answer = table.limit(TimerStage.TRANSFER_ANSWER, RequestKind.HELP, "water", DAY)
    assert (acknowledge.rule, acknowledge.minutes) == ("transfer_acknowledge", DAY)
    assert (answer.rule, answer.minutes) == ("transfer_answer", 5 * DAY)


def test_a_table_from_before_transfers_loads_and_uses_the_district_files_limits() -> None:
    older = [r for r in DISTRICT["rules"] if not r["stage"].startswith("transfer")]
    table = policy_from_document({**DISTRICT, "rules": older}, version=3, source="api")
    limit = table.limit(TimerStage.TRANSFER_ANSWER, RequestKind.COMPLAINT, None, DAY)
    assert (limit.rule, limit.minutes, limit.version) == ("transfer_answer", 5 * DAY, 3)


def test_a_category_may_have_its_own_answer_limit() -> None:
    rules = [*DISTRICT["rules"], {"stage": "transfer_answer", "category": "power", DAYS: 2}]
    table = policy_from_document({**DISTRICT, "rules": rules}, version=2, source="api")
    limit = table.limit(TimerStage.TRANSFER_ANSWER, RequestKind.HELP, "power", DAY)
    assert (limit.rule, limit.minutes) == ("transfer_answer/category=power", 2 * DAY)
