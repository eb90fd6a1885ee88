"""Supervision's figures: scorecards, rankings, hotspots and recurring matters, each as JSON
and as a CSV / XLSX file with zh-CN headers. Periods are Asia/Shanghai days."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import Depends, Query, Response

from common.clock import utcnow
from common.runtime import Runtime, RuntimeDep
from common.vocabulary import Channel, SubmitterKind
from supervision import exports
from supervision.api.access import LIST, Reader, act
from supervision.api.access import router as new_router
from supervision.api.files import Format, district_domains, district_names, file_route, send_file
from supervision.api.schemas import (
    Hotspot,
    Ranking,
    Recurrence,
    ScorecardRow,
    TransferScorecardRow,
)
from supervision.config import Settings
from supervision.domain.breakdown import Filters
from supervision.domain.figures import Grouping
from supervision.domain.periods import SHANGHAI, Period
from supervision.domain.ranking import RankBy
from supervision.service import campaigns
from supervision.service import figures as use_cases

router = new_router()
WINDOW_ROW = "受理窗口（甄别）"


def _this_month() -> date:
    return utcnow().astimezone(SHANGHAI).date().replace(day=1)


def _today() -> date:
    return utcnow().astimezone(SHANGHAI).date()


PeriodQuery = Annotated[Period, Query(description="day | week | month (Asia/Shanghai)")]
StartQuery = Annotated[date | None, Query(alias="from", description="first day, included")]
EndQuery = Annotated[date | None, Query(alias="to", description="last day, included")]


def case_filters(
    submitter_kind: Annotated[
        SubmitterKind | None, Query(description="只统计企业（enterprise）或群众（person）的诉求")
    ] = None,
    channel: Annotated[Channel | None, Query(description="只统计该渠道的诉求")] = None,
    batch: Annotated[
        str | None, Query(max_length=200, description="只统计该导入批次（batch_id）的诉求")
    ] = None,
) -> Filters:
    return Filters(
        submitter_kind=submitter_kind.value if submitter_kind else None,
        channel=channel.value if channel else None,
        batch_id=batch or None,
    )


FiltersDep = Annotated[Filters, Depends(case_filters)]


async def _scorecards(
    runtime: Runtime,
    period: Period,
    group: Grouping,
    start: date | None,
    end: date | None,
    filters: Filters,
) -> list[dict[str, Any]]:
    rows = await act(
        runtime,
        use_cases.scorecards,
        period=period,
        grouping=group,
        start=start or _this_month(),
        end=end or _today(),
        filters=filters,
        domains=district_domains(runtime.settings.district_file),
    )
    names = district_names(runtime.settings.district_file).domains
    evaluations = await act(runtime, campaigns.latest_evaluations)
    return [
        {
            **row,
            "domain_name": names.get(row["domain"] or ""),
            "evaluations": evaluations.get(row["department"] or "", []),
        }
        for row in rows
    ]


def _evaluation_cells(row: dict[str, Any]) -> dict[str, Any]:
    """A scorecard row's evaluations as the export's columns: per kind, the overall score
    (or 样本不足) and the rank."""
    cells: dict[str, Any] = {}
    for evaluation in row["evaluations"]:
        kind = evaluation["kind"]
        cells[f"evaluation_{kind}"] = evaluation["note"] or evaluation["overall"]
        cells[f"evaluation_{kind}_rank"] = evaluation["rank"]
    return cells


@router.get("/scorecards", response_model=list[ScorecardRow], responses=LIST)
async def scorecards(
    runtime: RuntimeDep,
    principal: Reader,
    filters: FiltersDep,
    period: PeriodQuery = Period.MONTH,
    group: Annotated[Grouping, Query()] = Grouping.DEPARTMENT,
    start: StartQuery = None,
    end: EndQuery = None,
) -> list[dict[str, Any]]:
    return await _scorecards(runtime, period, group, start, end, filters)


@router.get("/scorecards.{fmt}", **file_route(exports.SCORECARD))
async def export_scorecards(
    fmt: Format,
    runtime: RuntimeDep,
    principal: Reader,
    filters: FiltersDep,
    period: PeriodQuery = Period.MONTH,
    group: Annotated[Grouping, Query()] = Grouping.DEPARTMENT,
    start: StartQuery = None,
    end: EndQuery = None,
) -> Response:
    rows = await _scorecards(runtime, period, group, start, end, filters)
    if group in (Grouping.DEPARTMENT, Grouping.DEPARTMENT_CATEGORY):
        # the cases ended at screening (即办, 解释答疑) have no department: the window's row
        rows = [{**row, "department": row["department"] or WINDOW_ROW} for row in rows]
    rows = [{**row, **_evaluation_cells(row)} for row in rows]
    return send_file(runtime, exports.SCORECARD, rows, fmt, "scorecards")


async def _ranking(
    runtime: Runtime, period: Period, day: date | None, by: RankBy | None
) -> dict[str, Any]:
    settings = runtime.settings_as(Settings)
    return await act(
        runtime,
        use_cases.ranking,
        period=period,
        day=day or _today(),
        by=by or settings.ranking_measure,
        minimum_sample=settings.scorecard_minimum_sample,
    )


DayQuery = Annotated[date | None, Query(alias="date", description="a day in the period")]
ByQuery = Annotated[RankBy | None, Query(description="the rate to rank by")]


@router.get("/rankings", response_model=Ranking, responses=LIST)
async def rankings(
    runtime: RuntimeDep,
    principal: Reader,
    period: PeriodQuery = Period.MONTH,
    day: DayQuery = None,
    by: ByQuery = None,
) -> dict[str, Any]:
    return await _ranking(runtime, period, day, by)


@router.get("/rankings.{fmt}", **file_route(exports.RANKING))
async def export_rankings(
    fmt: Format,
    runtime: RuntimeDep,
    principal: Reader,
    period: PeriodQuery = Period.MONTH,
    day: DayQuery = None,
    by: ByQuery = None,
) -> Response:
    result = await _ranking(runtime, period, day, by)
    rows = [*result["ranked"], *result["not_ranked"]]
    return send_file(runtime, exports.RANKING, rows, fmt, f"rankings-{result['period']}")


TopQuery = Annotated[int, Query(ge=1, le=100)]


async def _hotspots(
    runtime: Runtime,
    period: Period,
    start: date | None,
    end: date | None,
    top: int,
    filters: Filters,
) -> list[dict[str, Any]]:
    return await act(
        runtime,
        use_cases.hotspot_list,
        period=period,
        start=start or _this_month(),
        end=end or _today(),
        top=top,
        filters=filters,
    )


@router.get("/hotspots", response_model=list[Hotspot], responses=LIST)
async def hotspots(
    runtime: RuntimeDep,
    principal: Reader,
    filters: FiltersDep,
    period: PeriodQuery = Period.MONTH,
    start: StartQuery = None,
    end: EndQuery = None,
    top: TopQuery = 10,
) -> list[dict[str, Any]]:
    return await _hotspots(runtime, period, start, end, top, filters)


@router.get("/hotspots.{fmt}", **file_route(exports.HOTSPOTS))
async def export_hotspots(
    fmt: Format,
    runtime: RuntimeDep,
    principal: Reader,
    filters: FiltersDep,
    period: PeriodQuery = Period.MONTH,
    start: StartQuery = None,
    end: EndQuery = None,
    top: TopQuery = 10,
) -> Response:
    rows = await _hotspots(runtime, period, start, end, top, filters)
    return send_file(runtime, exports.HOTSPOTS, rows, fmt, "hotspots")


async def _recurring(
    runtime: Runtime, start: date | None, end: date | None
) -> list[dict[str, Any]]:
    settings = runtime.settings_as(Settings)
    return await act(
        runtime,
        use_cases.recurring_list,
        start=start or _this_month(),
        end=end or _today(),
        window_days=settings.recurring_window_days,
        radius_m=settings.recurring_radius_m,
    )


@router.get("/recurring", response_model=list[Recurrence], responses=LIST)
async def recurring(
    runtime: RuntimeDep, principal: Reader, start: StartQuery = None, end: EndQuery = None
) -> list[dict[str, Any]]:
    return await _recurring(runtime, start, end)


@router.get("/recurring.{fmt}", **file_route(exports.RECURRING))
async def export_recurring(
    fmt: Format,
    runtime: RuntimeDep,
    principal: Reader,
    start: StartQuery = None,
    end: EndQuery = None,
) -> Response:
    return send_file(
        runtime, exports.RECURRING, await _recurring(runtime, start, end), fmt, "recurring"
    )


@router.get("/scorecards/transfers", response_model=list[TransferScorecardRow], responses=LIST)
async def transfer_scorecards(
    runtime: RuntimeDep,
    principal: Reader,
    period: PeriodQuery = Period.MONTH,
    start: StartQuery = None,
    end: EndQuery = None,
) -> list[dict[str, Any]]:
    """转办 figures per outside unit and period: apart from the departments' scorecards and
    rankings, since the district hands cases to these units but does not command them."""
    return await act(
        runtime,
        use_cases.transfer_scorecards,
        period=period,
        start=start or _this_month(),
        end=end or _today(),
    )
