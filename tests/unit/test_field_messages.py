"""A 422 tells a person in zh-CN what is wrong, naming each field in Chinese, and keeps the
field's path and the error type beside the sentence for programs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from enum import StrEnum
from typing import Annotated, Any

import httpx
import pytest_asyncio
from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from common.field_messages import field_message, summary
from common.http import edge_app
from common.text import Name, Text
from common.vocabulary import FIELD_LABELS_ZH


class Kind(StrEnum):
    COMPLAINT = "complaint"
    HELP = "help"


class Contact(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Name = Field(min_length=2, max_length=8)
    phone: Text = Field(pattern=r"^[0-9]{6,20}$")


class Form(BaseModel):
    model_config = ConfigDict(extra="forbid")
    submitter: Contact
    kind: Kind
    address: Text = Field(max_length=5)
    reason: Text


@pytest_asyncio.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    app = edge_app(service="fields-test", title="fields", max_body_bytes=4096)
    routes = APIRouter()

    @routes.post("/forms")
    async def form(body: Form, limit: Annotated[int, Query(ge=1, le=50)] = 10) -> dict[str, Any]:
        return body.model_dump()

    app.include_router(routes)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://fields") as http:
        yield http


async def fields_of(client: httpx.AsyncClient, body: Any, **params: Any) -> dict[str, Any]:
    response = await client.post("/forms", json=body, params=params)
    assert response.status_code == 422, response.text
    answer: dict[str, Any] = response.json()
    assert answer["error"] == answer["code"] == "validation_failed"
    return answer


async def test_each_field_is_named_in_chinese_with_its_type_beside(
    client: httpx.AsyncClient,
) -> None:
    body = {
        "submitter": {"name": "张", "phone": "12-34"},
        "kind": "praise",
        "address": "很长很长的地址",
        "colour": "red",
    }
    answer = await fields_of(client, body, limit="many")
    by_field = {f["field"]: (f["type"], f["message"]) for f in answer["fields"]}
    assert by_field == {
        "submitter.name": ("string_too_short", "姓名至少需要 2 个字符"),
        "submitter.phone": ("string_pattern_mismatch", "联系电话的格式不正确"),
        "kind": ("enum", "类型必须是以下之一：complaint、help"),
        "address": ("string_too_long", "地址不能超过 5 个字符"),
        "reason": ("missing", "缺少理由"),
        "colour": ("extra_forbidden", "不接受字段 colour"),
        "query.limit": ("int_parsing", "条数必须是整数"),
    }
    assert answer["message"].startswith("请求内容不符合要求：")
    assert "另有 4 处" in answer["message"]


async def test_the_validators_own_message_is_kept_after_the_field(
    client: httpx.AsyncClient,
) -> None:
    body = {
        "submitter": {"name": "\u200b\u200b", "phone": "123456"},
        "kind": "help",
        "address": "一号",
        "reason": "a\x00b",
    }
    answer = await fields_of(client, body)
    messages = {f["field"]: f["message"] for f in answer["fields"]}
    assert messages == {
        "submitter.name": "姓名：不能为空，也不能只含空白或不可见字符",
        "reason": "理由：不能包含空字符（NUL, \\u0000）",
    }
    assert answer["message"] == "请求内容不符合要求：" + "；".join(messages.values())


async def test_numbers_out_of_range_name_the_bound(client: httpx.AsyncClient) -> None:
    body = {"submitter": {"name": "张三", "phone": "123456"}, "kind": "help"}
    body |= {"address": "一号", "reason": "无"}
    for limit, expected in ((0, "条数不能小于 1"), (51, "条数不能大于 50")):
        answer = await fields_of(client, body, limit=limit)
        assert [f["message"] for f in answer["fields"]] == [expected]


def test_a_field_the_table_does_not_know_keeps_its_own_name() -> None:
    assert "pole_number" not in FIELD_LABELS_ZH
    item = {"type": "missing", "loc": ("body", "pole_number"), "msg": "Field required"}
    assert field_message(item) == "缺少pole_number"
    unknown = {"type": "some_new_type", "loc": ("query", "phone"), "msg": "x"}
    assert field_message(unknown) == "联系电话的值无效"


def test_the_summary_names_at_most_three() -> None:
    assert summary([]) == "请求内容不符合要求"
    assert summary(["a", "b"]) == "请求内容不符合要求：a；b"
    assert summary(["a", "b", "c", "d", "e"]) == "请求内容不符合要求：a；b；c；另有 2 处"
