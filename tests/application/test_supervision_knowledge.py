"""The knowledge figures (知识库) on supervision's in-memory store, from the events as its
handlers keep them (delivered out of order): per unit and district-wide in the scorecards,
in the ranking's rows, and in the export's zh-CN columns (tests/unit/test_knowledge_figures.py
works the numbers out)."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from supervision import exports
from supervision.api.schemas import Ranking, ScorecardRow
from supervision.domain.breakdown import Filters
from supervision.domain.figures import Grouping
from supervision.domain.periods import Period
from supervision.domain.ranking import RankBy
from supervision.service import figures
from tests.support.knowledge_stories import knowledge_fixture
from tests.support.supervision_memory import Database, database, deliver_all, run
from tests.support.supervision_stories import HS, UM, envelopes

JULY = {"start": date(2024, 7, 1), "end": date(2024, 7, 31)}
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


async def delivered() -> Database:
    db = database()
    shuffled = envelopes(knowledge_fixture())
    random.Random(12345).shuffle(shuffled)
    await deliver_all(db, shuffled)
    return db


def knowledge(row: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(row[name] for name in KNOWLEDGE)


async def scorecards(db: Database, grouping: Grouping, **more: Any) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = await run(
        db, figures.scorecards, period=Period.MONTH, grouping=grouping, **{**JULY, **more}
    )
    for row in rows:
        ScorecardRow.model_validate(row)  # what the route declares
    return rows


async def test_each_units_knowledge_figures_come_from_the_events() -> None:
    db = await delivered()
    rows = {row["department"]: row for row in await scorecards(db, Grouping.DEPARTMENT)}
    assert knowledge(rows[UM]) == (2, 1, 0.5, 0.5, 1, 1, 2, 1, 1, 0)
    assert knowledge(rows[HS]) == (1, 1, 1.0, 0.5, 0, 0, 0, 1, 1, 1)
    assert knowledge(rows[None]) == (1, 0, 0.0, 1.0, 0, 0, 0, 0, 0, 0)
    assert rows[UM]["counts"]["consultations_screened"] == 4


async def test_the_district_row_has_the_figures_of_the_whole_district() -> None:
    db = await delivered()
    (district,) = await scorecards(db, Grouping.DISTRICT)
    assert (district["department"], district["category"]) == (None, None)
    assert knowledge(district) == (4, 2, 0.5, round(4 / 7, 4), 1, 1, 2, 2, 2, 1)
    assert (district["explained"], district["on_the_spot"], district["accepted"]) == (4, 1, 4)


async def test_a_filter_applies_to_the_gaps_too() -> None:
    db = await delivered()
    hotline = await scorecards(db, Grouping.DISTRICT, filters=Filters(channel="hotline"))
    # only the accepted cases came by the hotline; every gap is of a window answer but K7's
    assert [knowledge(row) for row in hotline] == [(0, 0, None, 0.0, 1, 1, 1, 0, 1, 0)]


async def test_the_ranking_rows_carry_the_knowledge_figures() -> None:
    db = await delivered()
    ranking = await run(
        db,
        figures.ranking,
        period=Period.MONTH,
        day=date(2024, 7, 15),
        by=RankBy.SATISFACTION_RATE,
        minimum_sample=1,
    )
    Ranking.model_validate(ranking)
    listed = {row["department"]: row for row in [*ranking["ranked"], *ranking["not_ranked"]]}
    assert knowledge(listed[UM]) == (2, 1, 0.5, 0.5, 1, 1, 2, 1, 1, 0)
    assert (listed[HS]["gaps_closed"], listed[HS]["gaps_open"]) == (1, 1)


async def test_the_scorecard_export_names_the_knowledge_columns_in_chinese() -> None:
    db = await delivered()
    rows = await scorecards(db, Grouping.DEPARTMENT)
    headers = [column.header for column in exports.SCORECARD.columns]
    for header in ("知识库命中率", "当场解答率", "新增知识缺口", "期末知识缺口", "答复有误"):
        assert header in headers
    um = next(row for row in rows if row["department"] == UM)
    (cells,) = exports.table(exports.SCORECARD, [um])
    by_header = dict(zip(headers, cells, strict=True))
    assert (by_header["知识库命中率"], by_header["期末知识缺口"]) == (0.5, 1)
    ranking_headers = [column.header for column in exports.RANKING.columns]
    assert "知识库命中率" in ranking_headers and "答复有误" in ranking_headers
