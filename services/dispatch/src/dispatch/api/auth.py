"""Dispatch's login routes: a bearer token for the staff's credentials, who the caller is,
and the departments public pages name."""

from __future__ import annotations

import json
from typing import Any, Literal
from urllib.parse import parse_qs
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from common.auth import Staff, codec_of
from common.errors import ApiError, Unprocessable
from common.http import field_errors
from common.http_docs import errors
from common.runtime import RuntimeDep
from common.text import Text
from common.vocabulary import Role
from dispatch.config import Settings
from dispatch.repository.sql import SqlStore
from dispatch.service import logins

auth_router = APIRouter(prefix="/api/v1/auth", tags=["login"])
public_router = APIRouter(prefix="/api/v1/public", tags=["public"])
SHANGHAI = ZoneInfo("Asia/Shanghai")


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
    reviews_knowledge: bool = Field(
        description="the department's knowledge-base reviewer (知识库审核人): publishes its articles"
    )


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
    async with runtime.unit_of_work() as uow:
        outcome = await logins.attempt_login(
            uow,
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
        "reviews_knowledge": principal.reviews_knowledge,
    }


@auth_router.get("/me", response_model=Me, responses=errors(401))
async def who_am_i(principal: Staff) -> dict[str, Any]:
    return {
        "username": principal.username,
        "role": principal.role.value,
        "department": principal.department,
        "name": principal.name,
        "reviews_knowledge": principal.reviews_knowledge,
        "actor": principal.actor,
    }


# --- departments ------------------------------------------------------------------------


@public_router.get("/departments", response_model=list[PublicDepartment], responses=errors(503))
async def public_departments(runtime: RuntimeDep) -> list[dict[str, Any]]:
    """The district's departments by code and name, for pages that name them (no login)."""
    async with runtime.db.session() as session:
        return await SqlStore(session).organisation.list_departments()
