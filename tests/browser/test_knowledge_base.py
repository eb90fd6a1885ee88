"""The knowledge base's screens (知识库): a unit's handler drafts an article (each problem told
beside its field) and submits it, the unit's reviewer publishes it from the review queue, and
search finds it; editing the published article opens a new version while the published one
keeps serving; a supervisor reads each unit's review status; a knowledge gap left by a
consultation answered without an article is drafted into an article, another dismissed."""

from __future__ import annotations

import re
import uuid

import httpx
from playwright.async_api import Page, expect

from common.vocabulary import Role
from tests.support.console import Console, error_of, field_error, log_in, log_out
from tests.support.kafka import eventually
from tests.support.loop import callback
from tests.support.screening import register, screen
from tests.support.stack import Stack
from tests.support.staff import headers_for

DEPARTMENT = "urban-management"
HANDLER = headers_for(Role.HANDLER, DEPARTMENT, "um-handler")
REVIEWER = ("um-reviewer", "demo-reviewer")
#: the demo district's article on rubbish collection, owned by urban-management
FLAGGED = "KB-demo-urban-003"


async def choose(page: Page, select: str, option: str) -> None:
    """Picks an option of the Element Plus select with this accessible name."""
    combobox = page.get_by_role("combobox", name=select, exact=True)
    await page.locator(".el-select").filter(has=combobox).click()
    await page.get_by_role("option", name=option, exact=True).click()
    await page.keyboard.press("Escape")


async def fill_policy(page: Page) -> None:
    await page.get_by_label("政策依据1文件名称").fill("城市照明管理规定")
    await page.get_by_label("政策依据1文号").fill("建设部令第4号")
    await page.get_by_label("政策依据1链接").fill(
        "https://www.gov.cn/gongbao/content/2010/content_1660131.htm"
    )


