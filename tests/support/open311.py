"""An Open311 client of the running intake: forms, answers in JSON or XML, error documents."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import httpx

from tests.support.stack import Stack


def base(stack: Stack) -> str:
    return f"{stack.url('intake')}/open311/v2"


def streetlight_form(api_key: str, **fields: str) -> dict[str, str]:
    return {
        "api_key": api_key,
        "service_code": "streetlight",
        "lat": "28.2101",
        "long": "112.9302",
        "address_string": "湘江新区望月湖路12号",
        "description": "望月湖路12号门口三盏路灯一个月没亮了，晚上看不清路。",
        "first_name": "女士",
        "last_name": "赵",
        "phone": "13800000004",
        "email": "zhao@example.org",
        "media_url": "https://example.org/light.jpg",
        "attribute[request_kind]": "could_not_get_it_done",
        "attribute[pole_number]": "WY-017",
        **fields,
    }


def xml_of(response: httpx.Response) -> ET.Element:
    assert response.headers["content-type"].startswith("text/xml")
    assert response.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    return ET.fromstring(response.content)


def error_of(response: httpx.Response) -> str:
    body = response.json()
    assert isinstance(body, list) and body[0]["code"] == response.status_code
    return str(body[0]["description"])


async def post(http: httpx.AsyncClient, stack: Stack, fmt: str, form: dict[str, str]) -> Any:
    return await http.post(f"{base(stack)}/requests.{fmt}", data=form)
