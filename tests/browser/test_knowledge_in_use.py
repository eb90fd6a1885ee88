"""The knowledge base (知识库) where the daily work uses it, on the demo district's seeded
articles: a resident searches the portal, reads an article in full, and when nothing answers
files a consultation with the search words in one step; a clerk registering a consultation
takes a suggested answer (the case records the article and version), another case's
screening does the same, and the screened case names the article; a callback agent sees the
article a case was answered from and records that the answer was wrong, which flags the
article for its reviewer."""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx
from playwright.async_api import Page, expect

from common.vocabulary import Role
from tests.support.console import Console, confirm, log_in, log_out, take
from tests.support.kafka import eventually
from tests.support.loop import act, submit, wait_state
from tests.support.stack import Stack
from tests.support.staff import headers_for

CLERK = headers_for(Role.CLERK)
ADMIN = headers_for(Role.ADMIN, username="admin")
AGENT = headers_for(Role.CALLBACK_AGENT, username="callback-agent")
#: seeded from deploy/district/demo/knowledge/articles
LICENCE = ("KB-demo-market-001", "开一家个体户需要办哪些手续？")
ADDRESS_CHANGE = ("KB-demo-market-003", "营业执照上的地址变了，怎么办理变更？")
NOISE = ("KB-demo-housing-003", "工地晚上施工噪音太大，能不能投诉？")


async def choose(page: Page, select: str, option: str) -> None:
    """Picks an option of the Element Plus select with this accessible name."""
    combobox = page.get_by_role("combobox", name=select, exact=True)
    await page.locator(".el-select").filter(has=combobox).click()
    await page.get_by_role("option", name=option, exact=True).click()


def unique_phone() -> str:
    return f"138{uuid.uuid4().int % 10**8:08d}"


async def staff_case(http: httpx.AsyncClient, stack: Stack, case_id: str) -> dict[str, Any]:
    response = await http.get(f"{stack.url('intake')}/api/v1/staff/cases/{case_id}", headers=CLERK)
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


async def published_version(http: httpx.AsyncClient, stack: Stack, article_id: str) -> int:
    response = await http.get(
        f"{stack.url('intake')}/api/v1/public/knowledge/articles/{article_id}"
    )
    assert response.status_code == 200, response.text
    version: int = response.json()["version"]
    return version


async def test_a_resident_finds_an_answer_and_files_a_consultation_when_none_answers(
    phone: Console, stack: Stack
) -> None:
    page = phone.page
    await phone.open("/")
    await page.get_by_role("link", name="知识库").first.click()
    await expect(page.get_by_role("heading", name="知识库", exact=True)).to_be_visible()
    await page.get_by_label("搜索问题").fill("我想开个体户，要办啥手续")
    first = page.get_by_test_id("kb-hit").first
    await expect(first).to_have_attribute("data-article", LICENCE[0])
    await expect(first).to_contain_text(LICENCE[1])
    await expect(first).to_contain_text("市场监督管理局")
    await expect(first).to_contain_text("依据：《")
    await phone.screen("knowledge-portal-search")

    await first.get_by_role("link", name="查看全文").click()
    article = page.get_by_test_id("portal-kb-article")
    await expect(article.get_by_role("heading", name=LICENCE[1])).to_be_visible()
    await expect(article).to_contain_text("政策依据")
    await phone.screen("knowledge-portal-article")

    # the answer shown is not the one sought: the words go to the form as a consultation
    await page.go_back()
    asked = f"外地户口的老人在本区能办老年优待证吗 {uuid.uuid4().hex[:4]}"
    await page.get_by_label("搜索问题").fill(asked)
    await expect(page.get_by_test_id("portal-kb-unanswered")).to_be_visible()
    await page.get_by_test_id("portal-kb-unanswered").click()
    await expect(page.get_by_role("heading", name="我要反映")).to_be_visible()
    await expect(page.get_by_test_id("consultation-draft")).to_be_visible()
    await expect(page.get_by_role("radio", name="咨询")).to_be_checked()
    await expect(page.get_by_label("详细描述")).to_have_value(asked)
    await page.get_by_label("姓名").fill("周女士")
    await page.get_by_label("联系电话").fill(unique_phone())
    await page.get_by_role("button", name="使用当前位置").click()
    await expect(page.get_by_test_id("location-note")).to_be_visible()
    await phone.screen("knowledge-portal-consultation")
    await page.get_by_role("button", name="提交").click()
    await expect(page.get_by_role("heading", name="提交成功")).to_be_visible()
    case_id = await page.get_by_test_id("case-id").inner_text()

    async with httpx.AsyncClient(timeout=10) as http:
        filed = await staff_case(http, stack, case_id)
    assert (filed["kind"], filed["description"], filed["title"]) == ("consultation", asked, asked)


