"""Rules of the district's organisation and of logging in. Pure code, no I/O."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from common.vocabulary import Role


class OrganisationRuleBroken(Exception):
    """An edit that would make the organisation inconsistent (HTTP 422)."""

    def __init__(self, code: str, message: str, **details: Any) -> None:
        super().__init__(message)
        self.code = code
        self.details = details


def check_parent(code: str, parent: str | None, parents: Mapping[str, str | None]) -> None:
    """A sub-unit's parent must exist, and following parents must never lead back to it.
    `parents` maps every known department to its current parent."""
    if parent is None:
        return
    if parent not in parents:
        raise OrganisationRuleBroken(
            "unknown_department", f"上级单位 {parent} 不存在", parent=parent
        )
    seen = {code}
    current: str | None = parent
    while current is not None:
        if current in seen:
            raise OrganisationRuleBroken(
                "department_cycle",
                f"将 {parent} 设为 {code} 的上级单位，会使 {code} 成为自己的上级",
                department=code,
                parent=parent,
            )
        seen.add(current)
        current = parents.get(current)


def check_route(lead: str | None, co_handlers: Collection[str], known: Collection[str]) -> None:
    """A routing rule names existing departments, and the lead is not also a co-handler."""
    unknown = [code for code in [lead, *co_handlers] if code is not None and code not in known]
    if unknown:
        raise OrganisationRuleBroken(
            "unknown_department",
            f"交办规则中的单位不存在：{'、'.join(unknown)}",
            unknown_departments=unknown,
        )
    if lead is None and co_handlers:
        raise OrganisationRuleBroken(
            "lead_required", "指定协办单位时须指定主办单位（lead）", co_handlers=list(co_handlers)
        )
    if lead is not None and lead in co_handlers:
        raise OrganisationRuleBroken(
            "lead_is_co_handler", f"{lead} 不能既是主办单位又是协办单位", department=lead
        )
    if len(set(co_handlers)) != len(co_handlers):
        raise OrganisationRuleBroken("duplicate_co_handler", "协办单位重复")


def check_staff(
    role: Role,
    department: str | None,
    known: Collection[str],
    *,
    reviews_knowledge: bool = False,
) -> None:
    """A handler acts for a department, so it must have one; any department must exist. The
    knowledge-base reviewer (知识库审核人) publishes its department's articles, so it is one of
    the department's handlers."""
    if department is not None and department not in known:
        raise OrganisationRuleBroken(
            "unknown_department", f"单位 {department} 不存在", department=department
        )
    if role is Role.HANDLER and department is None:
        raise OrganisationRuleBroken(
            "department_required", "承办单位人员须指定所属单位（department）", role=role.value
        )
    if reviews_knowledge and role is not Role.HANDLER:
        raise OrganisationRuleBroken(
            "reviewer_not_handler",
            "知识库审核人（reviews_knowledge）须为承办单位人员（handler）",
            role=role.value,
        )


MIN_PASSWORD_LENGTH = 10


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH or password.strip() != password:
        raise OrganisationRuleBroken(
            "weak_password",
            f"密码至少{MIN_PASSWORD_LENGTH}个字符，且首尾不能有空格",
            min_length=MIN_PASSWORD_LENGTH,
        )


@dataclass(frozen=True)
class LoginThrottle:
    """After `max_failures` wrong passwords for a username within `window`, the username is
    locked for `lock`. A success clears the count."""

    max_failures: int
    lock: timedelta
    window: timedelta

    def is_locked(self, locked_until: datetime | None, now: datetime) -> bool:
        return locked_until is not None and locked_until > now

    def after_failure(
        self, failures: int, last_failure_at: datetime | None, now: datetime
    ) -> tuple[int, datetime | None]:
        """The new failure count, and the lock's end if this failure locks the username."""
        if last_failure_at is None or now - last_failure_at > self.window:
            failures = 0
        failures += 1
        if failures >= self.max_failures:
            return failures, now + self.lock
        return failures, None
