"""The knowledge figures (知识库) on the running system: answers at the window with and without
an article, consultations resolved by departments, knowledge gaps and a wrong answer,
published on intake's, dispatch's and callback's topics as those services would, reach
supervision's scorecards, its district-wide row and its Excel export (the numbers are worked
out in tests/unit/test_knowledge_figures.py)."""

from __future__ import annotations

import io
import uuid
from typing import Any

import httpx
from openpyxl import load_workbook

from common.vocabulary import Role
from tests.support.events import publish
from tests.support.kafka import eventually
from tests.support.knowledge_stories import knowledge_fixture
from tests.support.stack import Stack
from tests.support.staff import headers_for
from tests.support.supervision_stories import HS, UM, envelopes

SUPERVISOR = headers_for(Role.SUPERVISOR)
JULY = {"period": "month", "from": "2024-07-01", "to": "2024-07-31"}
KNOWLEDGE = (
    "window_answers",
    "window_answers_from_article",
    "knowledge_hit_rate",
    "window_answer_rate",
    "gaps_opened",
    "gaps_closed",
    "gaps_open",
    "answers_wrong",
)


async def july(http: httpx.AsyncClient, stack: Stack, group: str) -> dict[str | None, Any]:
    response = await http.get(
        f"{stack.url('supervision')}/api/v1/scorecards",
        params={**JULY, "group": group},
        headers=SUPERVISOR,
    )
    assert response.status_code == 200, response.text
    return {row["department"]: tuple(row[name] for name in KNOWLEDGE) for row in response.json()}


async def test_the_knowledge_figures_reach_the_scorecards_and_the_export(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    prefix = f"KF-{uuid.uuid4().hex[:8]}-"
    stories = knowledge_fixture(prefix)
    await publish(stack.run.servers.kafka_bootstrap, stack.run.topic_prefix, envelopes(stories))

    async def counted() -> bool:
        return await july(http, stack, "district") == {None: (4, 2, 0.5, 0.5714, 2, 2, 2, 1)}

    await eventually(counted, timeout=60)
    by_unit = await july(http, stack, "department")
    assert by_unit[UM] == (2, 1, 0.5, 0.5, 2, 1, 1, 0)
    assert by_unit[HS] == (1, 1, 1.0, 0.5, 0, 1, 1, 1)

    exported = await http.get(
        f"{stack.url('supervision')}/api/v1/scorecards.xlsx",
        params={**JULY, "group": "district"},
        headers=SUPERVISOR,
    )
    assert exported.status_code == 200, exported.text
    sheet = load_workbook(io.BytesIO(exported.content)).active
    assert sheet is not None
    header, row = [list(values) for values in sheet.iter_rows(values_only=True)]
    cells = dict(zip(header, row, strict=True))
    assert (cells["知识库命中率"], cells["当场解答率"], cells["期末知识缺口"]) == (0.5, 0.5714, 2)
