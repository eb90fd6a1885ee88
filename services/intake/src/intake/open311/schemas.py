"""The request and response shapes of the administrators' Open311 API key routes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import Path
from pydantic import BaseModel, ConfigDict, Field

from common.text import Name

#: A key's id: a PostgreSQL bigint, so a larger number is refused before it reaches a query.
KeyId = Annotated[int, Path(ge=1, le=2**63 - 1, description="the key's id")]


class NewKey(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    name: Name = Field(min_length=1, max_length=64, description="who the key is for")


class KeyView(BaseModel):
    """An Open311 API key as administrators see it: never the key itself."""

    id: int = Field(description="密钥编号")
    name: str = Field(description="密钥给谁用")
    key_prefix: str = Field(description="密钥的前几位，用来辨认")
    created_by: str = Field(description="创建人")
    created_at: datetime = Field(description="创建时间")
    revoked_at: datetime | None = Field(description="吊销时间；未吊销时为空")
    last_used_at: datetime | None = Field(description="最近一次使用的时间")


class IssuedKey(KeyView):
    key: str = Field(description="密钥本身：只在创建时显示这一次，请妥善保存")
