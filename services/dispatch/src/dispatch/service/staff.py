"""Staff accounts: create, change, deactivate, set a password."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from common.auth import hash_password
from common.clock import utcnow
from common.errors import Conflict, NotFound
from common.vocabulary import Role
from dispatch.domain.organisation import check_password, check_staff
from dispatch.repository import organisation, staff
from dispatch.service.organisation import org_rule


async def create_staff(
    session: AsyncSession,
    *,
    username: str,
    name: str,
    role: Role,
    department: str | None,
    password: str,
) -> dict[str, Any]:
    known = await organisation.department_parents(session)
    org_rule(lambda: check_staff(role, department, known))
    org_rule(lambda: check_password(password))
    password_hash = await asyncio.to_thread(hash_password, password)
    created = await staff.create_staff(
        session,
        values={
            "username": username,
            "name": name,
            "role": role.value,
            "department": department,
            "password_hash": password_hash,
        },
        now=utcnow(),
    )
    if not created:
        raise Conflict("username_taken", f"用户名 {username} 已被使用")
    return await existing_staff(session, username)


async def existing_staff(session: AsyncSession, username: str) -> dict[str, Any]:
    found = await staff.get_staff(session, username)
    if found is None:
        raise NotFound("staff_not_found", f"没有用户名为 {username} 的工作人员")
    return found


async def update_staff(
    session: AsyncSession, username: str, *, changes: dict[str, Any]
) -> dict[str, Any]:
    """Change name, role, department or active flag; the result must still be consistent."""
    current = await existing_staff(session, username)
    merged = {**current, **changes}
    known = await organisation.department_parents(session)
    org_rule(lambda: check_staff(Role(merged["role"]), merged["department"], known))
    values = {k: (v.value if isinstance(v, Role) else v) for k, v in changes.items()}
    if values:
        await staff.update_staff(session, username, values=values, now=utcnow())
    return await existing_staff(session, username)


async def set_password(session: AsyncSession, username: str, *, password: str) -> None:
    await existing_staff(session, username)
    org_rule(lambda: check_password(password))
    password_hash = await asyncio.to_thread(hash_password, password)
    await staff.update_staff(
        session, username, values={"password_hash": password_hash}, now=utcnow()
    )
    await staff.clear_login_failures(session, username)
