"""The citizen portal on a 390 px phone: submit a request with a photo and a location, get
the case number and tracking code, track the case's public timeline (Asia/Shanghai times),
rate through the one-time link, read the published problem list; bad input is answered next
to the field it concerns."""

from __future__ import annotations

import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import httpx
from playwright.async_api import Locator, expect

from common.events import CaseResolved
from common.vocabulary import ResolutionResult, Role
from tests.support.console import PHONE_PLACE, Console, png
from tests.support.events import publish_as
from tests.support.infra import TestRun
from tests.support.kafka import eventually
from tests.support.stack import Stack
from tests.support.staff import headers_for

SHANGHAI = ZoneInfo("Asia/Shanghai")


def field_error(console: Console, label: str) -> Locator:
    item = console.page.locator(".el-form-item").filter(
        has=console.page.locator("label", has_text=label)
    )
    return item.locator(".el-form-item__error")


async def fill_request(console: Console, title: str, phone: str) -> None:
    page = console.page
    await page.get_by_text("办不成事", exact=True).click()
    await (
        page.locator(".el-select").filter(has=page.get_by_role("combobox", name="问题类别")).click()
    )
    await page.get_by_role("option", name="路灯照明").click()
    await page.get_by_label("标题").fill(title)
    await page.get_by_label("详细描述").fill(
        "小区南门外的三盏路灯已经一个月不亮，晚上行人看不清路。"
    )
    await page.get_by_label("地址").fill("湘江新区麓谷大道627号")
    await page.get_by_label("姓名").fill("赵女士")
    await page.get_by_label("联系电话").fill(phone)


async def test_a_citizen_submits_with_a_photo_and_tracks_the_case_on_a_phone(
    phone: Console, stack: Stack
) -> None:
    page = phone.page
    await phone.open("/")
    await expect(page.get_by_role("heading", name="群众服务")).to_be_visible()
    await phone.screen("portal-home")

    await page.get_by_role("link", name="我要反映").first.click()
    await expect(page.get_by_role("heading", name="我要反映")).to_be_visible()
    title = f"南门路灯不亮 {uuid.uuid4().hex[:6]}"
    await fill_request(phone, title, f"139{uuid.uuid4().int % 10**8:08d}")
    await page.get_by_role("button", name="使用当前位置").click()
    await expect(page.get_by_test_id("location-note")).to_have_text(
        f"已获取当前位置（纬度 {PHONE_PLACE['latitude']}，经度 {PHONE_PLACE['longitude']}）"
    )
    await page.locator("input[type=file]").set_input_files(
        {"name": "路灯.png", "mimeType": "image/png", "buffer": png()}
    )
    await expect(page.get_by_text("路灯.png")).to_be_visible()
    await phone.screen("portal-submit")

    await page.get_by_role("button", name="提交").click()
    await expect(page.get_by_role("heading", name="提交成功")).to_be_visible()
    case_id = await page.get_by_test_id("case-id").inner_text()
    code = await page.get_by_test_id("tracking-code").inner_text()
    assert case_id.isdigit() and len(code) == 8 and code.isalnum()
    await expect(page.get_by_text("已上传")).to_be_visible()
    await phone.screen("portal-receipt")

    await page.get_by_role("link", name="查询进度").last.click()
    card = page.get_by_test_id("case")
    await expect(card.get_by_role("heading", name=title)).to_be_visible()
    await expect(card).to_contain_text("路灯照明")
    await expect(page.get_by_test_id("timeline")).to_contain_text("您的诉求已登记")
    await expect(page).to_have_url(f"{phone.base_url}/track")  # the code left the address bar

    async with httpx.AsyncClient(timeout=10) as http:
        public = (
            await http.get(
                f"{stack.url('intake')}/api/v1/public/cases/{case_id}", params={"code": code}
            )
        ).json()
        staff = (
            await http.get(
                f"{stack.url('intake')}/api/v1/staff/cases/{case_id}",
                headers=headers_for(Role.CLERK),
            )
        ).json()
    first = datetime.fromisoformat(public["timeline"][0]["at"]).astimezone(SHANGHAI)
    await expect(page.get_by_test_id("timeline")).to_contain_text(first.strftime("%Y-%m-%d %H:%M"))
    await expect(page.get_by_test_id("status")).to_have_text(public["status_label"])
    assert [a["filename"] for a in staff["attachments"]] == ["路灯.png"]
    located = (staff["location"]["latitude"], staff["location"]["longitude"])
    assert located == (PHONE_PLACE["latitude"], PHONE_PLACE["longitude"])
    await phone.screen("portal-track")