async def test_a_clerk_answers_consultations_from_the_knowledge_base(
    desktop: Console, stack: Stack
) -> None:
    page = desktop.page
    tag = uuid.uuid4().hex[:6]
    async with httpx.AsyncClient(timeout=10) as http:
        version = await published_version(http, stack, ADDRESS_CHANGE[0])
        noise_version = await published_version(http, stack, NOISE[0])
        registered = await http.post(
            f"{stack.url('intake')}/api/v1/staff/cases",
            headers=CLERK,
            json={
                "channel": "hotline",
                "kind": "consultation",
                "title": f"夜间施工噪音咨询 {tag}",
                "description": "旁边工地每天晚上十一点以后还在施工，噪音很大，能投诉吗？",
                "submitter": {"kind": "person", "name": "吴先生", "phone": unique_phone()},
                "location": {"address": f"湘江新区含浦大道{tag}号"},
            },
        )
        assert registered.status_code == 201, registered.text
        screened = registered.json()["case_id"]

    # a consultation registered at the window, answered there from a suggestion
    await desktop.open("/login?next=/staff/register")
    await log_in(desktop, "clerk", "demo-clerk")
    await expect(page.get_by_role("heading", name="窗口登记")).to_be_visible()
    await page.get_by_label("姓名", exact=True).fill("郑女士")
    await page.get_by_label("联系电话").fill(unique_phone())
    await page.get_by_text("咨询", exact=True).click()
    await page.get_by_label("标题").fill(f"执照地址变更 {tag}")
    await page.get_by_label("诉求内容").fill("公司搬家了，营业执照上的地址要怎么改？")
    await page.get_by_label("事发地址").fill(f"湘江新区麓松路{tag}号")
    hit = page.get_by_test_id("kb-hit").filter(has_text=ADDRESS_CHANGE[1])
    await expect(hit).to_be_visible()
    await hit.get_by_test_id("kb-adopt").click()
    await expect(page.get_by_test_id("kb-adopted")).to_contain_text(ADDRESS_CHANGE[1])
    await expect(page.get_by_test_id("kb-adopted")).to_contain_text(
        f"{ADDRESS_CHANGE[0]} 第 {version} 版"
    )
    await expect(page.get_by_label("解释答疑答复（登记时一并解释答疑）")).not_to_have_value("")
    await desktop.screen("knowledge-window-register")
    await page.get_by_role("button", name="登记", exact=True).click()
    await expect(page.get_by_test_id("status")).to_have_text("已当场解释答疑")
    await expect(page.get_by_test_id("receipt-knowledge")).to_contain_text(ADDRESS_CHANGE[1])
    answered = await page.get_by_test_id("case-id").inner_text()
    await desktop.screen("knowledge-window-receipt")

    await desktop.open(f"/staff/screening/{answered}")
    await expect(page.get_by_test_id("screened-knowledge")).to_have_text(
        f"知识库：{ADDRESS_CHANGE[1]}（{ADDRESS_CHANGE[0]} 第 {version} 版）"
    )

    # a case waiting in the queue, answered in its screening from the case's own text
    await desktop.open(f"/staff/screening/{screened}")
    hit = page.get_by_test_id("kb-hit").filter(has_text=NOISE[1])
    await hit.get_by_test_id("kb-adopt").click()
    await expect(page.get_by_role("radio", name="解释答疑")).to_be_checked()
    await expect(page.get_by_label("答复内容")).to_have_value(re.compile("禁止"))
    await desktop.screen("knowledge-screening")
    await page.get_by_role("button", name="提交甄别结果").click()
    await expect(page.get_by_test_id("done")).to_have_text("甄别完成：已解释答疑")
    await expect(page.get_by_test_id("screened-knowledge")).to_contain_text(
        f"{NOISE[0]} 第 {noise_version} 版"
    )
    await desktop.screen("knowledge-screened")

    async with httpx.AsyncClient(timeout=10) as http:
        recorded = [
            (await staff_case(http, stack, one))["knowledge"] for one in (answered, screened)
        ]
    assert [(k["article_id"], k["version"]) for k in recorded] == [
        (ADDRESS_CHANGE[0], version),
        (NOISE[0], noise_version),
    ]


