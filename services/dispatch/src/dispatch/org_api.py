"""Dispatch HTTP routes for staff: login, and the administrators' organisation editor.

Every request reads the database, so an edit is seen at once by every replica."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal
from urllib.parse import parse_qs
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from common.auth import Principal, Staff, codec_of, require
from common.bounds import OFFSET_MAX
from common.errors import ApiError, NotFound, Unprocessable
from common.http import field_errors
from common.http_docs import errors
from common.runtime import Runtime, get_runtime
from common.text import Name, Text
from common.vocabulary import Role
from dispatch import repository, service, taxonomy
from dispatch.config import Settings
from dispatch.schemas import Department, RoutingRule, StaffMember

auth_router = APIRouter(prefix="/api/v1/auth", tags=["login"])
org_router = APIRouter(prefix="/api/v1/org", tags=["organisation"])
public_router = APIRouter(prefix="/api/v1/public", tags=["public"])
RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
Admin = Annotated[Principal, Depends(require(Role.ADMIN))]

ALL = errors(401, 403, 503)
LIST = errors(401, 403, 422, 503)
ONE = errors(401, 403, 404, 422, 503)

CODE_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
SHANGHAI = ZoneInfo("Asia/Shanghai")
USERNAME_PATTERN = r"^[a-z0-9][a-z0-9._-]{0,63}$"
Code = Annotated[Text, Field(pattern=CODE_PATTERN)]


class InvalidCredentials(ApiError):
    status = 401

    def __init__(self) -> None:
        # the same answer whether the username exists, is inactive, or the password is wrong
        super().__init__("invalid_credentials", "用户名或密码错误")


class TooManyAttempts(ApiError):
    status = 429


class StaffIdentity(BaseModel):
    username: str
    role: Role
    department: str | None = Field(description="the department's code; none for administrators")
    name: str


class TokenIssued(StaffIdentity):
    access_token: str
    token_type: Literal["bearer"]
    expires_in: int = Field(description="seconds")


class Me(StaffIdentity):
    actor: str = Field(description="how the staff member appears in timelines")


class PublicDepartment(BaseModel):
    code: str
    name: str
    kind: str = Field(description="bureau, street, community, ...")


class Credentials(BaseModel):
    model_config = ConfigDict(extra="ignore")  # OAuth2 forms also send grant_type, scope
    username: Text = Field(min_length=1, max_length=64)
    password: Text = Field(min_length=1, max_length=256)


LOGIN_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            media: {
                "schema": {
                    "type": "object",
                    "required": ["username", "password"],
                    "properties": {
                        "username": {"type": "string"},
                        "password": {"type": "string", "format": "password"},
                    },
                }
            }
            for media in ("application/json", "application/x-www-form-urlencoded")
        },
    }
}


async def _credentials(request: Request) -> Credentials:
    """JSON {username, password}, or the OAuth2 password form (what /docs' Authorize sends)."""
    raw = await request.body()
    content_type = request.headers.get("content-type", "")
    try:
        if content_type.startswith("application/x-www-form-urlencoded"):
            fields = {k: v[0] for k, v in parse_qs(raw.decode("utf-8")).items()}
            return Credentials.model_validate(fields)
        return Credentials.model_validate(json.loads(raw or b"null"))
    except ValidationError as error:
        raise Unprocessable(
            "validation_failed",
            "请以 JSON 或 OAuth2 密码表单提交用户名和密码",
            fields=field_errors(error),
        ) from error
    except ValueError as error:
        raise Unprocessable(
            "validation_failed",
            "请以 JSON 或 OAuth2 密码表单提交用户名和密码",
        ) from error


@auth_router.post(
    "/token",
    openapi_extra=LOGIN_BODY,
    response_model=TokenIssued,
    responses=errors(401, 422, 429, 503),
)
async def issue_token(request: Request, runtime: RuntimeDep) -> dict[str, Any]:
    """登录: a bearer token every service verifies by itself."""
    credentials = await _credentials(request)
    throttle = runtime.settings_as(Settings).login_throttle()
    async with runtime.db.session() as session, session.begin():
        outcome = await service.attempt_login(
            session,
            username=credentials.username,
            password=credentials.password,
            throttle=throttle,
        )
    if outcome.principal is None:
        if outcome.locked_until is not None:
            until = outcome.locked_until.astimezone(SHANGHAI).strftime("%H:%M")
            raise TooManyAttempts(
                "too_many_attempts",
                f"密码错误次数过多，该用户名已被锁定，请于 {until} 后再试",
                locked_until=outcome.locked_until.isoformat(),
            )
        raise InvalidCredentials()
    principal = outcome.principal
    codec = codec_of(request)
    return {
        "access_token": codec.issue(principal),
        "token_type": "bearer",
        "expires_in": codec.ttl_seconds,
        "username": principal.username,
        "role": principal.role.value,
        "department": principal.department,
        "name": principal.name,
    }


@auth_router.get("/me", response_model=Me, responses=errors(401))
async def who_am_i(principal: Staff) -> dict[str, Any]:
    return {
        "username": principal.username,
        "role": principal.role.value,
        "department": principal.department,
        "name": principal.name,
        "actor": principal.actor,
    }


# --- departments ------------------------------------------------------------------------


@public_router.get("/departments", response_model=list[PublicDepartment], responses=errors(503))
async def public_departments(runtime: RuntimeDep) -> list[dict[str, Any]]:
    """The district's departments by code and name, for pages that name them (no login)."""
    async with runtime.db.session() as session:
        return await repository.list_departments(session)


class DepartmentBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Name = Field(min_length=1, max_length=200)
    kind: Text = Field(default="bureau", pattern=r"^[a-z][a-z_-]{0,31}$")
    parent: Code | None = None


@org_router.get("/departments", response_model=list[Department], responses=ALL)
async def list_departments(_: Admin, runtime: RuntimeDep) -> list[dict[str, Any]]:
    async with runtime.db.session() as session:
        return await repository.list_departments(session)


@org_router.get("/departments/{code}", response_model=Department, responses=ONE)
async def get_department(code: str, _: Admin, runtime: RuntimeDep) -> dict[str, Any]:
    async with runtime.db.session() as session:
        found = await repository.get_department(session, code)
    if found is None:
        raise NotFound("department_not_found", f"单位 {code} 不存在")
    return found


@org_router.put("/departments/{code}", response_model=Department, responses=LIST)
async def put_department(
    code: Annotated[str, Path(pattern=CODE_PATTERN)],
    body: DepartmentBody,
    _: Admin,
    runtime: RuntimeDep,
) -> dict[str, Any]:
    """Create or change a department or sub-unit (a `parent` makes it a sub-unit)."""
    async with runtime.db.session() as session, session.begin():
        return await service.put_department(
            session, code=code, name=body.name, kind=body.kind, parent=body.parent
        )


# --- routing rules ----------------------------------------------------------------------


class RoutingRuleBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    lead: Code | None = Field(description="主办单位; null: a dispatcher routes by hand")
    co_handlers: list[Code] = Field(default_factory=list, max_length=20)


@org_router.get("/routing-rules", response_model=list[RoutingRule], responses=ALL)
async def list_routing_rules(_: Admin, runtime: RuntimeDep) -> list[dict[str, Any]]:
    async with runtime.db.session() as session:
        return await repository.list_routing_rules(session)


@org_router.get("/routing-rules/{category}", response_model=RoutingRule, responses=ONE)
async def get_routing_rule(category: str, _: Admin, runtime: RuntimeDep) -> dict[str, Any]:
    async with runtime.db.session() as session:
        found = await repository.get_routing_rule(session, category)
    if found is None:
        raise NotFound("routing_rule_not_found", f"分类 {category} 没有交办规则")
    return found


@org_router.put("/routing-rules/{category}", response_model=RoutingRule, responses=LIST)
async def put_routing_rule(
    category: Annotated[str, Path(pattern=CODE_PATTERN)],
    body: RoutingRuleBody,
    admin: Admin,
    runtime: RuntimeDep,
) -> dict[str, Any]:
    """The route of a category code from intake's catalogue; the next accepted case uses it.
    For an item of the taxonomy the change is logged and announced like any taxonomy edit."""
    async with runtime.unit_of_work() as uow:
        rule = await service.put_routing_rule(
            uow.session, category=category, lead=body.lead, co_handlers=body.co_handlers
        )
        await taxonomy.routing_changed(uow, category, rule, actor=admin.actor)
    return rule


# --- staff ------------------------------------------------------------------------------


class NewStaff(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: Text = Field(pattern=USERNAME_PATTERN)
    name: Name = Field(min_length=1, max_length=100)
    role: Role
    department: Code | None = None
    password: Text = Field(max_length=256)


class StaffChanges(BaseModel):
    """Only the fields sent change; `department: null` removes the department."""

    model_config = ConfigDict(extra="forbid")
    name: Name | None = Field(default=None, min_length=1, max_length=100)
    role: Role | None = None
    department: Code | None = None
    active: bool | None = None


#: What a change may not empty, with the names people read.
REQUIRED_STAFF_FIELDS = {"name": "姓名", "role": "角色", "active": "启用状态"}


class NewPassword(BaseModel):
    model_config = ConfigDict(extra="forbid")
    password: Text = Field(max_length=256)


@org_router.get("/staff", response_model=list[StaffMember], responses=LIST)
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
        return await repository.list_staff(
            session,
            role=role.value if role else None,
            department=department,
            limit=limit,
            offset=offset,
        )


@org_router.post(
    "/staff", status_code=201, response_model=StaffMember, responses=errors(401, 403, 409, 422, 503)
)
async def create_staff(body: NewStaff, _: Admin, runtime: RuntimeDep) -> dict[str, Any]:
    async with runtime.db.session() as session, session.begin():
        return await service.create_staff(
            session,
            username=body.username,
            name=body.name,
            role=body.role,
            department=body.department,
            password=body.password,
        )


@org_router.get("/staff/{username}", response_model=StaffMember, responses=ONE)
async def get_staff(username: str, _: Admin, runtime: RuntimeDep) -> dict[str, Any]:
    async with runtime.db.session() as session:
        return await service.existing_staff(session, username)


@org_router.patch("/staff/{username}", response_model=StaffMember, responses=ONE)
async def update_staff(
    username: str, body: StaffChanges, _: Admin, runtime: RuntimeDep
) -> dict[str, Any]:
    changes = {field: getattr(body, field) for field in body.model_fields_set}
    for field, label in REQUIRED_STAFF_FIELDS.items():
        if field in changes and changes[field] is None:
            raise Unprocessable("validation_failed", f"{label}（{field}）不能为空", field=field)
    async with runtime.db.session() as session, session.begin():
        return await service.update_staff(session, username, changes=changes)


@org_router.post("/staff/{username}/deactivate", response_model=StaffMember, responses=ONE)
async def deactivate_staff(username: str, _: Admin, runtime: RuntimeDep) -> dict[str, Any]:
    """The account can no longer log in; tokens already issued expire on their own."""
    async with runtime.db.session() as session, session.begin():
        return await service.update_staff(session, username, changes={"active": False})


@org_router.put("/staff/{username}/password", status_code=204, responses=ONE)
async def set_password(username: str, body: NewPassword, _: Admin, runtime: RuntimeDep) -> None:
    async with runtime.db.session() as session, session.begin():
        await service.set_password(session, username, password=body.password)
