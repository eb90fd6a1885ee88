"""Staff accounts: create, change, deactivate, set a password."""

from __future__ import annotations

import asyncio
from typing import Any

from common.auth import hash_password
from common.clock import utcnow
from common.errors import Conflict, NotFound
from common.vocabulary import Role
from dispatch.domain.organisation import check_password, check_staff
from dispatch.repository.store import StaffRepository, Unit
from dispatch.service.organisation import org_rule


async def create_staff(
    uow: Unit,
    *,
    username: str,
    name: str,
    role: Role,
    department: str | None,
    password: str,
    reviews_knowledge: bool = False,
) -> dict[str, Any]:
    known = await uow.store.organisation.department_parents()
    org_rule(lambda: check_staff(role, department, known, reviews_knowledge=reviews_knowledge))
    org_rule(lambda: check_password(password))
    password_hash = await asyncio.to_thread(hash_password, password)
    created = await uow.store.staff.create_staff(
        values={
            "username": username,
            "name": name,
            "role": role.value,
            "department": department,
            "password_hash": password_hash,
            "reviews_knowledge": reviews_knowledge,
        },
        now=utcnow(),
    )
    if not created:
        raise Conflict("username_taken", f"用户名 {username} 已被使用")
    return await existing_staff(uow.store.staff, username)


async def existing_staff(staff: StaffRepository, username: str) -> dict[str, Any]:
    """The account, or 404; the read route asks it too."""
    found = await staff.get_staff(username)
    if found is None:
        raise NotFound("staff_not_found", f"没有用户名为 {username} 的工作人员")
    return found


async def update_staff(uow: Unit, username: str, *, changes: dict[str, Any]) -> dict[str, Any]:
    """Change name, role, department, reviewer or active flag; the result must still be
    consistent."""
    current = await existing_staff(uow.store.staff, username)
    merged = {**current, **changes}
    known = await uow.store.organisation.department_parents()
    org_rule(
        lambda: check_staff(
            Role(merged["role"]),
            merged["department"],
            known,
            reviews_knowledge=merged["reviews_knowledge"],
        )
    )
    values = {k: (v.value if isinstance(v, Role) else v) for k, v in changes.items()}
    if values:
        await uow.store.staff.update_staff(username, values=values, now=utcnow())
    return await existing_staff(uow.store.staff, username)


async def set_password(uow: Unit, username: str, *, password: str) -> None:
    await existing_staff(uow.store.staff, username)
    org_rule(lambda: check_password(password))
    password_hash = await asyncio.to_thread(hash_password, password)
    await uow.store.staff.update_staff(
        username, values={"password_hash": password_hash}, now=utcnow()
    )
    await uow.store.staff.clear_login_failures(username)
