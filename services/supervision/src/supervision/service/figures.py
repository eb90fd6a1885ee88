"""The figures from the cases' facts: scorecards, rankings, hotspots, recurring matters and
the 转办 figures of outside units, over Asia/Shanghai days."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from common.errors import Unprocessable
from supervision.domain.breakdown import EVERY_CASE, Filters, filtered
from supervision.domain.figures import Grouping, add_gaps, aggregate, transfer_rows
from supervision.domain.periods import Period, period_key, period_range, shanghai_midnight
from supervision.domain.ranking import RankBy, hotspots, rank
from supervision.domain.recurring import recurrences
from supervision.repository.store import Unit


def window(start: date, end: date) -> tuple[datetime, datetime]:
    """Asia/Shanghai days from `start` to `end`, both included (a bad range is a 422)."""
    if end < start:
        raise Unprocessable("bad_range", "结束日期（to）早于开始日期（from）")
    return shanghai_midnight(start), shanghai_midnight(end + timedelta(days=1))


async def scorecards(
    uow: Unit,
    *,
    period: Period,
    grouping: Grouping,
    start: date,
    end: date,
    filters: Filters = EVERY_CASE,
    domains: Mapping[str, str] | None = None,
) -> list[dict[str, Any]]:
    """Rows of figures; a domain grouping's rows name the domain (领域) in `domain`."""
    since, until = window(start, end)
    facts = filtered(await uow.store.facts.accepted_between(since, until), filters)
    rows = aggregate(facts, period, grouping, domains)
    gaps = filtered(await uow.store.facts.with_gaps_between(since, until), filters)
    add_gaps(rows, gaps, period, grouping, (start, end), domains)
    by_domain = grouping is Grouping.DOMAIN
    return [
        {
            "period": key[0],
            "department": key[1],
            "category": None if by_domain else key[2],
            "domain": key[2] if by_domain else None,
            **figures.as_dict(),
        }
        for key, figures in sorted(rows.items(), key=lambda item: tuple(v or "" for v in item[0]))
    ]


async def ranking(
    uow: Unit, *, period: Period, day: date, by: RankBy, minimum_sample: int
) -> dict[str, Any]:
    first, following = period_range(period, day)
    since, until = shanghai_midnight(first), shanghai_midnight(following)
    by_row = aggregate(
        await uow.store.facts.accepted_between(since, until), period, Grouping.DEPARTMENT
    )
    gaps = await uow.store.facts.with_gaps_between(since, until)
    add_gaps(by_row, gaps, period, Grouping.DEPARTMENT, (first, following - timedelta(days=1)))
    rows = {key[1]: figures for key, figures in by_row.items() if key[1] is not None}
    result = rank(rows, by=by, minimum_sample=minimum_sample)
    return {
        "period": period_key(shanghai_midnight(first), period),
        "ranked_by": by.value,
        "minimum_sample": minimum_sample,
        "ranked": [
            {"rank": r.rank, "department": r.department, **r.figures.as_dict()}
            for r in result.ranked
        ],
        "not_ranked": [
            {"department": n.department, "reason": n.reason, **n.figures.as_dict()}
            for n in result.not_ranked
        ],
    }


async def hotspot_list(
    uow: Unit,
    *,
    period: Period,
    start: date,
    end: date,
    top: int,
    filters: Filters = EVERY_CASE,
) -> list[dict[str, Any]]:
    facts = filtered(await uow.store.facts.accepted_between(*window(start, end)), filters)
    return [
        {"period": h.period, "category": h.category, "area": h.area, "cases": h.cases}
        for h in hotspots(facts, period, top)
    ]


async def recurring_list(
    uow: Unit, *, start: date, end: date, window_days: int, radius_m: float
) -> list[dict[str, Any]]:
    """Recurrences among cases registered from `start` to `end`; earlier cases are looked for
    as far back as the window reaches."""
    since, until = window(start, end)
    lookback = since - timedelta(days=window_days)
    facts = await uow.store.facts.registered_between(lookback, until)
    found = recurrences(facts, window_days=window_days, radius_m=radius_m)
    registered = {f.case_id: f.registered_at for f in facts}
    return [
        {
            "case_id": r.case_id,
            "earlier_case_id": r.earlier_case_id,
            "category": r.category,
            "area": r.area,
            "address": r.address,
            "days_after_closure": r.days_after_closure,
        }
        for r in found
        if (moment := registered[r.case_id]) is not None and since <= moment < until
    ]


async def transfer_scorecards(
    uow: Unit, *, period: Period, start: date, end: date
) -> list[dict[str, Any]]:
    """转办 figures per outside unit and period."""
    facts = await uow.store.facts.accepted_between(*window(start, end))
    return [
        {"period": key[0], "unit": key[1], **figures.as_dict()}
        for key, figures in sorted(transfer_rows(facts, period).items())
    ]
