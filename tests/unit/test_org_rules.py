"""Rules of the district organisation, the district file and login throttling."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from common.district import District
from common.vocabulary import Role
from dispatch.domain.organisation import (
    LoginThrottle,
    OrganisationRuleBroken,
    check_parent,
    check_password,
    check_route,
    check_staff,
)

PARENTS: dict[str, str | None] = {
    "urban-management": None,
    "urban-management-squad": "urban-management",
    "squad-team": "urban-management-squad",
    "street-yuelu": None,
}


def test_a_sub_unit_needs_an_existing_parent() -> None:
    check_parent("new-squad", "urban-management", PARENTS)
    check_parent("urban-management", None, PARENTS)
    with pytest.raises(OrganisationRuleBroken) as broken:
        check_parent("new-squad", "ministry-of-magic", PARENTS)
    assert broken.value.code == "unknown_department"


@pytest.mark.parametrize(
    ("code", "parent"),
    [("urban-management", "squad-team"), ("urban-management", "urban-management")],
)
def test_a_department_cannot_become_its_own_ancestor(code: str, parent: str) -> None:
    with pytest.raises(OrganisationRuleBroken) as broken:
        check_parent(code, parent, PARENTS)
    assert broken.value.code == "department_cycle"


@pytest.mark.parametrize(
    ("lead", "co_handlers", "code"),
    [
        ("ministry-of-magic", [], "unknown_department"),
        ("urban-management", ["nowhere"], "unknown_department"),
        (None, ["street-yuelu"], "lead_required"),
        ("urban-management", ["urban-management"], "lead_is_co_handler"),
        ("urban-management", ["street-yuelu", "street-yuelu"], "duplicate_co_handler"),
    ],
)
def test_routing_rules_name_known_and_distinct_departments(
    lead: str | None, co_handlers: list[str], code: str
) -> None:
    with pytest.raises(OrganisationRuleBroken) as broken:
        check_route(lead, co_handlers, PARENTS)
    assert broken.value.code == code


@pytest.mark.parametrize(
    ("lead", "co_handlers"),
    [
        (
            None,
            [],
        ),  # no lead: the category waits for a dispatcher (tests/e2e/test_handling_routing)
        ("urban-management", ["street-yuelu"]),
        ("squad-team", ["urban-management-squad", "street-yuelu"]),
    ],
)
def test_well_formed_rules_are_accepted(lead: str | None, co_handlers: list[str]) -> None:
    try:
        check_route(lead, co_handlers, PARENTS)
    except OrganisationRuleBroken as broken:
        pytest.fail(f"a well-formed rule was refused: {broken.code}")


def test_a_handler_belongs_to_a_known_department() -> None:
    check_staff(Role.HANDLER, "street-yuelu", PARENTS)
    check_staff(Role.ADMIN, None, PARENTS)
    with pytest.raises(OrganisationRuleBroken) as missing:
        check_staff(Role.HANDLER, None, PARENTS)
    assert missing.value.code == "department_required"
    with pytest.raises(OrganisationRuleBroken) as unknown:
        check_staff(Role.DISPATCHER, "nowhere", PARENTS)
    assert unknown.value.code == "unknown_department"


def test_a_knowledge_reviewer_is_a_handler_of_a_department() -> None:
    check_staff(Role.HANDLER, "street-yuelu", PARENTS, reviews_knowledge=True)
    for role in set(Role) - {Role.HANDLER}:
        with pytest.raises(OrganisationRuleBroken) as not_handler:
            check_staff(role, "street-yuelu", PARENTS, reviews_knowledge=True)
        assert not_handler.value.code == "reviewer_not_handler"
        assert "reviews_knowledge" in str(not_handler.value)


@pytest.mark.parametrize("password", ["short", " padded-password ", ""])
def test_weak_passwords_are_refused(password: str) -> None:
    with pytest.raises(OrganisationRuleBroken) as broken:
        check_password(password)
    assert broken.value.code == "weak_password"


NOW = datetime(2026, 4, 12, 9, 0, tzinfo=UTC)


def test_the_fifth_failure_in_a_row_locks_the_username_for_the_lock_time() -> None:
    throttle = LoginThrottle(
        max_failures=5, lock=timedelta(minutes=15), window=timedelta(minutes=15)
    )
    failures, last = 0, None
    for attempt in range(1, 5):
        failures, locked = throttle.after_failure(failures, last, NOW)
        last = NOW
        assert (failures, locked) == (attempt, None)
    failures, locked = throttle.after_failure(failures, last, NOW)
    assert failures == 5 and locked == NOW + timedelta(minutes=15)
    assert throttle.is_locked(locked, NOW + timedelta(minutes=14))
    assert not throttle.is_locked(locked, NOW + timedelta(minutes=15))
    assert not throttle.is_locked(None, NOW)


def test_old_failures_are_forgotten_after_the_window() -> None:
    throttle = LoginThrottle(
        max_failures=5, lock=timedelta(minutes=15), window=timedelta(minutes=15)
    )
    later = NOW + timedelta(minutes=16)
    assert throttle.after_failure(4, NOW, later) == (1, None)


def district(**changes: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "district": {"code": "t", "name": "测试区"},
        "departments": [
            {"code": "urban-management", "name": "城管局"},
            {"code": "um-squad", "name": "中队", "kind": "squad", "parent": "urban-management"},
        ],
        "categories": [{"code": "streetlight", "name": "路灯", "lead": "urban-management"}],
        "staff": [
            {
                "username": "um-handler",
                "name": "承办",
                "role": "handler",
                "department": "urban-management",
                "password_hash": "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA",
            }
        ],
    }
    document.update(changes)
    return document


def test_the_district_file_describes_sub_units_and_staff() -> None:
    parsed = District.model_validate(district())
    assert parsed.departments[1].parent == "urban-management"
    assert parsed.staff[0].role is Role.HANDLER


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"departments": [{"code": "x", "name": "x", "parent": "nowhere"}], "categories": []},
            "unknown parent",
        ),
        (
            {
                "staff": [
                    {
                        "username": "h",
                        "name": "h",
                        "role": "handler",
                        "password_hash": "$argon2id$v=19$x",
                    }
                ]
            },
            "needs a department",
        ),
        (
            {"staff": [{"username": "a", "name": "a", "role": "admin", "password_hash": "plain"}]},
            "password_hash",
        ),
    ],
)
def test_the_district_file_refuses_inconsistent_entries(
    changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        District.model_validate(district(**changes))
    assert message in str(refused.value)
