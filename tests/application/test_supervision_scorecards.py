"""The figures on supervision's in-memory store: scorecards, rankings, hotspots, recurring
matters and 转办 figures from the cases' facts as the handlers keep them, over the same
Asia/Shanghai days as the pure fold (tests/unit/test_scorecard.py works the numbers out)."""

from __future__ import annotations

from datetime import date

from supervision.domain.breakdown import Filters
from supervision.domain.figures import Grouping
from supervision.domain.periods import Period
from supervision.domain.ranking import RankBy
from supervision.service import figures
from tests.support.supervision_memory import Database, database, deliver_all, refused, run
from tests.support.supervision_stories import Story, april_fixture, at, envelopes, may_fixture

APRIL = {"start": date(2024, 4, 1), "end": date(2024, 4, 30)}


async def april() -> Database:
    db = database()
    await deliver_all(db, envelopes(april_fixture(with_appeal=False)))
    return db


async def test_scorecards_count_the_cases_accepted_in_the_window() -> None:
    db = await april()
    rows = await run(
        db, figures.scorecards, period=Period.MONTH, grouping=Grouping.DEPARTMENT, **APRIL
    )
    assert {row["period"] for row in rows} == {"2024-04"}
    departments = {row["department"] for row in rows}
    assert {"urban-management", "housing", "water"} <= departments
    assert sum(row["accepted"] for row in rows) >= 13

    none = await run(
        db,
        figures.scorecards,
        period=Period.MONTH,
        grouping=Grouping.DEPARTMENT,
        start=date(2024, 5, 1),
        end=date(2024, 5, 31),
    )
    assert none == []


async def test_scorecards_filter_by_batch() -> None:
    db = database()
    await deliver_all(db, envelopes(may_fixture()))
    rows = await run(
        db,
        figures.scorecards,
        period=Period.MONTH,
        grouping=Grouping.DEPARTMENT,
        start=date(2024, 5, 1),
        end=date(2024, 5, 31),
        filters=Filters(batch_id="zt-2024-05"),
    )
    outcomes = {
        row["department"]: (row["explained"], row["in_progress"], row["closed"]) for row in rows
    }
    assert outcomes == {"urban-management": (0, 1, 1), None: (2, 0, 0)}  # B1, B2; B3, B4


async def test_a_range_ending_before_it_starts_is_refused() -> None:
    db = await april()
    await refused(
        db,
        "bad_range",
        figures.scorecards,
        period=Period.MONTH,
        grouping=Grouping.DEPARTMENT,
        start=date(2024, 4, 30),
        end=date(2024, 4, 1),
    )


async def test_the_ranking_ranks_departments_with_enough_cases() -> None:
    db = await april()
    ranking = await run(
        db,
        figures.ranking,
        period=Period.MONTH,
        day=date(2024, 4, 15),
        by=RankBy.SATISFACTION_RATE,
        minimum_sample=1,
    )
    assert ranking["period"] == "2024-04"
    assert [r["rank"] for r in ranking["ranked"]] == sorted(r["rank"] for r in ranking["ranked"])
    assert (ranking["ranked"] and ranking["not_ranked"] == []) or ranking["ranked"]

    strict = await run(
        db,
        figures.ranking,
        period=Period.MONTH,
        day=date(2024, 4, 15),
        by=RankBy.SATISFACTION_RATE,
        minimum_sample=1000,
    )
    assert strict["ranked"] == []
    assert {n["department"] for n in strict["not_ranked"]} == {
        r["department"] for r in ranking["ranked"]
    } | {n["department"] for n in ranking["not_ranked"]}


async def test_hotspots_list_the_busiest_category_and_area() -> None:
    db = await april()
    spots = await run(db, figures.hotspot_list, period=Period.MONTH, top=1, **APRIL)
    assert len(spots) == 1 and spots[0]["cases"] >= 1


async def test_a_matter_back_at_the_same_place_after_closure_is_recurring() -> None:
    db = database()
    area, address = "yuelu", "岳麓大道1号"
    first = Story("A").registered(at(1, 9), "streetlight", area=area, address=address)
    first.closed(at(2, 9))
    again = Story("B").registered(at(12, 9), "streetlight", area=area, address=address)
    elsewhere = Story("C").registered(at(12, 10), "streetlight", area="yuelu", address="别处")
    await deliver_all(db, envelopes([first, again, elsewhere]))
    recurring = await run(db, figures.recurring_list, window_days=90, radius_m=200, **APRIL)
    assert [(r["case_id"], r["earlier_case_id"]) for r in recurring] == [("B", "A")]
    outside = {"start": date(2024, 4, 20), "end": date(2024, 4, 30)}
    assert await run(db, figures.recurring_list, window_days=90, radius_m=200, **outside) == []


async def test_no_transfer_figures_without_a_case_handed_to_an_outside_unit() -> None:
    db = await april()
    transfers = await run(db, figures.transfer_scorecards, period=Period.MONTH, **APRIL)
    assert transfers == []  # no case of April was handed to an outside unit
