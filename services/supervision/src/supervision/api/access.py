"""What every supervision route shares: who may call it, the errors it documents, and the
plumbing written once (a use case in a unit of work, a record table's listing)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any, Concatenate, ParamSpec, TypeVar

from fastapi import APIRouter, Depends
from sqlalchemy import Table

from common.auth import Principal, require
from common.http_docs import errors
from common.runtime import Runtime
from common.vocabulary import Role
from supervision.repository import views
from supervision.repository.store import Unit

P = ParamSpec("P")
T = TypeVar("T")

Supervisor = Annotated[Principal, Depends(require(Role.SUPERVISOR, Role.ADMIN))]
#: Reads signals, records and figures; a leader (领导) reads them too and acts on none.
Reader = Annotated[
    Principal, Depends(require(Role.SUPERVISOR, Role.ADMIN, Role.DISPATCHER, Role.LEADER))
]
DepartmentStaff = Annotated[Principal, Depends(require(Role.HANDLER))]
OrderReader = Annotated[
    Principal, Depends(require(Role.HANDLER, Role.SUPERVISOR, Role.ADMIN, Role.DISPATCHER))
]

LIST = errors(401, 403, 422, 503)
#: A record about a case: 404 when supervision has not seen the case.
ABOUT_CASE = errors(401, 403, 404, 422, 503)
#: A step on a record: 404 when there is no such record, 409 when it was taken already.
ON_RECORD = errors(401, 403, 404, 409, 422, 503)
#: A step on a record that cannot have been taken already.
ON_ITEM = errors(401, 403, 404, 422, 503)


def router() -> APIRouter:
    return APIRouter(prefix="/api/v1", tags=["supervision"])


def own_department(principal: Principal, department: str | None) -> str | None:
    """A department's staff see their own department's records only."""
    return principal.department if principal.role is Role.HANDLER else department


async def act(
    runtime: Runtime,
    use_case: Callable[Concatenate[Unit, P], Awaitable[T]],
    /,
    *args: P.args,
    **kwargs: P.kwargs,
) -> T:
    """Run a use case in one unit of work: its changes and events commit together."""
    async with runtime.unit_of_work() as uow:
        return await use_case(uow, *args, **kwargs)


async def listed(
    runtime: Runtime, table: Table, *, order_by: str, **equal: Any
) -> list[dict[str, Any]]:
    """A record table's rows, newest first, filtered on the columns given a value."""
    async with runtime.db.session() as session:
        return await views.rows_of(session, table, order_by=order_by, **equal)