async def answered_at_the_window(http: httpx.AsyncClient, stack: Stack, version: int) -> str:
    """A consultation registered on the hotline and answered there from the article."""
    tag = uuid.uuid4().hex[:6]
    response = await http.post(
        f"{stack.url('intake')}/api/v1/staff/cases",
        headers=CLERK,
        json={
            "channel": "hotline",
            "kind": "consultation",
            "category": "business-licence",
            "title": f"执照地址变更 {tag}",
            "description": "公司搬家了，营业执照上的地址要怎么改？",
            "submitter": {"kind": "person", "name": "王先生", "phone": unique_phone()},
            "location": {"address": f"湘江新区枫林三路{tag}号"},
            "screening": {
                "outcome": "answer_consultation",
                "answer": "可在网上办理变更登记，带营业执照正本和新址证明。",
                "knowledge_article_id": ADDRESS_CHANGE[0],
                "knowledge_article_version": version,
            },
        },
    )
    assert response.status_code == 201, response.text
    assert response.json()["status"] == "answered"
    case_id: str = response.json()["case_id"]
    return case_id


async def test_a_callback_agent_records_that_an_answer_from_the_knowledge_base_was_wrong(
    desktop: Console, stack: Stack
) -> None:
    page = desktop.page
    async with httpx.AsyncClient(timeout=10) as http:
        version = await published_version(http, stack, ADDRESS_CHANGE[0])
        answered = await answered_at_the_window(http, stack, version)

        async def task() -> bool:
            response = await http.get(
                f"{stack.url('callback')}/api/v1/callbacks/{answered}", headers=AGENT
            )
            return response.status_code == 200 and bool(response.json())

        await eventually(task)

    await desktop.open(f"/login?next=/staff/callbacks/{answered}")
    await log_in(desktop, "callback-agent", "demo-callback-agent")
    await expect(page.get_by_test_id("callback-knowledge")).to_have_text(
        f"知识库：{ADDRESS_CHANGE[1]}（{ADDRESS_CHANGE[0]} 第 {version} 版）"
    )
    await page.get_by_test_id("callback-record-result").click()
    await page.get_by_text("不满意", exact=True).click()
    await page.get_by_text("未解决", exact=True).click()
    await page.get_by_test_id("callback-answer-wrong").click()
    await desktop.screen("knowledge-callback-answer-wrong")
    await page.get_by_test_id("callback-confirm-result").click()
    await expect(page.get_by_test_id("callback-done")).to_contain_text("答复有误")

    async with httpx.AsyncClient(timeout=10) as http:

        async def flagged() -> list[dict[str, Any]]:
            response = await http.get(
                f"{stack.url('intake')}/api/v1/knowledge/articles/{ADDRESS_CHANGE[0]}",
                headers=ADMIN,
            )
            flags: list[dict[str, Any]] = response.json()["flags"]
            return [flag for flag in flags if flag["case_id"] == answered]

        flags = await eventually(flagged)
    assert flags[0]["version"] == version


