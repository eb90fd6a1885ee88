"""Scorecards over real Kafka and PostgreSQL: the April fixture (tests/support/
supervision_stories.py) published on the owners' topics, consumed by the supervision
service; figures, rankings and exports over HTTP equal the hand-computed values (worked
out in tests/unit/test_scorecard.py); an upheld appeal changes housing's score; the May
fixture's outcome counts (解释答疑, 即办, 办理中, 已办结), satisfaction per case, filters, a
re-classification and a published batch's progress (tests/unit/test_figures_breakdown.py);
the knowledge figures (知识库) of June and July (tests/unit/test_knowledge_figures.py); and a
rebuild from the topics, after the projection was damaged, gives the live figures back."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import httpx
import pytest
import pytest_asyncio
from openpyxl import load_workbook
from sqlalchemy import text

from common.db import Database
from common.envelope import Envelope
from common.topics import SUPERVISION_EVENTS, qualified
from common.vocabulary import Role
from supervision.config import Settings
from supervision.main import app as supervision_app
from supervision.rebuild import rebuild
from tests.support.events import publish
from tests.support.infra import TEST_AUTH_SECRET, TestRun
from tests.support.kafka import eventually, read_until
from tests.support.knowledge_stories import knowledge_fixture
from tests.support.staff import headers_for
from tests.support.supervision_stories import (
    HS,
    MEETING,
    UM,
    WT,
    april_fixture,
    envelopes,
    may_fixture,
)

APRIL = {"period": "month", "from": "2024-04-01", "to": "2024-04-30"}
MAY = {"period": "month", "from": "2024-05-01", "to": "2024-05-31"}
JULY = {"period": "month", "from": "2024-07-01", "to": "2024-07-31"}
KNOWLEDGE = (
    "window_answers",
    "window_answers_from_article",
    "knowledge_hit_rate",
    "window_answer_rate",
    "consultations_resolved_with_article",
    "consultations_resolved_without_article",
    "gaps_opened",
    "gaps_closed",
    "gaps_open",
    "answers_wrong",
)
OUTCOMES = ("explained", "on_the_spot", "in_progress", "closed")
SUPERVISOR = headers_for(Role.SUPERVISOR)

# (accepted, resolved, response, on time, solved, satisfaction, callback, overdue, returns)
EXPECTED = {
    UM: (6, 4, 0.6667, 0.8, 0.8, 0.8, 1.0, 3, 0),
    HS: (5, 4, 1.0, 0.75, 0.6667, 0.6667, 0.75, 1, 1),
    WT: (2, 1, 1.0, 1.0, 1.0, 1.0, 1.0, 0, 0),
}
HOUSING_BEFORE_APPEAL = (6, 5, 1.0, 0.8, 0.5, 0.5, 0.8, 1, 1)
FIGURES = (
    "accepted",
    "resolved",
    "response_rate",
    "on_time_rate",
    "solved_rate",
    "satisfaction_rate",
    "callback_rate",
    "overdue",
    "returns",
)


def settings_for(run: TestRun) -> Settings:
    return Settings(
        database_url=run.database_url,
        kafka_bootstrap_servers=run.servers.kafka_bootstrap,
        topic_prefix=run.topic_prefix,
        auth_secret=TEST_AUTH_SECRET,
        outbox_poll_seconds=0.05,
    )


@pytest_asyncio.fixture(scope="module")
async def client(test_run: TestRun) -> AsyncIterator[httpx.AsyncClient]:
    app = supervision_app(settings_for(test_run))
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://supervision", timeout=10
        ) as http,
    ):
        yield http


@pytest_asyncio.fixture(scope="module")
async def published(test_run: TestRun, client: httpx.AsyncClient) -> list[Envelope]:
    items = [
        *envelopes(april_fixture(with_appeal=False)),
        *envelopes(may_fixture()),
        *envelopes(knowledge_fixture()),
    ]
    await publish(test_run.servers.kafka_bootstrap, test_run.topic_prefix, items)

    async def all_kept() -> bool:
        connection = await asyncpg.connect(test_run.plain_database_url)
        try:
            kept = await connection.fetchval("SELECT count(*) FROM supervision.case_events")
        finally:
            await connection.close()
        return bool(kept == len(items))

    await eventually(all_kept, timeout=60, interval=0.3)
    return items


async def department_rows(client: httpx.AsyncClient) -> dict[str, tuple[Any, ...]]:
    response = await client.get("/api/v1/scorecards", params=APRIL, headers=SUPERVISOR)
    assert response.status_code == 200, response.text
    rows = response.json()
    assert {row["period"] for row in rows} == {"2024-04"}
    return {row["department"]: tuple(row[name] for name in FIGURES) for row in rows}


async def test_scorecards_need_a_reader_role(
    client: httpx.AsyncClient, published: list[Envelope]
) -> None:
    assert (await client.get("/api/v1/scorecards", params=APRIL)).status_code == 401
    handler = headers_for(Role.HANDLER, HS)
    response = await client.get("/api/v1/scorecards", params=APRIL, headers=handler)
    assert response.status_code == 403
    assert response.json()["error"] == "forbidden_role"


async def test_figures_over_http_equal_the_hand_computed_ones_and_an_upheld_appeal_counts(
    client: httpx.AsyncClient, published: list[Envelope]
) -> None:
    before = await department_rows(client)
    assert before == {**EXPECTED, HS: HOUSING_BEFORE_APPEAL}

    housing = headers_for(Role.HANDLER, HS)
    # a department cannot appeal a case that does not count against it
    stranger = await client.post(
        "/api/v1/appeals", json={"case_id": "U1", "reason": "x"}, headers=housing
    )
    assert stranger.status_code == 404
    filed = await client.post(
        "/api/v1/appeals",
        json={"case_id": "H6", "reason": "诉求人要求超出政策范围，属不合理诉求"},
        headers=housing,
    )
    assert filed.status_code == 201, filed.text
    again = await client.post(
        "/api/v1/appeals", json={"case_id": "H6", "reason": "again"}, headers=housing
    )
    assert again.status_code == 409
    # only supervisors decide
    denied = await client.post(
        f"/api/v1/appeals/{filed.json()['appeal_id']}/decision",
        json={"upheld": True, "reason": "x"},
        headers=housing,
    )
    assert denied.status_code == 403
    decided = await client.post(
        f"/api/v1/appeals/{filed.json()['appeal_id']}/decision",
        json={"upheld": True, "reason": "经核查属不合理诉求，不计入考核"},
        headers=SUPERVISOR,
    )
    assert decided.status_code == 200, decided.text
    assert decided.json()["status"] == "upheld"

    assert await department_rows(client) == EXPECTED


async def test_rankings_leave_small_departments_unranked(
    client: httpx.AsyncClient, published: list[Envelope]
) -> None:
    response = await client.get(
        "/api/v1/rankings",
        params={"period": "month", "date": "2024-04-15", "by": "satisfaction_rate"},
        headers=headers_for(Role.DISPATCHER),
    )
    assert response.status_code == 200, response.text
    ranking = response.json()
    assert ranking["period"] == "2024-04"
    assert [(r["rank"], r["department"]) for r in ranking["ranked"]] == [(1, UM), (2, HS)]
    assert [(n["department"], n["reason"]) for n in ranking["not_ranked"]] == [
        (WT, "below_minimum_sample")
    ]


async def test_csv_and_xlsx_exports_carry_the_figures(
    client: httpx.AsyncClient, published: list[Envelope]
) -> None:
    csv_response = await client.get("/api/v1/scorecards.csv", params=APRIL, headers=SUPERVISOR)
    assert csv_response.status_code == 200
    assert csv_response.headers["content-type"].startswith("text/csv")
    lines = csv_response.content.decode("utf-8-sig").splitlines()
    assert lines[0].split(",")[:6] == [
        "统计期间",
        "承办单位",
        "问题类别",
        "受理量",
        "办结量",
        "响应率",
    ]
    # the district names its departments; housing and water are not in the demo district
    # then the domain, 解释答疑, 即办, 办理中, 已办结 and satisfaction per case
    assert lines[0].split(",")[12:18] == [
        "领域",
        "解释答疑",
        "即办",
        "办理中",
        "已办结",
        "满意率（按件）",
    ]
    # and no consultation: no window answer, no rate, no gap
    assert (
        "2024-04,城市管理局,,6,4,0.6667,0.8,0.8,0.8,1.0,3,0,,0,0,3,3,1.0,0,0,,,0,0,0,0,0,0,,,,,,"
        in lines
    )

    xlsx = await client.get("/api/v1/scorecards.xlsx", params=APRIL, headers=SUPERVISOR)
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][3:5] == ["受理量", "办结量"]
    by_department = {row[1]: row for row in rows[1:]}
    assert by_department[HS][3:12] == [5, 4, 1, 0.75, 0.6667, 0.6667, 0.75, 1, 1]
    assert sheet.cell(row=2, column=6).number_format == "0.00%"

    ranking = await client.get(
        "/api/v1/rankings.xlsx", params={"date": "2024-04-01"}, headers=SUPERVISOR
    )
    ranking_sheet = load_workbook(io.BytesIO(ranking.content)).active
    assert ranking_sheet is not None
    ranked = [list(row) for row in ranking_sheet.iter_rows(values_only=True)]
    assert [r[:3] for r in ranked[1:]] == [
        [1, "城市管理局", None],
        [2, HS, None],
        [None, WT, "样本量不足"],
    ]


async def test_hotspots_over_http_and_as_csv(
    client: httpx.AsyncClient, published: list[Envelope]
) -> None:
    params = {**APRIL, "top": "2"}
    response = await client.get("/api/v1/hotspots", params=params, headers=SUPERVISOR)
    # housing: xiangjiang H1 H2 H3, yuelu H4 H5 H6; streetlight/xiangjiang (3) loses the tie
    assert response.json() == [
        {"period": "2024-04", "category": "housing", "area": "xiangjiang", "cases": 3},
        {"period": "2024-04", "category": "housing", "area": "yuelu", "cases": 3},
    ]
    exported = await client.get("/api/v1/hotspots.csv", params=params, headers=SUPERVISOR)
    assert exported.content.decode("utf-8-sig").splitlines() == [
        "统计期间,问题类别,区域,件数",
        "2024-04,housing,xiangjiang,3",
        "2024-04,housing,yuelu,3",
    ]


async def may_rows(
    client: httpx.AsyncClient, group: str, **filters: str
) -> dict[str | None, tuple[int, ...]]:
    params = {**MAY, "group": group, **filters}
    response = await client.get("/api/v1/scorecards", params=params, headers=SUPERVISOR)
    assert response.status_code == 200, response.text
    key = "department" if group == "department" else "category"
    return {row[key]: tuple(row[name] for name in OUTCOMES) for row in response.json()}


async def may_progress(client: httpx.AsyncClient) -> list[dict[str, Any]]:
    response = await client.get("/api/v1/public/problem-list/batches")
    assert response.status_code == 200, response.text
    return list(response.json())


async def test_outcome_counts_follow_screening_reclassification_and_filters(
    client: httpx.AsyncClient, published: list[Envelope]
) -> None:
    # (explained, on the spot, in progress, closed); None: ended at the window, no department
    assert await may_rows(client, "department") == {UM: (0, 0, 1, 2), None: (2, 1, 0, 0)}
    assert await may_rows(client, "category") == {
        "streetlight": (0, 1, 0, 1),
        "road": (0, 0, 1, 1),  # B2 re-classified from streetlight by the dispatcher
        "housing": (1, 0, 0, 0),
        "water": (1, 0, 0, 0),
    }
    enterprise = await may_rows(client, "department", submitter_kind="enterprise")
    assert enterprise == {UM: (0, 0, 1, 1), None: (1, 0, 0, 0)}
    hotline = await may_rows(client, "department", channel="hotline")
    assert hotline == {UM: (0, 0, 0, 1), None: (0, 1, 0, 0)}
    assert await may_rows(client, "department", batch=MEETING[0]) == {
        UM: (0, 0, 1, 1),
        None: (2, 0, 0, 0),
    }
    response = await client.get(
        "/api/v1/scorecards", params={**MAY, "submitter_kind": "company"}, headers=SUPERVISOR
    )
    assert response.status_code == 422

    rows = await client.get("/api/v1/scorecards", params=MAY, headers=SUPERVISOR)
    um = next(row for row in rows.json() if row["department"] == UM)
    # B1 closed satisfied after one reopen, B6 satisfied: 2 of 3 callbacks, 2 of 2 cases
    assert (um["satisfaction_rate"], um["case_satisfaction_rate"]) == (0.6667, 1.0)
    assert (um["counts"]["satisfied_cases"], um["counts"]["rated_cases"]) == (2, 2)


async def test_exports_carry_the_outcomes_and_honour_the_filters(
    client: httpx.AsyncClient, published: list[Envelope]
) -> None:
    params = {**MAY, "group": "category", "batch": MEETING[0]}
    exported = await client.get("/api/v1/scorecards.csv", params=params, headers=SUPERVISOR)
    assert exported.status_code == 200, exported.text
    lines = exported.content.decode("utf-8-sig").splitlines()
    outcome_columns = [line.split(",")[13:17] for line in lines[1:]]
    # the meeting's streetlight closed, road in progress, housing and water explained
    assert sorted(outcome_columns) == [
        ["0", "0", "0", "1"],
        ["0", "0", "1", "0"],
        ["1", "0", "0", "0"],
        ["1", "0", "0", "0"],
    ]
    xlsx = await client.get(
        "/api/v1/scorecards.xlsx", params={**MAY, "channel": "hotline"}, headers=SUPERVISOR
    )
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert sorted([row[1], *row[13:17]] for row in rows[1:]) == [
        ["受理窗口（甄别）", 0, 1, 0, 0],  # B5 on the spot at the window
        ["城市管理局", 0, 0, 0, 1],  # B6 closed
    ]


async def test_a_supervisor_publishes_a_batch_progress_on_the_problem_list(
    client: httpx.AsyncClient, published: list[Envelope]
) -> None:
    known = await client.get("/api/v1/batches", headers=SUPERVISOR)
    assert known.json() == [
        {"batch_id": MEETING[0], "batch_title": MEETING[1], "cases": 4, "published": False}
    ]
    body = {"batch_id": MEETING[0]}
    handler = headers_for(Role.HANDLER, HS)
    assert (await client.post("/api/v1/problem-list/batches", json=body)).status_code == 401
    refused = await client.post("/api/v1/problem-list/batches", json=body, headers=handler)
    assert refused.status_code == 403
    unknown = await client.post(
        "/api/v1/problem-list/batches", json={"batch_id": "nope"}, headers=SUPERVISOR
    )
    assert (unknown.status_code, unknown.json()["error"]) == (404, "batch_not_found")

    done = await client.post("/api/v1/problem-list/batches", json=body, headers=SUPERVISOR)
    assert done.status_code == 201, done.text
    progress = await may_progress(client)
    assert [(p["batch_title"], p["registered"], p["accepted"]) for p in progress] == [
        (MEETING[1], 4, 2)
    ]
    assert {k: progress[0][k] for k in ("in_progress", "closed", "explained")} == {
        "in_progress": 1,
        "closed": 1,
        "explained": 2,
    }
    assert (progress[0]["satisfaction_rate"], progress[0]["case_satisfaction_rate"]) == (0.5, 1.0)

    withdrawn = await client.delete(
        f"/api/v1/problem-list/batches/{MEETING[0]}", headers=SUPERVISOR
    )
    assert withdrawn.status_code == 204
    assert await may_progress(client) == []
    again = await client.delete(f"/api/v1/problem-list/batches/{MEETING[0]}", headers=SUPERVISOR)
    assert (again.status_code, again.json()["error"]) == (404, "batch_not_published")
    # published again for the rebuild below, which must give the same progress
    await client.post("/api/v1/problem-list/batches", json=body, headers=SUPERVISOR)


async def knowledge_rows(
    client: httpx.AsyncClient, group: str
) -> dict[str | None, tuple[Any, ...]]:
    params = {**JULY, "group": group}
    response = await client.get("/api/v1/scorecards", params=params, headers=SUPERVISOR)
    assert response.status_code == 200, response.text
    return {row["department"]: tuple(row[name] for name in KNOWLEDGE) for row in response.json()}


async def test_the_knowledge_figures_come_from_the_knowledge_events(
    client: httpx.AsyncClient, published: list[Envelope]
) -> None:
    by_unit = await knowledge_rows(client, "department")
    assert by_unit[UM] == (2, 1, 0.5, 0.5, 1, 1, 2, 1, 1, 0)
    assert by_unit[HS] == (1, 1, 1.0, 0.5, 0, 0, 0, 1, 1, 1)
    assert await knowledge_rows(client, "district") == {None: (4, 2, 0.5, 0.5714, 1, 1, 2, 2, 2, 1)}
    exported = await client.get(
        "/api/v1/scorecards.csv", params={**JULY, "group": "district"}, headers=SUPERVISOR
    )
    header, row = exported.content.decode("utf-8-sig").splitlines()
    start = header.split(",").index("窗口解答量")  # the knowledge columns, then the evaluations'
    assert header.split(",")[start : start + 10] == [
        "窗口解答量",
        "知识库命中量",
        "知识库命中率",
        "当场解答率",
        "咨询件办结（引用知识）",
        "咨询件办结（未引用知识）",
        "新增知识缺口",
        "关闭知识缺口",
        "期末知识缺口",
        "答复有误",
    ]
    assert row.split(",")[start : start + 10] == [
        "4",
        "2",
        "0.5",
        "0.5714",
        "1",
        "1",
        "2",
        "2",
        "2",
        "1",
    ]


async def test_rebuilding_from_the_topics_gives_the_live_figures(
    test_run: TestRun, client: httpx.AsyncClient, published: list[Envelope]
) -> None:
    live = await department_rows(client)
    assert live == EXPECTED  # the appeal decided above is part of the figures
    may_live = await may_rows(client, "category")
    assert may_live["road"] == (0, 0, 1, 1)  # re-classified B2 and B6: rebuilt the same
    progress_live = await may_progress(client)
    knowledge_live = await knowledge_rows(client, "department")
    assert knowledge_live[HS][-3:] == (1, 1, 1)  # K11's gap closed, K10's open, K3 wrong
    assert [p["batch_id"] for p in progress_live] == [MEETING[0]]  # published above
    # the appeal decision must be on supervision's topic before the rebuild reads it
    await read_until(
        test_run.servers.kafka_bootstrap,
        qualified(SUPERVISION_EVENTS, test_run.topic_prefix),
        lambda records: any(b"AppealDecided" in (r.value or b"") for r in records),
    )
    settings = settings_for(test_run)
    damage = Database(settings.database_url, schema="supervision")
    async with damage.engine.begin() as connection:
        await connection.execute(text("DELETE FROM supervision.case_facts"))
        await connection.execute(
            text("DELETE FROM supervision.case_events WHERE event_type <> 'CaseAccepted'")
        )
    await damage.dispose()
    damaged = await client.get("/api/v1/scorecards", params=APRIL, headers=SUPERVISOR)
    assert damaged.json() == []

    report = await rebuild(settings)

    # April's 16 (R1 never accepted, M1 merged), May's 6, and the 11 of June and July
    assert report.cases == 33
    assert report.events_kept == len(published) + 1  # and the appeal decision
    assert await department_rows(client) == live
    assert await may_rows(client, "category") == may_live
    assert await may_progress(client) == progress_live
    assert await knowledge_rows(client, "department") == knowledge_live


@pytest.mark.parametrize("path", ["/api/v1/scorecards", "/api/v1/hotspots"])
async def test_a_reversed_date_range_is_refused(
    client: httpx.AsyncClient, path: str, published: list[Envelope]
) -> None:
    response = await client.get(
        path, params={"from": "2024-04-30", "to": "2024-04-01"}, headers=SUPERVISOR
    )
    assert response.status_code == 422
    assert response.json()["error"] == "bad_range"