async def test_a_handler_drafts_the_reviewer_publishes_and_search_finds_it(
    desktop: Console, stack: Stack
) -> None:
    token = uuid.uuid4().hex[:6]
    question = f"路灯坏了多久能修好-{token}"
    page = desktop.page

    await desktop.open("/login?next=/staff/knowledge")
    await log_in(desktop, "um-handler", "demo-handler")
    await expect(page.get_by_role("heading", name="知识库")).to_be_visible()
    await expect(page.get_by_test_id("nav").get_by_role("link", name="知识缺口")).to_be_visible()
    # the review queue is the reviewer's; a handler who is not one is not offered it
    await expect(page.get_by_test_id("nav").get_by_role("link", name="知识审核")).to_have_count(0)
    await desktop.screen("knowledge-list-handler")

    await page.get_by_test_id("kb-new").click()
    await expect(page.get_by_role("heading", name="新建知识")).to_be_visible()
    await page.get_by_label("问题", exact=True).fill(question)
    await page.get_by_test_id("kb-save").click()  # no answer, basis or category: refused
    await expect(field_error(desktop, "答复")).to_have_text("请填写答复内容")
    editor = page.get_by_test_id("kb-editor")
    await expect(editor.locator(".el-form-item__error")).to_have_text(
        ["请填写答复内容", "至少填写一项政策依据", "至少选择一个适用的分类"]
    )
    await desktop.screen("knowledge-editor-refused")

    await page.get_by_label("其他问法").fill(f"路灯不亮报修多久修-{token}\n晚上路灯黑了找谁")
    await page.get_by_label("答复", exact=True).fill(
        "城市道路路灯由区城市管理局负责维修。拨打12345或到窗口报修后，一般故障24小时内修复，"
        "需更换线路的5个工作日内修复。"
    )
    await fill_policy(page)
    await choose(page, "适用分类", "路灯照明")
    until = page.get_by_label("失效日期")
    await until.fill("2020-01-01")  # before it takes effect: refused, beside the field
    await until.press("Enter")
    await page.get_by_test_id("kb-save").click()
    await expect(field_error(desktop, "失效日期（可不填）")).to_have_text(
        "失效日期不能早于生效日期"
    )
    await until.fill("")
    await until.press("Enter")
    await page.get_by_test_id("kb-save").click()

    await expect(page.get_by_test_id("kb-title")).to_have_text(question)
    await expect(page.get_by_test_id("kb-article-status")).to_have_text("草稿")
    await expect(page.get_by_test_id("kb-latest")).to_contain_text("路灯照明")
    await page.get_by_test_id("kb-submit").click()
    await expect(page.get_by_test_id("kb-article-status")).to_have_text("待审核")
    await expect(page.get_by_test_id("kb-waiting")).to_have_text("等待本单位知识库审核人审核")
    await expect(page.get_by_test_id("kb-edit")).to_have_count(0)
    await desktop.screen("knowledge-article-pending")
    article_path = page.url.removeprefix(desktop.base_url)
    await log_out(desktop)

    await desktop.open("/login?next=/staff/knowledge/review")
    await log_in(desktop, *REVIEWER)
    await expect(page.get_by_role("heading", name="待审核")).to_be_visible()
    item = page.get_by_test_id("kb-review-item").filter(has_text=question)
    await expect(item).to_be_visible()
    await desktop.screen("knowledge-review-queue")
    await item.click()
    await expect(page.get_by_test_id("kb-title")).to_have_text(question)
    await page.get_by_test_id("kb-publish").click()
    dialog = page.get_by_role("dialog", name="审核发布")
    await dialog.get_by_label("审核意见").fill("依据准确，同意发布")
    await desktop.screen("knowledge-publish-dialog")
    await dialog.get_by_test_id("kb-step-confirm").click()
    await expect(page.get_by_test_id("kb-article-status")).to_have_text("已发布")
    await expect(page.get_by_test_id("kb-published")).to_contain_text("依据准确，同意发布")
    await expect(
        page.get_by_test_id("kb-published").get_by_role("link", name="城市照明管理规定")
    ).to_have_attribute("href", re.compile(r"^https://www\.gov\.cn/"))
    await desktop.screen("knowledge-article-published")
    await page.get_by_test_id("kb-confirm").click()
    confirm = page.get_by_role("dialog", name="确认仍然有效")
    await confirm.get_by_label("复核说明").fill("政策未变")
    await confirm.get_by_test_id("kb-step-confirm").click()
    await expect(page.get_by_role("status").filter(has_text="已确认仍然有效")).to_be_visible()

    await page.get_by_role("link", name="返回知识库").click()
    await page.get_by_label("关键词").fill(f"路灯不亮报修多久修-{token}")
    await page.get_by_test_id("kb-search").click()
    found = page.get_by_test_id("kb-article").filter(has_text=question)
    await expect(found).to_be_visible()
    row = page.locator(".el-table__row").filter(has=found)
    await expect(row.get_by_test_id("kb-status")).to_have_text("已发布")
    await desktop.screen("knowledge-search")
    await log_out(desktop)

    # the handler edits the published article: a second version, the first still serving
    await desktop.open(f"/login?next={article_path}")
    await log_in(desktop, "um-handler", "demo-handler")
    await page.get_by_test_id("kb-edit").click()
    await expect(page.get_by_role("heading", name="编辑知识")).to_be_visible()
    await expect(page.get_by_label("问题", exact=True)).to_have_value(question)
    await page.get_by_label("答复", exact=True).fill(
        "城市道路路灯由区城市管理局负责维修，一般故障12小时内修复。"
    )
    await page.get_by_test_id("kb-save").click()
    await expect(page.get_by_test_id("kb-article-status")).to_have_text("草稿")
    await expect(page.get_by_test_id("kb-published")).to_contain_text("24小时内修复")
    await expect(page.get_by_test_id("kb-latest")).to_contain_text("12小时内修复")
    versions = page.get_by_test_id("kb-versions")
    await expect(versions.get_by_test_id("kb-version-status")).to_have_text(["草稿", "已发布"])
    await versions.get_by_role("button", name="查看第1版").click()
    await expect(page.get_by_test_id("kb-version-shown")).to_contain_text("24小时内修复")
    await desktop.screen("knowledge-version-history")


