"""Campaign ledgers (专项整治台账): a supervisor opens one (an evaluation campaign opens one
for the problems it collects), tags cases and collected opinions into it, decides each
entry's disposition, responsible unit and time limit; the responsible unit's handler reports
progress until it is rectified; the ledger is published on the public problem list or
withdrawn from it. ledger_views.py reads them back with their figures."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from common.auth import Principal, ensure_department
from common.clock import local_date, utcnow
from common.district import DEFAULT_LEDGER_DISPOSITIONS
from common.errors import Conflict, Forbidden, NotFound, Unprocessable
from common.vocabulary import Role
from supervision.domain.ledgers import (
    RECTIFIED,
    Disposition,
    Source,
    disposition_problem,
    time_limit_problem,
)
from supervision.repository.store import Unit
from supervision.service.evidence import known_case
from supervision.service.ledger_views import entry_view, ledger_view

#: The dispositions every district has; the API passes the district's full list.
DEFAULT_DISPOSITIONS = tuple(Disposition(d.code, d.name) for d in DEFAULT_LEDGER_DISPOSITIONS)
#: What a responsible unit's handler may report on its own entries.
PROGRESS_FIELDS = frozenset({"progress", "outcome"})


async def open_ledger(
    uow: Unit,
    *,
    title: str,
    description: str | None = None,
    campaign_id: str | None = None,
    principal: Principal,
    dispositions: Sequence[Disposition] = DEFAULT_DISPOSITIONS,
) -> dict[str, Any]:
    """A new, empty, unpublished ledger, with its (zero) figures."""
    row = await uow.store.ledgers.add(
        {
            "title": title,
            "description": description,
            "campaign_id": campaign_id,
            "created_by": principal.actor,
        }
    )
    return ledger_view(row, [], dispositions)


async def existing_ledger(uow: Unit, ledger_id: int, *, lock: bool = False) -> dict[str, Any]:
    ledger = await uow.store.ledgers.get(ledger_id, lock=lock)
    if ledger is None:
        raise NotFound("ledger_not_found", f"没有编号为 {ledger_id} 的台账")
    return ledger


def _invalid(code: str, message: str, field: str) -> Unprocessable:
    return Unprocessable(code, message, field=field)


async def add_entry(
    uow: Unit,
    *,
    ledger_id: int,
    source: Source,
    case_id: str | None = None,
    text: str | None = None,
    raised_by: str | None = None,
    collected_on: date | None = None,
    responsible_unit: str | None = None,
    time_limit: date | None = None,
    principal: Principal,
) -> dict[str, Any]:
    """A case supervision knows (its lead department the responsible unit unless another is
    given; a case once per ledger) or an opinion (what was said, required), collected today
    (Asia/Shanghai) unless another day is given; undecided and open."""
    await existing_ledger(uow, ledger_id, lock=True)
    if source == "case":
        if case_id is None:
            raise _invalid("case_id_required", "来自案件的条目须填写受理编号（case_id）", "case_id")
        facts = await known_case(uow, case_id)
        if await uow.store.ledgers.entries(ledger_ids=[ledger_id], case_id=case_id):
            raise Conflict("case_already_in_ledger", f"案件 {case_id} 已在本台账中")
        responsible_unit = responsible_unit or facts.department
    elif case_id is not None:
        raise _invalid("case_id_not_allowed", "群众意见条目不填写受理编号（case_id）", "case_id")
    elif not (text or "").strip():
        raise _invalid("text_required", "群众意见条目须填写意见内容（text）", "text")
    collected_on = collected_on or local_date(utcnow())
    if problem := time_limit_problem(time_limit, collected_on):
        raise _invalid("time_limit_before_collected", problem, "time_limit")
    row = await uow.store.ledgers.add_entry(
        {
            "ledger_id": ledger_id,
            "source": source,
            "case_id": case_id,
            "text": text,
            "raised_by": raised_by,
            "collected_on": collected_on,
            "responsible_unit": responsible_unit,
            "time_limit": time_limit,
            "created_by": principal.actor,
        }
    )
    return entry_view(row, local_date(utcnow()))


async def update_entry(
    uow: Unit,
    *,
    ledger_id: int,
    entry_id: int,
    changes: dict[str, Any],
    principal: Principal,
    dispositions: Sequence[Disposition] = DEFAULT_DISPOSITIONS,
) -> dict[str, Any]:
    """A supervisor decides the disposition, responsible unit and time limit; the responsible
    unit's handler (and a supervisor) reports progress. Rectified only with the outcome."""
    if not changes:
        raise Unprocessable("nothing_to_change", "请求没有要修改的内容")
    entry = await uow.store.ledgers.entry(ledger_id, entry_id)
    if entry is None:
        raise NotFound("entry_not_found", f"台账 {ledger_id} 中没有第 {entry_id} 条")
    ensure_department(principal, [entry["responsible_unit"]], "台账条目")
    if principal.role is Role.HANDLER and not set(changes) <= PROGRESS_FIELDS:
        raise Forbidden(
            "progress_only", "责任单位只能报送整改进展（progress）和整改结果（outcome）"
        )
    merged = {**entry, **changes}
    if "disposition" in changes and (
        problem := disposition_problem(changes["disposition"], dispositions)
    ):
        raise _invalid("unknown_disposition", problem, "disposition")
    if problem := time_limit_problem(merged["time_limit"], merged["collected_on"]):
        raise _invalid("time_limit_before_collected", problem, "time_limit")
    if merged["progress"] == RECTIFIED and not merged.get("outcome"):
        raise _invalid("outcome_required", "整改完成须填写整改结果（outcome）", "outcome")
    now = utcnow()
    if merged["progress"] != RECTIFIED:
        changes = {**changes, "rectified_at": None}
    elif entry["progress"] != RECTIFIED:
        changes = {**changes, "rectified_at": now}
    changes |= {"updated_by": principal.actor, "updated_at": now}
    await uow.store.ledgers.update_entry(entry_id, **changes)
    return entry_view({**entry, **changes}, local_date(now))


async def publish_ledger(
    uow: Unit,
    *,
    ledger_id: int,
    principal: Principal,
    dispositions: Sequence[Disposition] = DEFAULT_DISPOSITIONS,
) -> dict[str, Any]:
    """Shown on the public problem list; publishing a published ledger keeps its first time."""
    ledger = await existing_ledger(uow, ledger_id, lock=True)
    if ledger["published_at"] is None:
        published = {"published_by": principal.actor, "published_at": utcnow()}
        await uow.store.ledgers.update(ledger_id, **published)
        ledger |= published
    return ledger_view(
        ledger, await uow.store.ledgers.entries(ledger_ids=[ledger_id]), dispositions
    )


async def withdraw_ledger(
    uow: Unit,
    *,
    ledger_id: int,
    dispositions: Sequence[Disposition] = DEFAULT_DISPOSITIONS,
) -> dict[str, Any]:
    """Hidden from the public again (withdrawing an unpublished ledger changes nothing)."""
    ledger = await existing_ledger(uow, ledger_id, lock=True)
    if ledger["published_at"] is not None:
        withdrawn = {"published_by": None, "published_at": None}
        await uow.store.ledgers.update(ledger_id, **withdrawn)
        ledger |= withdrawn
    return ledger_view(
        ledger, await uow.store.ledgers.entries(ledger_ids=[ledger_id]), dispositions
    )
