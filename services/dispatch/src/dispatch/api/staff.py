"""The administrators' staff editor: accounts, their roles and departments, passwords."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from common.bounds import OFFSET_MAX
from common.errors import Unprocessable
from common.http_docs import errors
from common.runtime import RuntimeDep
from common.text import Name, Text
from common.vocabulary import Role
from dispatch.api.organisation import LIST, ONE, Admin, Code
from dispatch.api.schemas import StaffMember
from dispatch.repository.sql import SqlStore
from dispatch.service import staff as staff_service

router = APIRouter(prefix="/api/v1/org", tags=["organisation"])
USERNAME_PATTERN = r"^[a-z0-9][a-z0-9._-]{0,63}$"


class NewStaff(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: Text = Field(pattern=USERNAME_PATTERN)
    name: Name = Field(min_length=1, max_length=100)
    role: Role
    department: Code | None = None
    password: Text = Field(max_length=256)
    reviews_knowledge: bool = Field(
        default=False, description="知识库审核人：可发布本单位的知识库文章（仅限承办单位人员）"
    )


class StaffChanges(BaseModel):
    """Only the fields sent change; `department: null` removes the department."""

    model_config = ConfigDict(extra="forbid")
    name: Name | None = Field(default=None, min_length=1, max_length=100)
    role: Role | None = None
    department: Code | None = None
    active: bool | None = None
    reviews_knowledge: bool | None = Field(default=None, description="知识库审核人")


#: What a change may not empty, with the names people read.
REQUIRED_STAFF_FIELDS = {
    "name": "姓名",
    "role": "角色",
    "active": "启用状态",
    "reviews_knowledge": "知识库审核人",
}


class NewPassword(BaseModel):
    model_config = ConfigDict(extra="forbid")
    password: Text = Field(max_length=256)


@router.get("/staff", response_model=list[StaffMember], responses=LIST)
async def list_staff(
    _: Admin,
    runtime: RuntimeDep,
    role: Annotated[Role | None, Query()] = None,
    department: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int | None, Query(ge=1, le=500, description="每页人数；省略时全部")] = None,
    offset: Annotated[int, Query(ge=0, le=OFFSET_MAX)] = 0,
) -> list[dict[str, Any]]:
    """Staff by username, a page at a time when `limit` is given."""
    async with runtime.db.session() as session:
        return await SqlStore(session).staff.list_staff(
            role=role.value if role else None,
            department=department,
            limit=limit,
            offset=offset,
        )


@router.post(
    "/staff", status_code=201, response_model=StaffMember, responses=errors(401, 403, 409, 422, 503)
)
async def create_staff(body: NewStaff, _: Admin, runtime: RuntimeDep) -> dict[str, Any]:
    async with runtime.unit_of_work() as uow:
        return await staff_service.create_staff(
            uow,
            username=body.username,
            name=body.name,
            role=body.role,
            department=body.department,
            password=body.password,
            reviews_knowledge=body.reviews_knowledge,
        )


@router.get("/staff/{username}", response_model=StaffMember, responses=ONE)
async def get_staff(username: str, _: Admin, runtime: RuntimeDep) -> dict[str, Any]:
    async with runtime.db.session() as session:
        return await staff_service.existing_staff(SqlStore(session).staff, username)


@router.patch("/staff/{username}", response_model=StaffMember, responses=ONE)
async def update_staff(
    username: str, body: StaffChanges, _: Admin, runtime: RuntimeDep
) -> dict[str, Any]:
    changes = {field: getattr(body, field) for field in body.model_fields_set}
    for field, label in REQUIRED_STAFF_FIELDS.items():
        if field in changes and changes[field] is None:
            raise Unprocessable("validation_failed", f"{label}（{field}）不能为空", field=field)
    async with runtime.unit_of_work() as uow:
        return await staff_service.update_staff(uow, username, changes=changes)


@router.post("/staff/{username}/deactivate", response_model=StaffMember, responses=ONE)
async def deactivate_staff(username: str, _: Admin, runtime: RuntimeDep) -> dict[str, Any]:
    """The account can no longer log in; tokens already issued expire on their own."""
    async with runtime.unit_of_work() as uow:
        return await staff_service.update_staff(uow, username, changes={"active": False})


@router.put("/staff/{username}/password", status_code=204, responses=ONE)
async def set_password(username: str, body: NewPassword, _: Admin, runtime: RuntimeDep) -> None:
    async with runtime.unit_of_work() as uow:
        await staff_service.set_password(uow, username, password=body.password)
