"""A small district for dispatch's application tests: its departments (one an outside unit),
routing rules, the staff who act, and cases brought to a given point through the use cases
themselves, all on dispatch's in-memory store."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import pytest

from common.auth import Principal
from common.errors import ApiError
from common.events import CaseAccepted
from common.memory import MemoryDatabase
from common.vocabulary import Channel, RequestKind, ResolutionResult, Role
from dispatch import handlers
from dispatch.domain.lifecycle import CaseState, HandlingCase, Route
from dispatch.repository.memory import MemoryStore
from dispatch.service import departments, dispatcher

AT = datetime(2026, 3, 9, 8, 0, tzinfo=UTC)
MAX_ROUNDS = 2
CATEGORY_NAMES = {"pothole": "道路坑洼", "noise": "噪音扰民", "water-cut": "停水"}

DISPATCHER = Principal("d1", Role.DISPATCHER)
SUPERVISOR = Principal("s1", Role.SUPERVISOR)
ROADS = Principal("h-roads", Role.HANDLER, department="roads")
PARKS = Principal("h-parks", Role.HANDLER, department="parks")
POLICE = Principal("h-police", Role.HANDLER, department="police")
WATER = Principal("h-water", Role.HANDLER, department="water-co")

Db = MemoryDatabase[MemoryStore]


def district() -> Db:
    store = MemoryStore()
    store.add_department("roads", "城管局")
    store.add_department("parks", "园林局")
    store.add_department("police", "公安分局")
    store.add_department("water-co", "供水公司", outside=True)
    rules: dict[str, tuple[str | None, list[str]]] = {
        "pothole": ("roads", ["parks"]),
        "noise": (None, []),
        "water-cut": ("water-co", []),
    }
    for category, (lead, co) in rules.items():
        store.organisation.rules[category] = {
            "category": category,
            "lead": lead,
            "co_handlers": co,
            "updated_at": AT,
        }
    return MemoryDatabase(store, producer="dispatch")


def the_handlers() -> Any:
    return handlers.handlers(max_rounds=MAX_ROUNDS, category_names=CATEGORY_NAMES)


def accepted(category: str, **changes: Any) -> CaseAccepted:
    fields: dict[str, Any] = {
        "category": category,
        "kind": RequestKind.COMPLAINT,
        "channel": Channel.WINDOW,
        "actor": "clerk:c1",
        "accepted_at": AT,
        "title": "路面塌陷",
    }
    return CaseAccepted(**(fields | changes))


def case_of(db: Db, case_id: str) -> HandlingCase:
    return db.store.cases.records[case_id].case


def state_of(db: Db, case_id: str) -> CaseState:
    return case_of(db, case_id).state


async def queued(db: Db, case_id: str = "C-1") -> str:
    await db.deliver(the_handlers(), accepted("noise"), case_id=case_id)
    return case_id


async def assigned(db: Db, case_id: str = "C-1") -> str:
    """Routed by the pothole rule: roads leads, parks co-handles."""
    await db.deliver(the_handlers(), accepted("pothole"), case_id=case_id)
    return case_id


async def signed(db: Db, case_id: str = "C-1") -> str:
    await assigned(db, case_id)
    await step(db, departments.sign, case_id, ROADS)
    return case_id


async def resolved(db: Db, case_id: str = "C-1") -> str:
    await signed(db, case_id)
    return await resolved_again(db, case_id)


async def resolved_again(db: Db, case_id: str = "C-1") -> str:
    """A reopened round handled to its end: signed, the co-handler's opinion, resolved."""
    if state_of(db, case_id) is CaseState.ASSIGNED:
        await step(db, departments.sign, case_id, ROADS)
    await step(db, departments.file_opinion, case_id, PARKS, opinion="已配合")
    await step(
        db,
        departments.resolve,
        case_id,
        ROADS,
        result=ResolutionResult.SOLVED,
        summary="已修复路面",
    )
    return case_id


async def returned(db: Db, case_id: str = "C-1") -> str:
    await assigned(db, case_id)
    await step(db, departments.return_case, case_id, ROADS, reason="不属本单位职责")
    return case_id


async def transferred(db: Db, case_id: str = "C-1") -> str:
    await queued(db, case_id)
    await step(db, dispatcher.transfer, case_id, DISPATCHER, unit="water-co", note="请供水公司处理")
    return case_id


async def step(db: Db, use_case: Any, *args: Any, **kwargs: Any) -> HandlingCase:
    """Run one use case in its own unit, as a route does."""
    async with db.unit_of_work() as uow:
        case: HandlingCase = await use_case(uow, *args, **kwargs)
    return case


async def refused(db: Db, use_case: Any, *args: Any, **kwargs: Any) -> ApiError:
    """Run a use case that must be refused; check the refusal changed and published nothing."""
    before = copy.deepcopy(vars(db.store))
    published = len(db.published)
    with pytest.raises(ApiError) as caught:
        async with db.unit_of_work() as uow:
            await use_case(uow, *args, **kwargs)
    assert vars(db.store) == before
    assert len(db.published) == published
    return caught.value


ROAD_ROUTE = Route("roads", ("parks",))
