"""The district file: the three-level taxonomy, the organisation, and files refused at load
with the line and the reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from common.district import District, load_district, parse_district
from common.district_file import DistrictFileError

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "deploy" / "district" / "yuelu.yaml"

GOOD = """\
district: {code: t, name: 测试区}
departments:
  - {code: water-company, name: 供水公司, kind: utility, outside: true}
  - {code: urban-management, name: 城管局}
  - {code: um-squad, name: 中队, kind: squad, parent: urban-management}
categories:
  - {code: other, name: 其他, lead: null}
taxonomy:
  - code: utilities
    name: 公用事业
    categories:
      - code: water-supply
        name: 供水
        lead: water-company
        items:
          - {code: water-outage, name: 停水, kinds: [complaint, help]}
          - {code: water-lid, name: 井盖, lead: urban-management, co_handlers: [um-squad]}
"""


def parse(text: str) -> District:
    return parse_district("district.yaml", text)


def refusal(text: str) -> DistrictFileError:
    with pytest.raises(DistrictFileError) as refused:
        parse(text)
    return refused.value


def test_taxonomy_items_become_routable_leaves_that_know_their_domain() -> None:
    district = parse(GOOD)
    leaves = {category.code: category for category in district.categories}
    assert list(leaves) == ["other", "water-outage", "water-lid"]
    outage = leaves["water-outage"]
    assert (outage.lead, outage.domain, outage.group) == (
        "water-company",
        "utilities",
        "water-supply",
    )
    assert outage.domain_name == "公用事业" and outage.group_name == "供水"
    assert [kind.value for kind in outage.kinds] == ["complaint", "help"]
    assert leaves["water-lid"].lead == "urban-management"  # its own lead wins
    assert district.departments[0].outside and not district.departments[1].outside


def test_an_unknown_department_is_refused_with_its_line() -> None:
    error = refusal(GOOD.replace("lead: urban-management,", "lead: roads-bureau,"))
    assert error.line == 17
    assert "unknown department roads-bureau" in error.reason


def test_an_unknown_co_handler_is_refused_with_its_line() -> None:
    error = refusal(GOOD.replace("co_handlers: [um-squad]", "co_handlers: [nobody]"))
    assert error.line == 17 and "co-handler is unknown department nobody" in error.reason


def test_a_leaf_without_a_lead_is_refused() -> None:
    error = refusal(GOOD.replace("        lead: water-company\n", ""))
    assert error.line == 15
    assert error.reason == "leaf water-outage has no lead department"


def test_a_cycle_of_parent_departments_is_refused() -> None:
    text = GOOD.replace(
        "{code: urban-management, name: 城管局}",
        "{code: urban-management, name: 城管局, parent: um-squad}",
    )
    error = refusal(text)
    assert error.line == 4
    assert "parent cycle urban-management -> um-squad -> urban-management" in error.reason


@pytest.mark.parametrize(
    ("old", "new", "line", "reason"),
    [
        ("code: um-squad,", "code: urban-management,", 5, "duplicate department urban-management"),
        (
            "code: water-lid,",
            "code: water-outage,",
            17,
            "duplicate classification code water-outage",
        ),
        ("code: water-supply", "code: utilities", 12, "duplicate classification code utilities"),
    ],
)
def test_a_duplicate_code_is_refused(old: str, new: str, line: int, reason: str) -> None:
    error = refusal(GOOD.replace(old, new))
    assert (error.line, error.reason) == (line, reason)


def test_a_wrong_field_inside_the_taxonomy_is_located_in_the_file() -> None:
    error = refusal(GOOD.replace("kinds: [complaint, help]", "kinds: [complaint, grumble]"))
    assert error.line == 16
    assert error.reason.startswith("taxonomy.0.categories.0.items.0.kinds.1")


def test_a_refused_file_names_itself_and_its_line() -> None:
    error = refusal(GOOD.replace("co_handlers: [um-squad]", "co_handlers: [nobody]"))
    assert str(error).startswith("district.yaml:17: ")


def test_the_demo_district_still_loads_as_it_did() -> None:
    demo = load_district(ROOT / "deploy" / "district" / "demo.yaml")
    assert len(demo.categories) == 11 and demo.classifier is None
    assert all(category.domain is None for category in demo.categories)


def test_the_real_district_is_complete() -> None:
    district = load_district(REAL)
    leaves = [category for category in district.categories if category.domain]
    assert len({leaf.domain for leaf in leaves}) >= 15
    assert len(leaves) >= 120
    assert all(leaf.lead and leaf.kinds for leaf in leaves)
    own = [d for d in district.departments if not d.outside and d.kind not in ("street", "town")]
    assert 30 <= len(own) <= 40
    assert sum(d.kind in ("street", "town") for d in district.departments) == 19
    outside = {d.code for d in district.departments if d.outside}
    assert {"water-company", "power-company", "gas-company", "heating-company"} <= outside
    assert {"public-security", "china-telecom", "china-mobile", "china-unicom"} <= outside
    assert district.classifier is not None


def test_ledger_dispositions_are_the_defaults_then_the_districts_own() -> None:
    district = parse(
        GOOD + "ledger_dispositions:\n  - {code: to-the-meeting, name: 提交联席会议}\n"
    )
    assert [(d.code, d.name) for d in district.dispositions] == [
        ("fixed_at_once", "立行立改"),
        ("special_study", "列入专项研究"),
        ("key_supervision", "重点督办"),
        ("to-the-meeting", "提交联席会议"),
    ]
    assert [d.code for d in parse(GOOD).dispositions][3:] == []


@pytest.mark.parametrize(
    ("own", "reason"),
    [
        ("  - {code: special_study, name: 专题研究}\n", "duplicate disposition special_study"),
        (
            "  - {code: talk, name: 约谈}\n  - {code: talk, name: 再约谈}\n",
            "duplicate disposition talk",
        ),
    ],
)
def test_a_repeated_disposition_code_is_refused_with_its_line(own: str, reason: str) -> None:
    text = GOOD + "ledger_dispositions:\n" + own
    error = refusal(text)
    assert (error.reason, error.line) == (reason, text.count("\n"))
