"""The administrators' taxonomy editor: the tree (domain -> category -> item) with each
item's request kinds and routing, and the edits that change it live (docs/adr/0019-live-taxonomy.md)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, ConfigDict, Field

from common.auth import Principal, require
from common.errors import Unprocessable
from common.http_docs import errors
from common.runtime import RuntimeDep
from common.text import Name, Text
from common.vocabulary import RequestKind, Role
from dispatch.domain.taxonomy import Changes, Node
from dispatch.repository.sql import SqlStore
from dispatch.service import taxonomy

router = APIRouter(prefix="/api/v1/taxonomy", tags=["taxonomy"])
Admin = Annotated[Principal, Depends(require(Role.ADMIN))]
CODE_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
Code = Annotated[Text, Field(pattern=CODE_PATTERN)]
EDIT = errors(401, 403, 404, 409, 422, 503)


class TaxonomyItem(BaseModel):
    code: str
    level: Literal["item"]
    name: str
    retired: bool
    kinds: list[RequestKind]
    lead: str | None = Field(description="主办单位")
    co_handlers: list[str] = Field(description="协办单位")
    updated_at: datetime | None = None
    updated_by: str | None = None


class TaxonomyCategory(BaseModel):
    code: str
    level: Literal["category"]
    name: str
    retired: bool
    items: list[TaxonomyItem]
    updated_at: datetime | None = None
    updated_by: str | None = None


class TaxonomyDomain(BaseModel):
    code: str
    level: Literal["domain"]
    name: str
    retired: bool
    categories: list[TaxonomyCategory]
    updated_at: datetime | None = None
    updated_by: str | None = None


class TaxonomyTree(BaseModel):
    domains: list[TaxonomyDomain]
    ungrouped: list[TaxonomyItem] = Field(description="不属于任何类别的事项（平铺的分类目录）")


class TaxonomyNode(BaseModel):
    code: str
    level: Literal["domain", "category", "item"]
    name: str
    parent: str | None
    kinds: list[RequestKind]
    lead: str | None
    co_handlers: list[str]
    retired: bool
    version: int = Field(description="分类目录的版本（修改记录编号）")
    updated_at: datetime
    updated_by: str


class TaxonomyEdit(BaseModel):
    id: int
    code: str
    action: str = Field(description="add, change, retire, restore, seed")
    detail: dict[str, Any]
    actor: str
    at: datetime


class NewNode(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: Code
    level: Literal["domain", "category", "item"]
    name: Name = Field(min_length=1, max_length=100)
    parent: Code | None = Field(default=None, description="类别属于领域，事项属于类别")
    kinds: list[RequestKind] = Field(default_factory=list, max_length=6)
    lead: Code | None = Field(default=None, description="主办单位（事项必填）")
    co_handlers: list[Code] = Field(default_factory=list, max_length=20)


class NodeChanges(BaseModel):
    """Only the fields sent change. `parent` moves the node; `lead` and `co_handlers` change
    an item's routing (sent together, or `co_handlers` is emptied)."""

    model_config = ConfigDict(extra="forbid")
    name: Name | None = Field(default=None, min_length=1, max_length=100)
    parent: Code | None = None
    kinds: list[RequestKind] | None = Field(default=None, max_length=6)
    lead: Code | None = None
    co_handlers: list[Code] | None = Field(default=None, max_length=20)


@router.get("", response_model=TaxonomyTree, responses=errors(401, 403, 503))
async def get_tree(_: Admin, runtime: RuntimeDep) -> dict[str, Any]:
    """分类目录: every domain, category and item, retired ones included."""
    async with runtime.db.session() as session:
        return await taxonomy.tree(SqlStore(session).taxonomy)


@router.post("/nodes", status_code=201, response_model=TaxonomyNode, responses=EDIT)
async def add_node(body: NewNode, admin: Admin, runtime: RuntimeDep) -> dict[str, Any]:
    """Add a domain, a category under a domain, or an item under a category (with its lead)."""
    node = Node(
        code=body.code,
        level=body.level,
        name=body.name,
        parent=body.parent,
        kinds=tuple(k.value for k in body.kinds),
        lead=body.lead,
        co_handlers=tuple(body.co_handlers),
    )
    async with runtime.unit_of_work() as uow:
        return await taxonomy.add(uow, node, actor=admin.actor)


@router.patch("/nodes/{code}", response_model=TaxonomyNode, responses=EDIT)
async def change_node(
    code: Annotated[str, Path(pattern=CODE_PATTERN)],
    body: NodeChanges,
    admin: Admin,
    runtime: RuntimeDep,
) -> dict[str, Any]:
    """Rename, move to another parent, change an item's request kinds or routing."""
    sent = body.model_fields_set
    if "name" in sent and body.name is None:
        raise Unprocessable("validation_failed", "名称（name）不能为空", field="name")
    changes = Changes(
        name=body.name,
        parent=body.parent,
        move="parent" in sent,
        kinds=tuple(k.value for k in body.kinds) if body.kinds is not None else None,
        lead=body.lead,
        route=bool(sent & {"lead", "co_handlers"}),
        co_handlers=tuple(body.co_handlers) if body.co_handlers is not None else None,
    )
    async with runtime.unit_of_work() as uow:
        return await taxonomy.change(uow, code, changes, actor=admin.actor)


@router.post("/nodes/{code}/retire", response_model=TaxonomyNode, responses=EDIT)
async def retire_node(
    code: Annotated[str, Path(pattern=CODE_PATTERN)], admin: Admin, runtime: RuntimeDep
) -> dict[str, Any]:
    """停用 an item: no new cases under it; cases filed under it keep it."""
    async with runtime.unit_of_work() as uow:
        return await taxonomy.retire(uow, code, actor=admin.actor)


@router.post("/nodes/{code}/restore", response_model=TaxonomyNode, responses=EDIT)
async def restore_node(
    code: Annotated[str, Path(pattern=CODE_PATTERN)], admin: Admin, runtime: RuntimeDep
) -> dict[str, Any]:
    """Take a retired item back into use."""
    async with runtime.unit_of_work() as uow:
        return await taxonomy.restore(uow, code, actor=admin.actor)


@router.get("/edits", response_model=list[TaxonomyEdit], responses=errors(401, 403, 422, 503))
async def list_edits(
    _: Admin,
    runtime: RuntimeDep,
    code: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[dict[str, Any]]:
    """修改记录: who changed what and when, newest first."""
    async with runtime.db.session() as session:
        return await SqlStore(session).taxonomy.edits(code=code, limit=limit)