async def test_a_supervisor_reads_each_units_review_status(desktop: Console) -> None:
    page = desktop.page
    await desktop.open("/login?next=/staff/knowledge/status")
    await log_in(desktop, "supervisor", "demo-supervisor")
    await expect(page.get_by_role("heading", name="知识库维护情况")).to_be_visible()
    unit = page.get_by_test_id("kb-status-unit").filter(has_text="城市管理局")
    await expect(unit).to_be_visible()
    await expect(page.get_by_test_id("kb-status-summary")).to_contain_text("全区已发布")
    await desktop.screen("knowledge-review-status")
    await unit.click()
    await expect(page.get_by_role("heading", name="知识库")).to_be_visible()
    await expect(page).to_have_url(re.compile(r"department=urban-management"))
    # a supervisor reads; it writes nothing
    await expect(page.get_by_test_id("kb-new")).to_have_count(0)


async def open_gap(http: httpx.AsyncClient, stack: Stack, title: str, answer: str) -> str:
    """A consultation answered at the window without an article: a gap for the streetlight
    category's lead unit."""
    receipt = await register(
        http,
        stack,
        title=title,
        kind="consultation",
        screening={"outcome": "answer_consultation", "answer": answer},
    )
    case_id: str = receipt["case_id"]

    async def gap_listed() -> bool:
        response = await http.get(
            f"{stack.url('intake')}/api/v1/knowledge/gaps",
            params={"department": DEPARTMENT, "state": "open", "limit": 200},
            headers=HANDLER,
        )
        return any(gap["case_id"] == case_id for gap in response.json()["items"])

    await eventually(gap_listed)
    return case_id


async def test_a_gap_is_drafted_into_an_article_and_another_dismissed(
    desktop: Console, stack: Stack
) -> None:
    token = uuid.uuid4().hex[:6]
    async with httpx.AsyncClient(timeout=10) as http:
        drafted = await open_gap(
            http, stack, f"路灯杆倾斜归谁管-{token}", "路灯杆属城市管理局维护，可报修。"
        )
        dismissed = await open_gap(http, stack, f"路灯几点开-{token}", "每晚按季节时间开启。")

    page = desktop.page
    await desktop.open("/login?next=/staff/knowledge/gaps")
    await log_in(desktop, "um-handler", "demo-handler")
    await expect(page.get_by_role("heading", name="知识缺口")).to_be_visible()
    gap = page.locator(f'[data-testid="gap"][data-case-id="{drafted}"]')
    await expect(gap).to_contain_text("路灯杆属城市管理局维护，可报修。")
    await desktop.screen("knowledge-gaps")

    other = page.locator(f'[data-testid="gap"][data-case-id="{dismissed}"]')
    await other.get_by_test_id("gap-dismiss").click()
    dialog = page.get_by_role("dialog", name="不需补充")
    await dialog.get_by_test_id("gap-dismiss-confirm").click()
    await expect(error_of(desktop, "理由")).to_have_text("请填写不需补充的理由")
    await dialog.get_by_label("理由").fill("开灯时间已在公告中列明，无需单独成条")
    await dialog.get_by_test_id("gap-dismiss-confirm").click()
    await expect(other).to_have_count(0)

    await gap.get_by_test_id("gap-draft").click()
    await expect(page.get_by_role("heading", name="新建知识")).to_be_visible()
    await expect(page.get_by_test_id("kb-from-gap")).to_contain_text(drafted)
    await expect(page.get_by_label("答复", exact=True)).to_have_value(
        "路灯杆属城市管理局维护，可报修。"
    )
    await fill_policy(page)
    await desktop.screen("knowledge-editor-from-gap")
    await page.get_by_test_id("kb-save").click()
    await expect(page.get_by_test_id("kb-article-status")).to_have_text("草稿")
    await expect(page.get_by_test_id("kb-latest")).to_contain_text("路灯照明")
    await page.get_by_test_id("kb-submit").click()
    await expect(page.get_by_test_id("kb-article-status")).to_have_text("待审核")
    article_path = page.url.removeprefix(desktop.base_url)
    await log_out(desktop)

    # publishing the article closes the gap it was drafted from
    await desktop.open(f"/login?next={article_path}")
    await log_in(desktop, *REVIEWER)
    # sent back first: a note is required, and the draft shows it
    await page.get_by_test_id("kb-reject").click()
    reject = page.get_by_role("dialog", name="退回修改")
    await reject.get_by_test_id("kb-step-confirm").click()
    await expect(error_of(desktop, "退回意见")).to_have_text("请填写退回意见")
    await reject.get_by_label("退回意见").fill("请补充报修电话")
    await reject.get_by_test_id("kb-step-confirm").click()
    await expect(page.get_by_test_id("kb-article-status")).to_have_text("草稿")
    await expect(page.get_by_test_id("kb-latest")).to_contain_text("请补充报修电话")
    await desktop.screen("knowledge-article-rejected")
    await page.get_by_test_id("kb-submit").click()
    await page.get_by_test_id("kb-publish").click()
    await page.get_by_role("dialog", name="审核发布").get_by_test_id("kb-step-confirm").click()
    await expect(page.get_by_test_id("kb-article-status")).to_have_text("已发布")
    article_path = page.url.removeprefix(desktop.base_url)
    await page.get_by_test_id("nav").get_by_role("link", name="知识缺口").click()
    await page.get_by_test_id("gap-state").get_by_text("已关闭").click()
    closed = page.locator(f'[data-testid="gap"][data-case-id="{drafted}"]')
    await expect(closed.get_by_role("link", name="已据此发布知识")).to_be_visible()
    await expect(page.locator(f'[data-testid="gap"][data-case-id="{dismissed}"]')).to_contain_text(
        "开灯时间已在公告中列明"
    )
    await desktop.screen("knowledge-gaps-closed")

    # withdrawn with a reason: it leaves search, its history stays readable
    await desktop.open(article_path)
    await page.get_by_test_id("kb-withdraw").click()
    withdraw = page.get_by_role("dialog", name="撤回")
    await withdraw.get_by_test_id("kb-step-confirm").click()
    await expect(error_of(desktop, "撤回理由")).to_have_text("请填写撤回理由")
    await withdraw.get_by_label("撤回理由").fill("职责已调整至街道")
    await withdraw.get_by_test_id("kb-step-confirm").click()
    await expect(page.get_by_test_id("kb-article-status")).to_have_text("已撤回")
    await expect(
        page.get_by_test_id("kb-versions").get_by_test_id("kb-version-status")
    ).to_have_text(["已撤回"])


