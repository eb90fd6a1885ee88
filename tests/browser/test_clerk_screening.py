"""The window clerk screens (甄别) at a desktop: the queue names why each case waits; a
suspected duplicate is shown beside the earlier case it may repeat and is merged into it, or
its suspicion dismissed and the case resolved on the spot (即办); a case is refused (不予受理)
with a reason; one is accepted (受理), one answered (解释答疑). What a decision lacks is said
next to its field, by the console or the API."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from playwright.async_api import expect

from common.vocabulary import Role
from tests.support.console import Console, field_error, log_in, picker
from tests.support.stack import Stack
from tests.support.staff import headers_for


def window_case(phone: str, address: str, title: str) -> dict[str, Any]:
    return {
        "channel": "window",
        "kind": "could_not_get_it_done",
        "title": title,
        "description": f"{title}：社区服务中心窗口三次往返仍未办成，工作人员说系统不支持。",
        "submitter": {"kind": "person", "name": "钱女士", "phone": phone},
        "location": {"address": address},
    }


async def register(http: httpx.AsyncClient, stack: Stack, body: dict[str, Any]) -> str:
    response = await http.post(
        f"{stack.url('intake')}/api/v1/staff/cases", json=body, headers=headers_for(Role.CLERK)
    )
    assert response.status_code == 201, response.text
    case_id: str = response.json()["case_id"]
    return case_id


async def queue_entry(http: httpx.AsyncClient, stack: Stack, case_id: str) -> dict[str, Any]:
    response = await http.get(
        f"{stack.url('intake')}/api/v1/screening-queue",
        params={"limit": 500},
        headers=headers_for(Role.CLERK),
    )
    entry: dict[str, Any] = next(row for row in response.json() if row["case_id"] == case_id)
    return entry


async def test_a_clerk_screens_the_queue_merges_dismisses_resolves_and_refuses(
    desktop: Console, stack: Stack
) -> None:
    page = desktop.page
    tag = uuid.uuid4().hex[:6]
    phone = f"136{uuid.uuid4().int % 10**8:08d}"
    address = f"湘江新区金星北路{uuid.uuid4().int % 900 + 100}号{tag}"
    title = f"居住证办理 {tag}"
    async with httpx.AsyncClient(timeout=10) as http:
        original = await register(http, stack, window_case(phone, address, title))
        merged = await register(http, stack, window_case(phone, address, title))
        resolved = await register(http, stack, window_case(phone, address, title))
        other_phone = f"135{uuid.uuid4().int % 10**8:08d}"
        refused = await register(
            http, stack, window_case(other_phone, f"湘江新区岳麓大道{tag}号", f"咨询事项 {tag}")
        )
        accepted, answered = [
            await register(
                http,
                stack,
                window_case(
                    f"134{uuid.uuid4().int % 10**8:08d}",
                    f"湘江新区桐梓坡路{n}{tag}号",
                    f"{what} {tag}",
                ),
            )
            for n, what in ((1, "社保转移"), (2, "政策咨询"))
        ]
        waiting = await queue_entry(http, stack, merged)
    assert [flag["original_case_id"] for flag in waiting["suspected_originals"]] == [original]

    await desktop.open("/login?next=/staff")
    await log_in(desktop, "clerk", "demo-clerk")
    await page.get_by_test_id("nav").get_by_role("link", name="甄别队列").click()
    await expect(page.get_by_role("heading", name="甄别队列")).to_be_visible()
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=merged))
    await expect(row).to_contain_text(waiting["queued_reason"])
    await expect(row).to_contain_text("1 件")
    await expect(row).to_contain_text("窗口")
    await desktop.screen("clerk-screening-queue")

    # a suspected duplicate, beside its original, merged into it
    await row.get_by_role("link", name=merged).click()
    await expect(page.get_by_role("heading", name=f"甄别 {merged}")).to_be_visible()
    await expect(page.get_by_test_id("this-case")).to_contain_text(merged)
    await expect(page.get_by_test_id("original")).to_contain_text(original)
    await expect(page.get_by_test_id("original")).to_contain_text("同一诉求人")
    await expect(page.get_by_role("radio", name="受理", exact=True)).to_be_disabled()
    await page.get_by_text("合并到在先诉求", exact=True).click()
    await page.get_by_role("button", name="提交甄别结果").click()
    await expect(field_error(desktop, "原诉求受理编号")).to_have_text("合并须填写原诉求受理编号")
    await desktop.screen("clerk-screening-duplicate")
    await picker(desktop, "原诉求受理编号").click()
    await page.get_by_role("option", name=f"{original} {title}").click()
    await page.get_by_role("button", name="提交甄别结果").click()
    await expect(page.get_by_test_id("done")).to_have_text(f"已合并到受理编号 {original}")
    await expect(page.get_by_test_id("state")).to_have_text("重复件已合并")

    # another, whose suspicion is dismissed, then resolved on the spot
    await desktop.open(f"/staff/screening/{resolved}")
    await page.get_by_label("排除理由").fill("否")
    await page.get_by_role("button", name="排除疑似重复").click()
    await expect(field_error(desktop, "排除理由")).to_have_text("理由至少 2 个字")
    await page.get_by_label("排除理由").fill("同一人反映的另一个事项，不是重复件")
    await page.get_by_role("button", name="排除疑似重复").click()
    await expect(page.get_by_test_id("done")).to_have_text("已排除疑似重复，可继续甄别")
    await expect(page.get_by_test_id("dismissal")).to_have_count(0)
    await page.get_by_text("即办", exact=True).click()
    await picker(desktop, "问题类别").click()
    await page.get_by_role("option").first.click()
    await page.get_by_role("button", name="提交甄别结果").click()
    await expect(field_error(desktop, "答复内容")).to_have_text("即办或解释答疑须填写答复内容")
    await page.get_by_label("答复内容").fill("已在窗口当场为其办理居住证登记。")
    await page.get_by_role("button", name="提交甄别结果").click()
    await expect(page.get_by_test_id("done")).to_have_text("甄别完成：即办")
    await expect(page.get_by_test_id("screened")).to_contain_text(
        "已在窗口当场为其办理居住证登记。"
    )
    await desktop.screen("clerk-screening-resolved")

    # a case refused: the API's word on merging a case into itself, then the reason
    await desktop.open(f"/staff/screening/{refused}")
    await page.get_by_text("合并到在先诉求", exact=True).click()
    await picker(desktop, "原诉求受理编号").click()
    await page.keyboard.type(refused)  # typed: a case number not among the suspects
    await page.get_by_role("option", name=refused, exact=True).click()
    await page.get_by_role("button", name="提交甄别结果").click()
    await expect(field_error(desktop, "原诉求受理编号")).to_have_text("原诉求受理编号不能是本诉求")
    await page.get_by_text("不予受理", exact=True).click()
    await page.get_by_role("button", name="提交甄别结果").click()
    await expect(field_error(desktop, "不予受理理由")).to_have_text("不予受理须填写理由")
    await page.get_by_label("不予受理理由").fill("不属于本区受理范围，已告知向市级部门反映。")
    await page.get_by_role("button", name="提交甄别结果").click()
    await expect(page.get_by_test_id("done")).to_have_text("甄别完成：不予受理")
    await desktop.screen("clerk-screening-refused")

    # a case accepted as it is, and a question answered at the window (解释答疑)
    await desktop.open(f"/staff/screening/{accepted}")
    await page.get_by_text("受理", exact=True).click()
    await page.get_by_role("button", name="提交甄别结果").click()
    await expect(page.get_by_test_id("done")).to_have_text("甄别完成：已受理")
    await desktop.open(f"/staff/screening/{answered}")
    await page.get_by_text("解释答疑", exact=True).click()
    await page.get_by_label("答复内容").fill("已向其解释社保转移的办理条件和所需材料。")
    await page.get_by_role("button", name="提交甄别结果").click()
    await expect(page.get_by_test_id("done")).to_have_text("甄别完成：已解释答疑")

    async with httpx.AsyncClient(timeout=10) as http:
        states = {
            case_id: (
                await http.get(
                    f"{stack.url('intake')}/api/v1/staff/cases/{case_id}",
                    headers=headers_for(Role.CLERK),
                )
            ).json()["screening"]
            for case_id in (merged, resolved, refused, accepted, answered)
        }
    assert states[merged]["merged_into"] == original
    assert states[resolved]["state"] == "resolved_on_the_spot"
    assert states[refused]["reason"] == "不属于本区受理范围，已告知向市级部门反映。"
    assert (states[accepted]["state"], states[answered]["state"]) == ("accepted", "answered")