async def test_bad_input_is_answered_next_to_the_field_it_concerns(
    phone: Console, stack: Stack
) -> None:
    page = phone.page
    await phone.open("/submit")
    await page.get_by_role("button", name="提交").click()
    await expect(field_error(phone, "诉求类型")).to_have_text("请选择诉求类型")
    await expect(field_error(phone, "联系电话")).to_have_text("请填写联系电话，便于回访")

    await fill_request(phone, "路灯不亮", "not a phone")
    await page.get_by_role("button", name="提交").click()
    await expect(page.locator(".el-alert")).to_contain_text("联系电话的格式不正确")
    phone_error = field_error(phone, "联系电话")
    await expect(phone_error).to_be_visible()
    assert any("\u4e00" <= ch <= "\u9fff" for ch in await phone_error.inner_text())
    await expect(field_error(phone, "标题")).to_have_count(0)
    await phone.screen("portal-submit-invalid")

    await phone.open("/track")
    await page.get_by_label("受理编号").fill("20991231999999")
    await page.get_by_label("查询码").fill("123456")
    await page.get_by_role("button", name="查询").click()
    async with httpx.AsyncClient(timeout=10) as http:
        refused = await http.get(
            f"{stack.url('intake')}/api/v1/public/cases/20991231999999", params={"code": "123456"}
        )
    assert refused.status_code == 404
    await expect(field_error(phone, "查询码")).to_have_text(refused.json()["message"])
    await expect(page.get_by_role("heading", name="查询办理进度")).to_be_visible()
    await phone.screen("portal-track-not-found")


async def test_the_public_problem_list_names_the_responsible_department(
    phone: Console, stack: Stack
) -> None:
    title = f"望月湖片区路灯整改 {uuid.uuid4().hex[:6]}"
    async with httpx.AsyncClient(timeout=10) as http:
        added = await http.post(
            f"{stack.url('supervision')}/api/v1/problem-list",
            json={
                "title": title,
                "responsible_unit": "urban-management",
                "time_limit": "2030-04-14",
                "linked_cases": ["C1", "C2"],
            },
            headers=headers_for(Role.SUPERVISOR),
        )
        assert added.status_code == 201, added.text

    page = phone.page
    await phone.open("/problems")
    item = page.get_by_test_id("problem").filter(has_text=title)
    await expect(item).to_contain_text("城市管理局")
    await expect(item).to_contain_text("2030年4月14日")
    await expect(item).to_contain_text("待整改")
    await expect(item).to_contain_text("2 件")
    await expect(page.locator(".chart svg")).to_be_visible()
    await phone.screen("portal-problems")

    await page.get_by_role("radiogroup", name="按状态筛选").get_by_text("已销号").click()
    await expect(item).to_have_count(0)


async def test_the_submitter_rates_once_through_the_link_the_agent_sent(
    phone: Console, stack: Stack, e2e_run: TestRun
) -> None:
    case_id = f"BR{uuid.uuid4().hex[:12]}"
    agent = headers_for(Role.CALLBACK_AGENT, username="li.hui")
    resolved = CaseResolved(
        department="urban-management",
        result=ResolutionResult.SOLVED,
        summary="路灯已修复",
        round=1,
        actor="handler:wang",
        resolved_at=datetime.now(SHANGHAI),
    )
    await publish_as(e2e_run, "dispatch", case_id, resolved)
    async with httpx.AsyncClient(timeout=10) as http:

        async def task_opened() -> bool:
            url = f"{stack.url('callback')}/api/v1/callbacks/{case_id}"
            return (await http.get(url, headers=agent)).status_code == 200

        await eventually(task_opened)
        issued = await http.post(
            f"{stack.url('callback')}/api/v1/callbacks/{case_id}/rating-link", headers=agent
        )
        assert issued.status_code == 201, issued.text
    link = issued.json()
    assert link["url"] == f"http://127.0.0.1:8080/rate/{link['token']}"

    page = phone.page
    await phone.open(f"/rate/{link['token']}")
    await expect(page.get_by_test_id("rated-case")).to_have_text(case_id)
    await expect(page.get_by_text("已解决").first).to_be_visible()
    await page.get_by_role("button", name="提交评价").click()
    await expect(field_error(phone, "满意吗")).to_have_text("请选择满意程度")
    await page.get_by_text("已解决", exact=True).last.click()
    await page.get_by_text("基本满意", exact=True).click()
    await page.get_by_label("意见和建议（可选）").fill("修得很快")
    await phone.screen("portal-rate")
    await page.get_by_role("button", name="提交评价").click()
    await expect(page.get_by_text("感谢您的评价")).to_be_visible()
    await phone.screen("portal-rated")

    async with httpx.AsyncClient(timeout=10) as http:
        used = await http.get(f"{stack.url('callback')}/api/v1/public/ratings/{link['token']}")
    assert used.status_code == 410
    await page.reload()
    await expect(page.get_by_text(used.json()["message"])).to_be_visible()
