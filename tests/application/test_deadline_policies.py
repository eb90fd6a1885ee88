"""The policy table's use cases on the in-memory store: seeded once, read by version,
replaced or amended as a new version that new timers use and running ones do not."""

from __future__ import annotations

import pytest

from common.vocabulary import RequestKind, TimerStage
from deadline import main
from deadline.domain.policy import DAYS, InvalidPolicy, Policy, Rule, policy_from_document
from deadline.service import policies
from tests.support.deadline_world import World, assigned, world


async def test_the_districts_file_seeds_version_one_once() -> None:
    w = World()
    async with w.db.unit_of_work() as uow:
        with pytest.raises(RuntimeError, match="no SLA policy"):
            await policies.current_policy(uow, w.clock)
    await w.seed()
    async with w.db.unit_of_work() as uow:
        document, _ = main.sla_document(main.SLA_FILE)
        assert not await policies.seed_policy(uow, w.clock, document, source="file:other.yaml")
        current = await policies.current_policy(uow, w.clock)
    assert (current.version, current.source) == (1, "file:sla.yaml")
    assert current.rule_for(TimerStage.RESOLUTION, RequestKind.HELP, None).amount == 3


async def test_a_bad_file_is_refused_before_anything_is_stored() -> None:
    w = World()
    with pytest.raises(InvalidPolicy):
        async with w.db.unit_of_work() as uow:
            await policies.seed_policy(uow, w.clock, {"rules": "none"}, source="file:bad.yaml")
    assert w.db.store.tables.policies == {}


async def test_a_version_is_read_once_and_an_unknown_one_is_a_lookup_error() -> None:
    w = await world()
    async with w.db.unit_of_work() as uow:
        first = await policies.policy_of(uow, w.clock, 1)
        assert await policies.policy_of(uow, w.clock, 1) is first
        with pytest.raises(LookupError):
            await policies.policy_of(uow, w.clock, 9)


async def test_a_new_rule_is_a_new_version_that_new_timers_use() -> None:
    w = await world()
    await w.deliver(assigned(), case_id="C-before")
    rule = Rule(TimerStage.RESOLUTION, 2, DAYS, kind=RequestKind.COMPLAINT)

    def add(latest: Policy, version: int) -> Policy:
        return latest.with_rule(rule, version)

    async with w.db.unit_of_work() as uow:
        new = await policies.publish_policy(uow, w.clock, add, by="admin-1")
    assert new.version == 2
    stored = w.db.store.tables.policies[2]
    assert (stored.source, stored.created_by) == ("api", "admin-1")
    await w.deliver(assigned(), case_id="C-after")
    before, after = w.timer("resolution", "C-before"), w.timer("resolution", "C-after")
    assert (before.policy_version, before.limit_minutes) == (1, 5 * 420)
    assert (after.policy_version, after.limit_minutes) == (2, 2 * 420)
    assert after.policy == "resolution/kind=complaint"


async def test_an_invalid_table_is_refused_and_changes_nothing() -> None:
    w = await world()

    def replace(_: Policy, version: int) -> Policy:
        return policy_from_document(
            {"rules": [{"stage": "sign", DAYS: 1}]},
            version=version,
            source="api",
            defaults=w.clock.district,
        )

    with pytest.raises(InvalidPolicy, match="默认规则"):
        async with w.db.unit_of_work() as uow:
            await policies.publish_policy(uow, w.clock, replace, by="admin-1")
    assert set(w.db.store.tables.policies) == {1}
    assert set(w.clock.policies) == {1}
    assert w.db.published == []
