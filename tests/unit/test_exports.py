"""Supervision's files name departments, streets and categories as the district does."""

from __future__ import annotations

from supervision import exports

NAMES = exports.Names(
    {"urban-management": "城市管理局", "street-yuelu": "岳麓街道"},
    {"streetlight": "路灯照明"},
)


def test_codes_become_the_district_s_names_and_unknown_codes_stay() -> None:
    rows = [
        {"period": "2026-11", "department": "urban-management", "category": "streetlight"},
        {"period": "2026-11", "department": "water-company", "category": None},
    ]
    table = exports.table(exports.named(exports.SCORECARD, NAMES), rows)
    assert [row[:3] for row in table] == [
        ["2026-11", "城市管理局", "路灯照明"],
        ["2026-11", "water-company", ""],
    ]


def test_streets_are_named_in_hotspots_and_the_problem_list_keeps_its_status_words() -> None:
    hotspots = exports.table(
        exports.named(exports.HOTSPOTS, NAMES),
        [{"period": "2026-11", "category": "streetlight", "area": "street-yuelu", "cases": 3}],
    )
    assert hotspots == [["2026-11", "路灯照明", "岳麓街道", 3]]
    problems = exports.named(exports.PROBLEM_LIST, NAMES)
    row = {"responsible_unit": "urban-management", "status": "in_progress", "title": "路灯"}
    assert exports.table(problems, [row])[0][1:5] == ["路灯", "城市管理局", "", "整改中"]


def test_the_csv_carries_the_names() -> None:
    content = exports.to_csv(
        exports.named(exports.RANKING, NAMES),
        [{"rank": 1, "department": "urban-management", "reason": None}],
    )
    assert content.decode("utf-8-sig").splitlines()[1].startswith("1,城市管理局,")


def test_a_ledger_names_its_dispositions_units_progress_and_overdue_in_chinese() -> None:
    sheet = exports.named(exports.ledger_sheet({"special_study": "列入专项研究"}), NAMES)
    row = {
        "entry_id": 3,
        "source": "opinion",
        "disposition": "special_study",
        "responsible_unit": "urban-management",
        "progress": "in_progress",
        "overdue": True,
    }
    (cells,) = exports.table(sheet, [row])
    by_header = dict(zip([column.header for column in sheet.columns], cells, strict=True))
    assert (by_header["来源"], by_header["处置方式"], by_header["责任单位"]) == (
        "收集意见",
        "列入专项研究",
        "城市管理局",
    )
    assert (by_header["整改进展"], by_header["是否超期"]) == ("整改中", "是")
    (other,) = exports.table(sheet, [{**row, "disposition": "gone", "overdue": False}])
    assert (other[6], other[12]) == ("gone", "否")  # a code the district no longer lists stays
