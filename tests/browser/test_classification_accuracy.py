"""分类准确率, the administrator's and leader's screen of live classification accuracy: a
clerk confirms one suggestion and corrects another, and the screen shows the decided cases,
the accuracy below 100 %, the figures per model version and kind of decision, and the model
versions with the current one marked. The figures are those the API gives for the span (the
running system is shared with other tests, whose clerks decide too)."""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

import httpx
from playwright.async_api import expect

from common.clock import SHANGHAI
from common.vocabulary import Role
from tests.support.console import Console, log_in
from tests.support.screening import register, screen
from tests.support.stack import Stack
from tests.support.staff import headers_for

ADMIN = headers_for(Role.ADMIN, username="admin-accuracy-screen")


def percent(rate: float | None) -> str:
    """As the console writes a rate: one decimal, halves rounded up."""
    return "—" if rate is None else f"{math.floor(rate * 1000 + 0.5) / 10:.1f}%"


async def decided_by_a_clerk(http: httpx.AsyncClient, stack: Stack, category: str) -> None:
    receipt = await register(
        http, stack, category=None, title="路灯不亮", description="银杏路口三盏路灯坏了半个月"
    )
    accepted = await screen(http, stack, receipt["case_id"], outcome="accept", category=category)
    assert accepted.status_code == 200, accepted.text


async def test_the_administrator_reads_live_accuracy_and_model_versions(
    stack: Stack, desktop: Console
) -> None:
    today = datetime.now(SHANGHAI).date()
    span = {"from": today.replace(day=1).isoformat(), "to": today.isoformat()}
    async with httpx.AsyncClient(timeout=10) as http:
        await decided_by_a_clerk(http, stack, "streetlight")  # agrees with the suggestion
        await decided_by_a_clerk(http, stack, "sanitation")  # a correction
        url = f"{stack.url('intake')}/api/v1/classification"
        figures: dict[str, Any] = (
            await http.get(f"{url}/accuracy", params=span, headers=ADMIN)
        ).json()
        models: list[dict[str, Any]] = (await http.get(f"{url}/models", headers=ADMIN)).json()
    assert figures["decided"] >= 2 and figures["accuracy"] < 1

    page = desktop.page
    await desktop.open("/staff")
    await log_in(desktop, "admin", "demo-admin")
    await page.get_by_test_id("nav").get_by_role("link", name="分类准确率").click()
    await expect(page.get_by_role("heading", name="分类准确率", level=1)).to_be_visible()

    await desktop.open(f"/staff/figures/classification?from={span['from']}&to={span['to']}")
    summary = page.get_by_test_id("accuracy-summary")
    await expect(summary.get_by_test_id("decided")).to_have_text(f"{figures['decided']} 件")
    await expect(summary.get_by_test_id("agreeing")).to_have_text(f"{figures['agreeing']} 件")
    await expect(summary.get_by_test_id("accuracy")).to_have_text(percent(figures["accuracy"]))
    (current,) = [m for m in models if m["current"]]
    await expect(summary.get_by_test_id("current-model")).to_have_text(current["version"])

    by_decision = page.get_by_test_id("by-decision")
    clerk = next(d for d in figures["by_decision"] if d["kind"] == "clerk")
    await expect(by_decision.locator("tr").filter(has_text="受理员甄别确认或改类")).to_contain_text(
        f"{percent(clerk['accuracy'])}（{clerk['agreeing']}/{clerk['decided']}）"
    )
    await expect(page.get_by_test_id("by-model")).to_contain_text(current["version"])
    await expect(page.get_by_test_id("by-domain")).to_contain_text("（未分领域）")

    versions = page.get_by_test_id("models")
    row = versions.locator("tr").filter(has_text=current["version"])
    await expect(row.get_by_test_id("model-current")).to_have_text("当前")
    await expect(row).to_contain_text("部署时的语料模型")
    await desktop.screen("classification-accuracy")
