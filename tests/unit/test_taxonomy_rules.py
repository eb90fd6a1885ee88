"""The rules of live taxonomy edits (dispatch.domain.taxonomy): pure, no I/O."""

from __future__ import annotations

import pytest

from dispatch.domain.taxonomy import (
    Changes,
    Node,
    TaxonomyRefused,
    check_change,
    check_new,
    check_restore,
    check_retire,
    leaves,
    tree_of,
)

DEPARTMENTS = {"water-company", "urban-management", "street-yuelu"}
TREE = {
    n.code: n
    for n in [
        Node("utilities", "domain", "水电气"),
        Node("transport", "domain", "交通出行"),
        Node("water-supply", "category", "供水", parent="utilities"),
        Node("buses", "category", "公交", parent="transport"),
        Node("water-cut", "item", "停水", "water-supply", ("help",), "water-company"),
        Node("other", "item", "其他"),
    ]
}


def refusal(call: object) -> TaxonomyRefused:
    assert callable(call)
    with pytest.raises(TaxonomyRefused) as raised:
        call()
    return raised.value


def test_an_item_is_added_under_a_category_with_its_lead() -> None:
    item = Node("water-pressure", "item", "水压低", "water-supply", ("complaint",), "water-company")
    assert check_new(TREE, DEPARTMENTS, item) == item


def test_a_duplicate_code_is_refused_with_409_across_levels() -> None:
    refused = refusal(lambda: check_new(TREE, DEPARTMENTS, Node("buses", "domain", "公交")))
    assert (refused.status, refused.code, refused.details["field"]) == (
        409,
        "duplicate_code",
        "code",
    )
    assert "分类代码（code）" in str(refused)


def test_an_item_without_a_lead_is_refused() -> None:
    refused = refusal(
        lambda: check_new(TREE, DEPARTMENTS, Node("meter", "item", "水表", "water-supply"))
    )
    assert (refused.status, refused.code) == (422, "lead_required")
    assert "主办单位（lead）" in str(refused)


def test_an_unknown_lead_or_co_handler_is_refused_naming_the_field() -> None:
    unknown_lead = Node("meter", "item", "水表", "water-supply", lead="no-such-bureau")
    refused = refusal(lambda: check_new(TREE, DEPARTMENTS, unknown_lead))
    assert (refused.code, refused.details["field"]) == ("unknown_department", "lead")
    unknown_co = Node(
        "meter", "item", "水表", "water-supply", lead="water-company", co_handlers=("ghost",)
    )
    refused = refusal(lambda: check_new(TREE, DEPARTMENTS, unknown_co))
    assert (refused.code, refused.details["field"]) == ("unknown_department", "co_handlers")
    assert refused.details["unknown_departments"] == ["ghost"]


def test_a_parent_must_exist_and_sit_one_level_up() -> None:
    orphan = Node("meter", "item", "水表", "no-such-category", lead="water-company")
    assert refusal(lambda: check_new(TREE, DEPARTMENTS, orphan)).code == "unknown_parent"
    under_domain = Node("meter", "item", "水表", "utilities", lead="water-company")
    refused = refusal(lambda: check_new(TREE, DEPARTMENTS, under_domain))
    assert (refused.code, refused.details["field"]) == ("wrong_parent_level", "parent")
    homeless = Node("trams", "category", "有轨电车")
    assert refusal(lambda: check_new(TREE, DEPARTMENTS, homeless)).code == "parent_required"


def test_a_move_that_makes_a_node_its_own_ancestor_is_a_cycle() -> None:
    refused = refusal(
        lambda: check_change(
            TREE, DEPARTMENTS, "water-supply", Changes(parent="water-supply", move=True)
        )
    )
    assert (refused.code, refused.details["field"]) == ("taxonomy_cycle", "parent")
    looped = {**TREE, "utilities": Node("utilities", "domain", "水电气", parent="water-cut")}
    refused = refusal(
        lambda: check_change(
            looped, DEPARTMENTS, "water-cut", Changes(parent="water-supply", move=True)
        )
    )
    assert refused.code == "taxonomy_cycle"


def test_an_item_moves_to_another_category_and_keeps_its_routing() -> None:
    moved = check_change(TREE, DEPARTMENTS, "water-cut", Changes(parent="buses", move=True))
    assert (moved.parent, moved.lead) == ("buses", "water-company")


def test_routing_changes_need_a_lead_and_known_departments() -> None:
    rerouted = check_change(
        TREE,
        DEPARTMENTS,
        "water-cut",
        Changes(lead="urban-management", co_handlers=("street-yuelu",), route=True),
    )
    assert (rerouted.lead, rerouted.co_handlers) == ("urban-management", ("street-yuelu",))
    no_lead = Changes(lead=None, route=True)
    assert refusal(lambda: check_change(TREE, DEPARTMENTS, "water-cut", no_lead)).code == (
        "lead_required"
    )
    both = Changes(lead="water-company", co_handlers=("water-company",), route=True)
    assert refusal(lambda: check_change(TREE, DEPARTMENTS, "water-cut", both)).code == (
        "lead_is_co_handler"
    )


def test_only_items_carry_routing_and_only_items_retire() -> None:
    routed_domain = Changes(lead="water-company", route=True)
    assert refusal(lambda: check_change(TREE, DEPARTMENTS, "utilities", routed_domain)).code == (
        "not_an_item"
    )
    assert refusal(lambda: check_retire(TREE, "utilities")).code == "not_an_item"


def test_retiring_keeps_the_item_and_restoring_brings_it_back() -> None:
    retired = check_retire(TREE, "water-cut")
    assert retired.retired and retired.lead == "water-company"
    assert not check_restore({**TREE, "water-cut": retired}, "water-cut").retired


def test_an_unknown_node_is_404() -> None:
    refused = refusal(lambda: check_change(TREE, DEPARTMENTS, "ghost", Changes(name="x")))
    assert (refused.status, refused.code) == (404, "taxonomy_node_not_found")


def test_the_tree_and_the_leaves_name_each_items_domain_and_category() -> None:
    view = tree_of(list(TREE.values()))
    assert [d["code"] for d in view["domains"]] == ["utilities", "transport"]
    assert view["domains"][0]["categories"][0]["items"][0]["lead"] == "water-company"
    assert [i["code"] for i in view["ungrouped"]] == ["other"]
    by_code = {leaf["code"]: leaf for leaf in leaves(list(TREE.values()))}
    assert by_code["water-cut"]["domain_name"] == "水电气"
    assert by_code["water-cut"]["group_name"] == "供水"
    assert by_code["other"]["domain"] is None
