"""The outcome counts on the figures screen and a batch's progress on the public problem list.

Two cases of an imported batch (座谈会) of this run's own are published on intake's topic as
intake would: an enterprise's question answered at the window (解释答疑), and a person's
request accepted and waiting for the dispatcher (办理中). A supervisor reads them on 考核评价
by category, narrowed to the batch, then to enterprises, and downloads the filtered figures;
publishes the batch's progress on the problem list, which the public then reads; and
withdraws it again."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import datetime
from pathlib import Path

import httpx
import pytest_asyncio
from playwright.async_api import Locator, Page, expect

from common.events import CaseAccepted, CaseRegistered, CaseResolvedOnTheSpot
from common.vocabulary import Channel, RequestKind, Role, ScreeningOutcome, SubmitterKind
from tests.support.console import Console, log_in
from tests.support.events import publish_as
from tests.support.infra import TestRun
from tests.support.kafka import eventually
from tests.support.stack import Stack
from tests.support.staff import headers_for

CATEGORY_NAME = "其他（人工分派）"
LOGIN_MS = 30_000  # the first login of a run waits for the services' key


def registered(batch: tuple[str, str], who: SubmitterKind) -> CaseRegistered:
    return CaseRegistered(
        channel=Channel.WINDOW,
        kind=RequestKind.CONSULTATION,
        category="other",
        title="座谈会意见",
        description="企业座谈会上提出的意见",
        submitter_kind=who,
        actor="clerk:figures-batch",
        batch_id=batch[0],
        batch_title=batch[1],
    )


@pytest_asyncio.fixture(scope="module")
async def batch(e2e_run: TestRun, stack: Stack) -> tuple[str, str]:
    tag = uuid.uuid4().hex[:8]
    meeting = (f"meeting-{tag}", f"企业座谈会-{tag}")
    now = datetime.now().astimezone()
    await publish_as(
        e2e_run,
        "intake",
        f"FB-{tag}-1",
        registered(meeting, SubmitterKind.ENTERPRISE),
        CaseResolvedOnTheSpot(
            category="other",
            kind=RequestKind.CONSULTATION,
            channel=Channel.WINDOW,
            outcome=ScreeningOutcome.ANSWER_CONSULTATION.value,
            answer="已当场解释政策",
            actor="clerk:figures-batch",
            resolved_at=now,
        ),
    )
    await publish_as(
        e2e_run,
        "intake",
        f"FB-{tag}-2",
        registered(meeting, SubmitterKind.PERSON),
        CaseAccepted(
            category="other",
            kind=RequestKind.CONSULTATION,
            channel=Channel.WINDOW,
            actor="clerk:figures-batch",
            accepted_at=now,
            category_confirmed=False,
            needs_dispatcher=True,
            submitter_kind=SubmitterKind.PERSON,
            batch_id=meeting[0],
            batch_title=meeting[1],
        ),
    )
    async with httpx.AsyncClient(timeout=10) as http:

        async def both_seen() -> bool:
            response = await http.get(
                f"{stack.url('supervision')}/api/v1/batches",
                headers=headers_for(Role.SUPERVISOR),
            )
            return any(b["batch_id"] == meeting[0] and b["cases"] == 2 for b in response.json())

        await eventually(both_seen, timeout=60)
    return meeting


async def pick(page: Page, test_id: str, option: str) -> None:
    await page.get_by_test_id(test_id).click()
    await page.get_by_role("option", name=option, exact=True).last.click()


def outcome_row(page: Page) -> Locator:
    return page.get_by_test_id("outcome-table").locator("tr").filter(has_text=CATEGORY_NAME)


async def expect_outcomes(page: Page, explained: str, in_progress: str, closed: str) -> None:
    row = outcome_row(page)
    await expect(row.get_by_test_id("outcome-explained")).to_have_text(explained)
    await expect(row.get_by_test_id("outcome-in-progress")).to_have_text(in_progress)
    await expect(row.get_by_test_id("outcome-closed")).to_have_text(closed)


async def saved_csv(page: Page) -> list[list[str]]:
    async with page.expect_download() as started:
        await page.get_by_test_id("export-csv").click()
    path = await (await started.value).path()
    assert path is not None
    return csv_rows(path)


def csv_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))


async def test_a_supervisor_counts_a_batch_and_publishes_its_progress(
    desktop: Console, batch: tuple[str, str]
) -> None:
    _, title = batch
    page = desktop.page
    await desktop.open("/login?next=/staff/figures/scorecards")
    await log_in(desktop, "supervisor", "demo-supervisor")
    await expect(page.get_by_role("heading", name="考核评价")).to_be_visible(timeout=LOGIN_MS)

    await page.get_by_test_id("figure-group").get_by_text("按类别").click()
    await pick(page, "filter-batch", title)
    await expect(page.get_by_test_id("outcome-table").locator("tbody tr")).to_have_count(1)
    await expect_outcomes(page, "1", "1", "0")
    await desktop.screen("figures-outcomes-batch")

    rows = await saved_csv(page)
    assert rows[0][13:17] == ["解释答疑", "即办", "办理中", "已办结"]
    assert [r[2:4] + r[13:17] for r in rows[1:]] == [[CATEGORY_NAME, "1", "1", "0", "1", "0"]]

    await pick(page, "filter-submitter", "企业")
    await expect_outcomes(page, "1", "0", "0")
    rows = await saved_csv(page)
    assert [r[13:17] for r in rows[1:]] == [["1", "0", "0", "0"]]

    await desktop.open("/staff/supervision/problems")
    entry = page.get_by_test_id("batch").filter(has_text=title)
    async with page.expect_response(lambda r: "problem-list/batches" in r.url) as answered:
        await entry.get_by_test_id("batch-toggle").click()
    answer = await answered.value
    assert answer.status == 201, await answer.text()
    await expect(page.get_by_test_id("batch-notice")).to_contain_text(f"已在问题清单公开“{title}”")
    await expect(entry.get_by_test_id("batch-toggle")).to_have_text("撤下进度")

    await desktop.open("/problems")
    progress = page.get_by_test_id("batch-progress").filter(has_text=title)
    await expect(progress.get_by_test_id("batch-registered")).to_have_text("2 件")
    await expect(progress.get_by_test_id("batch-accepted")).to_have_text("1 件")
    await expect(progress.get_by_test_id("batch-in-progress")).to_have_text("1 件")
    await expect(progress.get_by_test_id("batch-closed")).to_have_text("0 件")
    await expect(progress.get_by_test_id("batch-explained")).to_have_text("1 件")
    await expect(progress.get_by_test_id("batch-case-satisfaction")).to_have_text("—")
    await desktop.screen("problem-list-batch-progress")

    await desktop.open("/staff/supervision/problems")
    async with page.expect_response(lambda r: "problem-list/batches" in r.url) as answered:
        await entry.get_by_test_id("batch-toggle").click()
    assert (await answered.value).status == 204
    await expect(page.get_by_test_id("batch-notice")).to_contain_text("已撤下")
    await desktop.open("/problems")
    await expect(page.get_by_role("heading", name="问题清单")).to_be_visible()
    await expect(page.get_by_test_id("batch-progress").filter(has_text=title)).to_have_count(0)
