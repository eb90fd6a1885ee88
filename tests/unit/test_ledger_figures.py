"""A campaign ledger's figures (专项整治台账): Gaoyou's 41 collected opinions sorted into 31
立行立改, 2 列入专项研究 and 8 重点督办, overdue and on time counted in Asia/Shanghai days, and
the rules an entry's disposition and time limit follow."""

from __future__ import annotations

from datetime import UTC, date, datetime

from supervision.domain.ledgers import (
    Disposition,
    EntryState,
    disposition_problem,
    figures,
    is_overdue,
    rectified_on_time,
    time_limit_problem,
)

DEFAULTS = (
    Disposition("fixed_at_once", "立行立改"),
    Disposition("special_study", "列入专项研究"),
    Disposition("key_supervision", "重点督办"),
)
TODAY = date(2026, 11, 30)


def entry(
    disposition: str | None = None,
    time_limit: date | None = None,
    progress: str = "open",
    rectified_at: datetime | None = None,
) -> EntryState:
    return EntryState(disposition, time_limit, progress, rectified_at)


def test_gaoyous_example_reads_41_collected_31_2_8() -> None:
    entries = (
        [entry("fixed_at_once")] * 31
        + [entry("special_study")] * 2
        + [entry("key_supervision")] * 8
    )
    result = figures(entries, DEFAULTS, TODAY)
    assert result["collected"] == 41
    assert result["by_disposition"] == [
        {"code": "fixed_at_once", "name": "立行立改", "count": 31},
        {"code": "special_study", "name": "列入专项研究", "count": 2},
        {"code": "key_supervision", "name": "重点督办", "count": 8},
    ]
    assert (result["undecided"], result["rectified"], result["overdue"], result["open"]) == (
        0,
        0,
        0,
        41,
    )


def test_a_district_disposition_counts_and_a_forgotten_one_keeps_its_code() -> None:
    own = (*DEFAULTS, Disposition("to-the-meeting", "提交联席会议"))
    result = figures([entry("to-the-meeting"), entry("retired"), entry()], own, TODAY)
    assert [(d["code"], d["name"], d["count"]) for d in result["by_disposition"]] == [
        ("fixed_at_once", "立行立改", 0),
        ("special_study", "列入专项研究", 0),
        ("key_supervision", "重点督办", 0),
        ("to-the-meeting", "提交联席会议", 1),
        ("retired", "retired", 1),
    ]
    assert result["undecided"] == 1


def test_overdue_means_not_rectified_and_past_the_time_limit() -> None:
    limit = date(2026, 11, 29)
    assert is_overdue(entry(time_limit=limit), TODAY)
    assert is_overdue(entry(time_limit=limit, progress="in_progress"), TODAY)
    assert not is_overdue(entry(time_limit=TODAY), TODAY)  # the limit's own day is in time
    assert not is_overdue(entry(), TODAY)  # no time limit yet
    rectified = entry(time_limit=limit, progress="rectified", rectified_at=datetime.now(UTC))
    assert not is_overdue(rectified, TODAY)


def test_rectified_on_time_is_judged_on_the_shanghai_day() -> None:
    limit = date(2026, 11, 29)
    # 2026-11-29 15:59 UTC is 23:59 on the 29th in Shanghai: on time
    late_evening = datetime(2026, 11, 29, 15, 59, tzinfo=UTC)
    # 2026-11-29 16:00 UTC is already 00:00 on the 30th there: late
    after_midnight = datetime(2026, 11, 29, 16, 0, tzinfo=UTC)
    assert rectified_on_time(entry(None, limit, "rectified", late_evening))
    assert not rectified_on_time(entry(None, limit, "rectified", after_midnight))
    assert rectified_on_time(entry(None, None, "rectified", after_midnight))
    assert not rectified_on_time(entry(None, limit, "in_progress"))


def test_the_progress_figures_add_up() -> None:
    limit = date(2026, 11, 20)
    entries = [
        entry("fixed_at_once", limit, "rectified", datetime(2026, 11, 18, 2, tzinfo=UTC)),
        entry("fixed_at_once", limit, "rectified", datetime(2026, 11, 25, 2, tzinfo=UTC)),
        entry("key_supervision", limit, "in_progress"),
        entry("key_supervision", date(2026, 12, 20), "open"),
        entry(None),
    ]
    result = figures(entries, DEFAULTS, TODAY)
    assert {key: result[key] for key in result if key != "by_disposition"} == {
        "collected": 5,
        "undecided": 1,
        "rectified": 2,
        "rectified_on_time": 1,
        "overdue": 1,
        "open": 3,
    }


def test_a_disposition_must_be_the_districts_and_a_limit_not_before_collection() -> None:
    assert disposition_problem("special_study", DEFAULTS) is None
    problem = disposition_problem("forgotten", DEFAULTS)
    assert problem is not None and "disposition" in problem and "立行立改" in problem
    assert time_limit_problem(date(2026, 1, 5), date(2026, 1, 5)) is None
    assert time_limit_problem(None, date(2026, 1, 5)) is None
    problem = time_limit_problem(date(2026, 1, 4), date(2026, 1, 5))
    assert problem is not None and "time_limit" in problem
