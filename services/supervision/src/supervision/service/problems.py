"""The problem list (问题清单): supervisors add and close items; imported batches (座谈会,
大走访) are published on it with their progress, or withdrawn."""

from __future__ import annotations

from datetime import date
from typing import Any

from common.auth import Principal
from common.clock import utcnow
from common.errors import NotFound, Unprocessable
from supervision.domain.breakdown import batch_progress, batches
from supervision.repository.store import Unit


async def add_problem(
    uow: Unit,
    *,
    title: str,
    responsible_unit: str,
    time_limit: date,
    linked_cases: list[str],
    principal: Principal,
) -> dict[str, Any]:
    return await uow.store.problems.add(
        {
            "title": title,
            "responsible_unit": responsible_unit,
            "time_limit": time_limit,
            "linked_cases": linked_cases,
            "status": "open",
            "created_by": principal.actor,
        }
    )


async def update_problem(uow: Unit, *, item_id: int, changes: dict[str, Any]) -> dict[str, Any]:
    """An item is closed (销号) only with its outcome written down."""
    if not changes:
        raise Unprocessable("nothing_to_change", "请求没有要修改的内容")
    item = await uow.store.problems.locked(item_id)
    if item is None:
        raise NotFound("problem_not_found", f"问题清单中没有第{item_id}项")
    merged = {**item, **changes}
    if merged["status"] == "done" and not merged.get("outcome"):
        raise Unprocessable("outcome_required", "销号须填写整改结果（outcome）")
    now = utcnow()
    await uow.store.problems.update(item_id, **changes, updated_at=now)
    return {**merged, "updated_at": now}


async def known_batches(uow: Unit) -> list[dict[str, Any]]:
    """Every batch with its title, case count and whether it is published."""
    published = set(await uow.store.batches.published_ids())
    return [
        {**entry, "published": entry["batch_id"] in published}
        for entry in batches(await uow.store.facts.of_batches(None))
    ]


async def publish_batch(uow: Unit, *, batch_id: str, principal: Principal) -> dict[str, Any]:
    """Show a batch's progress on the public problem list. 404 for a batch with no case."""
    cases = await uow.store.facts.of_batches([batch_id])
    if not cases:
        raise NotFound("batch_not_found", f"督查系统中没有批次 {batch_id} 的诉求")
    await uow.store.batches.publish(batch_id, principal.actor, utcnow())
    return batch_progress(batch_id, cases)


async def withdraw_batch(uow: Unit, *, batch_id: str) -> None:
    if not await uow.store.batches.withdraw(batch_id):
        raise NotFound("batch_not_published", f"批次 {batch_id} 未在问题清单中公开")


async def published_progress(uow: Unit) -> list[dict[str, Any]]:
    """The progress of every published batch, in the order they were published."""
    ids = await uow.store.batches.published_ids()
    cases = await uow.store.facts.of_batches(ids)
    return [batch_progress(batch_id, cases) for batch_id in ids]
