"""Use cases of the window's routine: the duty roster (set by an administrator or supervisor,
read by any staff) and who received a window case, with the leader on duty then."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from common.auth import Principal
from common.clock import local_date, utcnow
from common.errors import Unprocessable
from common.vocabulary import Channel
from intake.domain import roster as rules
from intake.domain.roster import Half
from intake.repository.store import Store, Unit
from intake.window.schemas import DutyInput

#: the channels registered at the window itself, where a clerk receives the visitor
WINDOW_CHANNELS = frozenset({Channel.WINDOW, Channel.LEADER_AT_WINDOW})


async def set_duty(
    uow: Unit, day: date, half: Half, duty: DutyInput, *, editor: Principal
) -> dict[str, Any]:
    """One half day's roster, replacing what it had."""
    repeated = rules.duplicate_specialists([(s.username, s.name) for s in duty.specialists])
    if repeated:
        raise Unprocessable(
            "duplicate_specialist",
            "同一窗口专员在本时段列了两次",
            fields=[
                {"field": f"specialists.{i}", "message": "窗口专员重复", "type": "duplicate"}
                for i in repeated
            ],
        )
    values = {
        "duty_date": day,
        "half": half.value,
        "specialists": [s.model_dump() for s in duty.specialists],
        "leader_name": duty.leader.name,
        "leader_title": duty.leader.title,
        "leader_department": duty.leader.department,
        "updated_by": editor.actor,
        "updated_at": utcnow(),
    }
    await uow.store.window.put_duty(values)
    found = await uow.store.window.duty(day, half.value)
    assert found is not None  # just written, in the same transaction
    return found


async def roster(store: Store, start: date | None, end: date | None) -> list[dict[str, Any]]:
    """The half days rostered in a range of days (default: today and the next 13)."""
    first, last = rules.default_range(local_date(utcnow()))
    start, end = start or first, end or (start + (last - first) if start else last)
    problem = rules.range_problem(start, end)
    if problem is not None:
        raise Unprocessable(
            "invalid_range",
            problem.message,
            fields=[{"field": problem.field, "message": problem.message, "type": "value"}],
        )
    return await store.window.duties(start, end)


async def on_duty(store: Store, moment: datetime) -> dict[str, Any]:
    """The half day an instant falls in and who is rostered for it (None: nobody)."""
    slot = rules.slot_of(moment)
    return {
        "date": slot.day,
        "half": slot.half.value,
        "duty": await store.window.duty(slot.day, slot.half.value),
    }


async def reception(
    store: Store, channel: Channel, clerk: Principal | None, moment: datetime
) -> dict[str, Any]:
    """What a case registered at the window records of who received it: the clerk, and the
    leader the roster has on duty for that half day (None when nobody is rostered)."""
    if clerk is None or channel not in WINDOW_CHANNELS:
        return {}
    slot = rules.slot_of(moment)
    duty = await store.window.duty(slot.day, slot.half.value)
    return {
        "received_by_username": clerk.username,
        "received_by_name": clerk.name or clerk.username,
        "leader_on_duty": duty["leader"]["name"] if duty else None,
    }


def received_view(case: Any) -> dict[str, Any]:
    """The staff case view's lines on who received the case."""
    received = (
        {"username": case.received_by_username, "name": case.received_by_name}
        if case.received_by_username
        else None
    )
    return {"received_by": received, "leader_on_duty": case.leader_on_duty}
