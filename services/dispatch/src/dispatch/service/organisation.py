"""The organisation: departments and sub-units, routing rules, and the district file's
first seeding."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from common.clock import utcnow
from common.district import District
from common.errors import Unprocessable
from dispatch.domain.organisation import OrganisationRuleBroken, check_parent, check_route
from dispatch.repository.store import Unit


def org_rule(step: Callable[[], None]) -> None:
    try:
        step()
    except OrganisationRuleBroken as broken:
        raise Unprocessable(broken.code, str(broken), **broken.details) from broken


async def put_department(
    uow: Unit, *, code: str, name: str, kind: str, parent: str | None
) -> dict[str, Any]:
    parents = await uow.store.organisation.department_parents()
    org_rule(lambda: check_parent(code, parent, parents))
    await uow.store.organisation.put_department(
        code=code, name=name, kind=kind, parent=parent, now=utcnow()
    )
    found = await uow.store.organisation.get_department(code)
    assert found is not None
    return found


async def put_routing_rule(
    uow: Unit, *, category: str, lead: str | None, co_handlers: list[str]
) -> dict[str, Any]:
    known = await uow.store.organisation.department_parents()
    org_rule(lambda: check_route(lead, co_handlers, known))
    await uow.store.organisation.put_routing_rule(
        category=category, lead=lead, co_handlers=co_handlers, now=utcnow()
    )
    found = await uow.store.organisation.get_routing_rule(category)
    assert found is not None
    return found


async def seed_organisation(
    uow: Unit, district: District, *, sha256: str, demo_accounts: bool
) -> bool:
    return await uow.store.organisation.seed_district(
        district, sha256=sha256, now=utcnow(), demo_accounts=demo_accounts
    )