async def flag_wrong_answer(http: httpx.AsyncClient, stack: Stack) -> str:
    """A consultation answered at the window from the article, whose callback finds the
    answer wrong: the article is flagged for review with the case's number."""
    url = f"{stack.url('intake')}/api/v1/knowledge/articles/{FLAGGED}"
    version = (await http.get(url, headers=HANDLER)).json()["published"]["version"]
    case_id: str = (await register(http, stack, kind="consultation", title="垃圾清运不及时找谁"))[
        "case_id"
    ]
    answered = await screen(
        http,
        stack,
        case_id,
        outcome="answer_consultation",
        answer="按知识库答复",
        knowledge_article_id=FLAGGED,
        knowledge_article_version=version,
    )
    assert answered.status_code == 200, answered.text
    await callback(
        http,
        stack,
        case_id,
        1,
        satisfaction="dissatisfied",
        solved=False,
        comment="按答复去办，说流程变了",
        answer_wrong=True,
    )

    async def flagged() -> bool:
        flags = (await http.get(url, headers=HANDLER)).json()["flags"]
        return any(flag["case_id"] == case_id and not flag["resolved_at"] for flag in flags)

    await eventually(flagged)
    return case_id


async def test_a_reviewer_finds_a_flagged_article_and_confirms_it(
    desktop: Console, stack: Stack
) -> None:
    async with httpx.AsyncClient(timeout=10) as http:
        case_id = await flag_wrong_answer(http, stack)

    page = desktop.page
    await desktop.open("/login?next=/staff/knowledge")
    await log_in(desktop, *REVIEWER)
    await page.get_by_test_id("kb-filter-flagged").click()
    found = page.locator(f'[data-testid="kb-article"][data-article-id="{FLAGGED}"]')
    await expect(found).to_be_visible()
    row = page.locator(".el-table__row").filter(has=found)
    await expect(row.get_by_test_id("kb-flags")).not_to_have_text("—")
    await desktop.screen("knowledge-list-flagged")
    await found.click()
    flags = page.get_by_test_id("kb-flags-open")
    await expect(flags).to_contain_text(case_id)
    await desktop.screen("knowledge-article-flagged")
    await page.get_by_test_id("kb-confirm").click()
    await page.get_by_role("dialog", name="确认仍然有效").get_by_test_id("kb-step-confirm").click()
    await expect(flags).to_have_count(0)
