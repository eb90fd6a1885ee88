"""The administrators' organisation editor: departments and sub-units, and the routing
rule of each category. Every request reads the database, so an edit is seen at once by every
replica."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel, ConfigDict, Field

from common.auth import Principal, require
from common.errors import NotFound
from common.http_docs import errors
from common.runtime import RuntimeDep
from common.text import Name, Text
from common.vocabulary import Role
from dispatch.api.schemas import Department, RoutingRule
from dispatch.repository.sql import SqlStore
from dispatch.service import organisation as org_service
from dispatch.service import taxonomy

router = APIRouter(prefix="/api/v1/org", tags=["organisation"])
Admin = Annotated[Principal, Depends(require(Role.ADMIN))]

ALL = errors(401, 403, 503)
LIST = errors(401, 403, 422, 503)
ONE = errors(401, 403, 404, 422, 503)

CODE_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
Code = Annotated[Text, Field(pattern=CODE_PATTERN)]


class DepartmentBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Name = Field(min_length=1, max_length=200)
    kind: Text = Field(default="bureau", pattern=r"^[a-z][a-z_-]{0,31}$")
    parent: Code | None = None


@router.get("/departments", response_model=list[Department], responses=ALL)
async def list_departments(_: Admin, runtime: RuntimeDep) -> list[dict[str, Any]]:
    async with runtime.db.session() as session:
        return await SqlStore(session).organisation.list_departments()


@router.get("/departments/{code}", response_model=Department, responses=ONE)
async def get_department(code: str, _: Admin, runtime: RuntimeDep) -> dict[str, Any]:
    async with runtime.db.session() as session:
        found = await SqlStore(session).organisation.get_department(code)
    if found is None:
        raise NotFound("department_not_found", f"单位 {code} 不存在")
    return found


@router.put("/departments/{code}", response_model=Department, responses=LIST)
async def put_department(
    code: Annotated[str, Path(pattern=CODE_PATTERN)],
    body: DepartmentBody,
    _: Admin,
    runtime: RuntimeDep,
) -> dict[str, Any]:
    """Create or change a department or sub-unit (a `parent` makes it a sub-unit)."""
    async with runtime.unit_of_work() as uow:
        return await org_service.put_department(
            uow, code=code, name=body.name, kind=body.kind, parent=body.parent
        )


# --- routing rules ----------------------------------------------------------------------


class RoutingRuleBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    lead: Code | None = Field(description="主办单位; null: a dispatcher routes by hand")
    co_handlers: list[Code] = Field(default_factory=list, max_length=20)


@router.get("/routing-rules", response_model=list[RoutingRule], responses=ALL)
async def list_routing_rules(_: Admin, runtime: RuntimeDep) -> list[dict[str, Any]]:
    async with runtime.db.session() as session:
        return await SqlStore(session).organisation.list_routing_rules()


@router.get("/routing-rules/{category}", response_model=RoutingRule, responses=ONE)
async def get_routing_rule(category: str, _: Admin, runtime: RuntimeDep) -> dict[str, Any]:
    async with runtime.db.session() as session:
        found = await SqlStore(session).organisation.get_routing_rule(category)
    if found is None:
        raise NotFound("routing_rule_not_found", f"分类 {category} 没有交办规则")
    return found


@router.put("/routing-rules/{category}", response_model=RoutingRule, responses=LIST)
async def put_routing_rule(
    category: Annotated[str, Path(pattern=CODE_PATTERN)],
    body: RoutingRuleBody,
    admin: Admin,
    runtime: RuntimeDep,
) -> dict[str, Any]:
    """The route of a category code from intake's catalogue; the next accepted case uses it.
    For an item of the taxonomy the change is logged and announced like any taxonomy edit."""
    async with runtime.unit_of_work() as uow:
        rule = await org_service.put_routing_rule(
            uow, category=category, lead=body.lead, co_handlers=body.co_handlers
        )
        await taxonomy.routing_changed(uow, category, rule, actor=admin.actor)
    return rule