async def test_a_handler_resolves_a_consultation_from_the_knowledge_base(
    desktop: Console, stack: Stack
) -> None:
    page = desktop.page
    title = f"执照地址怎么改 {uuid.uuid4().hex[:6]}"
    async with httpx.AsyncClient(timeout=10) as http:
        version = await published_version(http, stack, ADDRESS_CHANGE[0])
        case_id: str = (
            await submit(
                http,
                stack,
                kind="consultation",
                category="business-licence",
                title=title,
                description="店面搬到了隔壁街道，营业执照上的经营场所地址需要怎么变更？",
            )
        )["case_id"]
        await wait_state(http, stack, case_id, "assigned")
        signed = await act(http, stack, case_id, "sign", department="market-regulation")
        assert signed.status_code == 200, signed.text

    await desktop.open(f"/login?next=/staff/handler/cases/{case_id}")
    await log_in(desktop, "mr-handler", "demo-handler")
    await expect(page.get_by_test_id("case-title")).to_have_text(title)
    resolve = await take(desktop, "办结")
    hit = resolve.get_by_test_id("kb-hit").filter(has_text=ADDRESS_CHANGE[1])
    await hit.get_by_test_id("kb-adopt").click()
    await expect(resolve.get_by_test_id("kb-adopted")).to_contain_text(
        f"{ADDRESS_CHANGE[0]} 第 {version} 版"
    )
    await expect(resolve.get_by_label("办理情况")).to_have_value(re.compile("变更登记"))
    await resolve.get_by_text("已解决", exact=True).click()
    await desktop.screen("knowledge-handler-resolve")
    await confirm(resolve, "办结")
    await expect(page.get_by_test_id("case-state")).to_have_text("已办结")

    async with httpx.AsyncClient(timeout=10) as http:

        async def recorded() -> dict[str, Any] | None:
            knowledge: dict[str, Any] | None = (await staff_case(http, stack, case_id))["knowledge"]
            return knowledge

        knowledge = await eventually(recorded)
    assert (knowledge["article_id"], knowledge["version"]) == (ADDRESS_CHANGE[0], version)


async def test_the_knowledge_figures_and_the_reviewer_flag_on_staff_accounts(
    desktop: Console, stack: Stack
) -> None:
    page = desktop.page
    async with httpx.AsyncClient(timeout=10) as http:
        version = await published_version(http, stack, ADDRESS_CHANGE[0])
        await answered_at_the_window(http, stack, version)

        async def counted() -> bool:
            response = await http.get(
                f"{stack.url('supervision')}/api/v1/scorecards",
                params={"period": "month"},
                headers=headers_for(Role.SUPERVISOR),
            )
            rows: list[dict[str, Any]] = response.json()
            return any(
                row["department"] == "market-regulation" and row["window_answers_from_article"]
                for row in rows
            )

        await eventually(counted)

    await desktop.open("/login?next=/staff/figures/scorecards")
    await log_in(desktop, "supervisor", "demo-supervisor")
    figures = page.get_by_test_id("knowledge-figures")
    row = figures.locator(".el-table__row").filter(has_text="市场监督管理局")
    await expect(row.get_by_test_id("knowledge-hit-rate")).to_have_text(re.compile(r"^\d+\.\d%（"))
    await expect(row.get_by_test_id("knowledge-gaps")).to_contain_text("期末")
    await desktop.screen("knowledge-figures-scorecard")
    await page.get_by_test_id("nav").get_by_role("link", name="排名").click()
    await expect(page.get_by_role("heading", name="排名", exact=True)).to_be_visible()
    await desktop.screen("knowledge-figures-ranking")

    # the administrator makes a new handler its unit's knowledge-base reviewer
    await log_out(desktop)
    await desktop.open("/login?next=/staff/admin/staff")
    await log_in(desktop, "admin", "demo-admin")
    username = f"mr-kb-{uuid.uuid4().hex[:6]}"
    await page.get_by_test_id("staff-add").click()
    form = page.get_by_role("dialog", name="新增人员")
    await form.get_by_label("用户名").fill(username)
    await form.get_by_label("姓名").fill("市场监管局知识审核员")
    await choose(page, "所属单位", "市场监督管理局")
    await form.get_by_test_id("staff-reviews-knowledge").click()
    await form.get_by_label("初始密码").fill("reviewer-pass-123")
    await desktop.screen("knowledge-admin-reviewer")
    await form.get_by_test_id("staff-confirm").click()
    await expect(page.get_by_role("status").filter(has_text="已新增")).to_be_visible()
    await choose(page, "按单位筛选", "市场监督管理局")
    created = page.locator(".el-table__row").filter(has_text=username)
    await expect(created.get_by_test_id("staff-reviewer")).to_have_text("是")
    handler = page.locator(".el-table__row").filter(has_text="mr-handler")
    await expect(handler.get_by_test_id("staff-reviewer")).to_have_text("—")
    async with httpx.AsyncClient(timeout=10) as http:
        response = await http.get(
            f"{stack.url('dispatch')}/api/v1/org/staff",
            params={"department": "market-regulation", "limit": 100},
            headers=ADMIN,
        )
    account = next(one for one in response.json() if one["username"] == username)
    assert account["reviews_knowledge"] is True
