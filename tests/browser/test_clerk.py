"""The window clerk (窗口工作人员) at a desktop: registers a person's case at the window with
the identity number checked as it is typed, hands over the receipt (case number, tracking
code) and attaches the papers brought along; registers an enterprise, whose credit code is
checked as it is typed; what only the API refuses is shown next to the field it names."""

from __future__ import annotations

import uuid

import httpx
from playwright.async_api import expect

from common.vocabulary import Role
from tests.support.console import Console, field_error, log_in, png
from tests.support.stack import Stack
from tests.support.staff import headers_for

IDENTITY = "11010519491231002X"
USCC = "91350100M000100Y43"


async def open_registration(console: Console) -> None:
    page = console.page
    await console.open("/login?next=/staff")
    await log_in(console, "clerk", "demo-clerk")
    await page.get_by_test_id("nav").get_by_role("link", name="窗口登记").click()
    await expect(page.get_by_role("heading", name="窗口登记")).to_be_visible()


async def fill_case(console: Console, title: str, address: str) -> None:
    page = console.page
    await page.get_by_text("办不成事", exact=True).click()
    await page.get_by_label("标题").fill(title)
    await page.get_by_label("诉求内容").fill(
        "办理营业执照变更时被告知缺少材料，但窗口未说明缺少哪一项。"
    )
    await page.get_by_label("事发地址").fill(address)


def unique_phone() -> str:
    return f"137{uuid.uuid4().int % 10**8:08d}"


def unique_address() -> str:
    return f"湘江新区望城坡{uuid.uuid4().int % 900 + 100}号政务大厅{uuid.uuid4().hex[:4]}"


async def test_a_clerk_registers_a_person_at_the_window_and_attaches_a_file(
    desktop: Console, stack: Stack
) -> None:
    page = desktop.page
    await open_registration(desktop)
    await expect(page.get_by_test_id("nav").get_by_role("link")).to_have_text(
        ["工作台", "窗口登记", "甄别队列", "知识库", "批量导入", "导入批次", "值班安排"]
    )
    phone = unique_phone()
    await page.get_by_label("姓名", exact=True).fill("孙先生")
    await page.get_by_label("联系电话").fill("12a")
    await expect(field_error(desktop, "联系电话")).to_contain_text("联系电话格式不正确")
    await page.get_by_label("联系电话").fill(phone)
    await expect(field_error(desktop, "联系电话")).to_have_count(0)

    identity = page.get_by_label("公民身份号码（可选）")
    await identity.fill(IDENTITY[:10])
    await expect(field_error(desktop, "公民身份号码（可选）")).to_have_text(
        "公民身份号码为 18 位，已输入 10 位"
    )
    await identity.fill(IDENTITY[:17] + "1")  # one wrong check character
    await expect(field_error(desktop, "公民身份号码（可选）")).to_have_text(
        "不是有效的公民身份号码（GB 11643 校验码不符）"
    )
    await identity.fill(IDENTITY.lower())
    await expect(field_error(desktop, "公民身份号码（可选）")).to_have_count(0)

    title = f"执照变更材料 {uuid.uuid4().hex[:6]}"
    await fill_case(desktop, title, unique_address())
    await desktop.screen("clerk-register-person")

    await page.get_by_role("button", name="登记").click()
    await expect(page.get_by_role("heading", name="登记成功")).to_be_visible()
    case_id = await page.get_by_test_id("case-id").inner_text()
    code = await page.get_by_test_id("tracking-code").inner_text()
    assert case_id.isdigit() and len(code) == 8 and code.isalnum()

    await page.get_by_test_id("attachment-input").set_input_files(
        {"name": "材料清单.png", "mimeType": "image/png", "buffer": png()}
    )
    await page.get_by_role("button", name="上传附件").click()
    await expect(page.get_by_test_id("attachment-outcomes")).to_have_text("材料清单.png：已上传")
    await desktop.screen("clerk-register-receipt")

    async with httpx.AsyncClient(timeout=10) as http:
        staff = (
            await http.get(
                f"{stack.url('intake')}/api/v1/staff/cases/{case_id}",
                headers=headers_for(Role.CLERK),
            )
        ).json()
    assert staff["title"] == title
    assert staff["channel"] == "window"
    assert (staff["submitter"]["phone"], staff["submitter"]["identity_number"]) == (
        phone,
        IDENTITY,
    )
    assert [a["filename"] for a in staff["attachments"]] == ["材料清单.png"]

    await page.get_by_role("button", name="登记下一件").click()
    await expect(page.get_by_label("标题")).to_have_value("")


async def test_an_enterprise_credit_code_is_checked_as_typed_and_the_api_has_the_last_word(
    desktop: Console, stack: Stack
) -> None:
    page = desktop.page
    await open_registration(desktop)
    await page.get_by_text("企业", exact=True).click()
    await expect(page.get_by_label("公民身份号码（可选）")).to_have_count(0)

    await page.get_by_label("企业名称").fill("长沙望城坡贸易有限公司")
    uscc = page.get_by_label("统一社会信用代码")
    await uscc.fill(USCC[:-1] + "4")
    await expect(field_error(desktop, "统一社会信用代码")).to_have_text(
        "企业须填写有效的统一社会信用代码"
    )
    await uscc.fill(USCC)
    await expect(field_error(desktop, "统一社会信用代码")).to_have_count(0)
    await page.get_by_label("联系人姓名").fill("周经理")
    await page.get_by_label("联系电话").fill(unique_phone())
    await page.get_by_text("12345热线", exact=True).click()
    await fill_case(desktop, "   ", unique_address())  # blank once the API trims it

    await page.get_by_role("button", name="登记").click()
    await expect(page.locator(".el-alert--error")).to_contain_text("标题至少需要 2 个字符")
    await expect(field_error(desktop, "标题")).to_have_text("标题至少需要 2 个字符")
    await desktop.screen("clerk-register-enterprise-refused")

    await page.get_by_label("标题").fill(f"企业执照变更 {uuid.uuid4().hex[:6]}")
    await page.get_by_role("button", name="登记").click()
    await expect(page.get_by_role("heading", name="登记成功")).to_be_visible()
    case_id = await page.get_by_test_id("case-id").inner_text()
    async with httpx.AsyncClient(timeout=10) as http:
        staff = (
            await http.get(
                f"{stack.url('intake')}/api/v1/staff/cases/{case_id}",
                headers=headers_for(Role.CLERK),
            )
        ).json()
    assert staff["channel"] == "hotline"
    submitter = staff["submitter"]
    assert (submitter["kind"], submitter["uscc"], submitter["enterprise_name"]) == (
        "enterprise",
        USCC,
        "长沙望城坡贸易有限公司",
    )
