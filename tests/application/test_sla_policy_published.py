"""The promised limit's way from deadline to intake on the in-memory stores: deadline
announces each version of its SLA policy (SlaPolicyPublished, and the latest again at each
start); intake keeps the latest version's resolution limits and ignores older ones."""

from __future__ import annotations

from common.events import SlaPolicyPublished
from common.vocabulary import RequestKind, TimerStage
from deadline.domain.policy import DAYS, HOURS, Policy, Rule
from deadline.service import policies
from intake.handlers import handlers
from tests.support.deadline_world import world
from tests.support.intake_world import NAMES, intake


async def publish(w, *rules: Rule) -> Policy:
    def add(latest: Policy, version: int) -> Policy:
        for rule in rules:
            latest = latest.with_rule(rule, version)
        return latest

    async with w.db.unit_of_work() as uow:
        return await policies.publish_policy(uow, w.clock, add, by="admin:root")


def limits(event: SlaPolicyPublished) -> dict[tuple[str, str | None], tuple[int | None, ...]]:
    return {(x.kind.value, x.category): (x.working_days, x.working_hours) for x in event.limits}


async def test_the_seeded_version_is_announced_at_start_and_each_new_one_when_published() -> None:
    w = await world()
    async with w.db.unit_of_work() as uow:
        await policies.announce_latest(uow, w.clock)
    (seeded,) = w.db.events(SlaPolicyPublished)
    assert seeded.version == 1 and seeded.actor == "system:deadline"
    assert w.db.published[-1].case_id == policies.POLICY_KEY
    # the district's file: resolution 5 days, help 3, consultation 1
    assert limits(seeded)[("help", None)] == (3, None)
    assert limits(seeded)[("complaint", None)] == (5, None)
    await publish(
        w,
        Rule(TimerStage.RESOLUTION, 2, DAYS, category="water-outage"),
        Rule(TimerStage.RESOLUTION, 8, HOURS, kind=RequestKind.HELP, category="water-outage"),
    )
    _, second = w.db.events(SlaPolicyPublished)
    assert second.version == 2 and second.actor == "admin:root"
    found = limits(second)
    # the most specific rule, chosen by deadline, for every kind in the named category
    assert found[("complaint", "water-outage")] == (2, None)
    assert found[("help", "water-outage")] == (None, 8)
    assert found[("help", None)] == (3, None)
    assert len(found) == 2 * len(RequestKind)


async def test_intake_keeps_the_latest_versions_limits_and_ignores_an_older_one() -> None:
    w = await world()
    async with w.db.unit_of_work() as uow:
        await policies.announce_latest(uow, w.clock)
    await publish(w, Rule(TimerStage.RESOLUTION, 2, DAYS, category="water-outage"))
    first, second = w.db.events(SlaPolicyPublished)
    db = intake()
    chosen = handlers(NAMES, {})
    assert await db.store.window.limit_for("complaint", "water-outage") is None
    await db.deliver(chosen, second, case_id=policies.POLICY_KEY)
    await db.deliver(chosen, first, case_id=policies.POLICY_KEY)  # late: ignored
    water = await db.store.window.limit_for("complaint", "water-outage")
    roads = await db.store.window.limit_for("complaint", "road-damage")
    assert water is not None and (water.amount, water.unit) == (2, "working_days")
    assert roads is not None and roads.amount == 5
    assert db.store.tables.promised_version == 2
