"""Every entry of intake's handler map on its in-memory store: other services' events on
the case's timelines, who handles the case, the dispatchers' decisions on its category, and
the live taxonomy."""

from __future__ import annotations

from datetime import timedelta

import pytest

from common.consumer import UnknownCase
from common.envelope import Event
from common.events import (
    CaseAssigned,
    CaseReclassified,
    CaseReopened,
    CaseSentBackToScreening,
    CaseTransferred,
    ReturnArbitrated,
    SlaPolicyPublished,
    TaxonomyChanged,
)
from common.taxonomy import TaxonomyLeaf
from common.vocabulary import ArbitrationDecision
from intake.handlers import CONSUMES, handlers
from intake.service import registration
from tests.support.intake_world import AT, NAMES, form, intake, policy, sample

CATEGORY_NAMES = {"water-outage": "停水", "road-damage": "道路破损"}
#: entries with more to them than the timeline, each tested on its own below (the SLA
#: policy's limits: test_sla_policy_published)
OWN_TESTS = {CaseReclassified, TaxonomyChanged, SlaPolicyPublished}
PROJECTED = [kind for kind in CONSUMES if kind not in OWN_TESTS]


def chosen():
    return handlers(NAMES, CATEGORY_NAMES)


async def registered(db) -> str:
    async with db.unit_of_work() as uow:
        return (await registration.submit(uow, form(), policy=policy())).case_id


def producer_of(kind: type[Event]) -> str:
    return kind.producer


@pytest.mark.parametrize("kind", PROJECTED, ids=lambda kind: kind.__name__)
async def test_each_consumed_event_goes_on_the_staff_timeline_once(kind: type[Event]) -> None:
    db = intake()
    case_id = await registered(db)
    event = sample(kind)
    lines = len(db.store.tables.staff_lines)
    out = await db.deliver(chosen(), event, case_id=case_id)
    assert out == []  # a projection announces nothing
    added = db.store.tables.staff_lines[lines:]
    assert [line["action"] for line in added] == [kind.__name__]
    assert all(line["case_id"] == case_id for line in added)


@pytest.mark.parametrize("kind", PROJECTED, ids=lambda kind: kind.__name__)
async def test_an_event_about_an_unknown_case_fails_and_changes_nothing(kind: type[Event]) -> None:
    db = intake()
    with pytest.raises(UnknownCase):
        await db.deliver(chosen(), sample(kind), case_id="20990101000001")
    assert db.store.tables.staff_lines == [] and db.store.tables.handlers == {}


async def test_assignment_transfer_and_reopening_keep_who_handles_the_case() -> None:
    db = intake()
    case_id = await registered(db)
    assigned = sample(
        CaseAssigned,
        lead_department="water",
        co_handlers=["roads"],
        category="water-outage",
        actor="system:routing",
        assigned_at=AT,
    )
    await db.deliver(chosen(), assigned, case_id=case_id)
    assert db.store.tables.handlers[case_id]["departments"] == ["water", "roads"]
    reopened = sample(CaseReopened, lead_department="roads", round=2, reopened_at=AT + timedelta(1))
    await db.deliver(chosen(), reopened, case_id=case_id)
    handling = db.store.tables.handlers[case_id]
    assert handling["departments"] == ["roads", "water"] and handling["round"] == 2
    transferred = sample(
        CaseTransferred, unit="power-co", round=2, transferred_at=AT + timedelta(2)
    )
    await db.deliver(chosen(), transferred, case_id=case_id)
    assert db.store.tables.handlers[case_id]["departments"] == ["power-co"]
    assert db.store.tables.decisions == []  # routing by rule is no human decision


async def test_a_case_sent_back_to_screening_waits_for_a_clerk_again() -> None:
    db = intake()
    case_id = await registered(db)
    back = sample(CaseSentBackToScreening, reason="诉求不清", sent_back_in_case=1, actor="d:1")
    await db.deliver(chosen(), back, case_id=case_id)
    case = db.store.tables.cases[case_id]
    assert case["screening_state"] == "pending" and case["sent_back_count"] == 1
    assert case["sent_back_reason"] == "诉求不清"


async def test_a_dispatcher_routing_under_another_category_is_a_decision_the_case_follows() -> None:
    db = intake()
    case_id = await registered(db)
    assigned = sample(
        CaseAssigned, lead_department="roads", category="road-damage", actor="dispatcher:d"
    )
    await db.deliver(chosen(), assigned, case_id=case_id)
    assert db.store.tables.cases[case_id]["category"] == "road-damage"
    (decision,) = db.store.tables.decisions
    assert decision["kind"] == "routed" and decision["category"] == "road-damage"


async def test_an_upheld_return_is_a_decision_against_the_category() -> None:
    db = intake()
    case_id = await registered(db)
    for ruling in (ArbitrationDecision.SEND_BACK, ArbitrationDecision.REROUTE):
        event = sample(ReturnArbitrated, decision=ruling, returning_department="water")
        await db.deliver(chosen(), event, case_id=case_id)
    (decision,) = db.store.tables.decisions
    assert decision["kind"] == "return_upheld" and decision["returning_department"] == "water"


async def test_a_reclassification_files_the_case_under_the_dispatchers_category() -> None:
    db = intake()
    case_id = await registered(db)
    event = sample(
        CaseReclassified,
        category="road-damage",
        previous_category="water-outage",
        actor="dispatcher:d",
        reason="实为路面问题",
    )
    assert await db.deliver(chosen(), event, case_id=case_id) == []
    assert db.store.tables.cases[case_id]["category"] == "road-damage"
    assert db.store.tables.decisions[-1]["kind"] == "reclassified"
    line = db.store.tables.staff_lines[-1]
    assert line["detail"] == "派单员改类：停水 → 道路破损（实为路面问题）"
    with pytest.raises(UnknownCase):
        await db.deliver(chosen(), event, case_id="20990101000001")


async def test_a_newer_taxonomy_replaces_the_catalogue_and_an_older_one_is_ignored() -> None:
    db = intake()
    newer = sample(
        TaxonomyChanged,
        version=2,
        leaves=[
            TaxonomyLeaf(code="water-outage", name="停水（供水）", lead="water"),
            TaxonomyLeaf(code="road-damage", name="道路破损", retired=True),
        ],
    )
    await db.deliver(chosen(), newer, case_id="taxonomy")
    live = {c["code"]: c["name"] for c in await db.store.catalogue.list_categories()}
    assert live == {"water-outage": "停水（供水）"}
    older = sample(TaxonomyChanged, version=1, leaves=[TaxonomyLeaf(code="x", name="旧")])
    await db.deliver(chosen(), older, case_id="taxonomy")
    assert not await db.store.catalogue.category_exists("x")
    assert db.published == []
