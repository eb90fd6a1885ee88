"""Demo accounts in a district file: marked by their published password, which is really theirs,
and left out of what a production district is seeded with."""

from __future__ import annotations

from pathlib import Path

import pytest

from common.auth import verify_password
from common.district import District, load_district, parse_district
from common.district_file import DistrictFileError
from common.vocabulary import Role

DEMO = load_district()
REAL_ACCOUNT = {
    "username": "chief",
    "name": "主任",
    "role": "admin",
    "password_hash": "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA",
}


def test_the_demo_district_has_a_knowledge_reviewer_beside_each_demo_handler() -> None:
    handlers = {
        a.department: a.username
        for a in DEMO.staff
        if a.role is Role.HANDLER and not a.reviews_knowledge
    }
    reviewers = {a.department: a for a in DEMO.staff if a.reviews_knowledge}
    assert set(reviewers) == set(handlers) and len(reviewers) == 10
    for department, reviewer in reviewers.items():
        assert reviewer.username == handlers[department].replace("-handler", "-reviewer")
        assert (reviewer.role, reviewer.demo_password) == (Role.HANDLER, "demo-reviewer")
        assert verify_password(reviewer.password_hash, "demo-reviewer"), reviewer.username


def test_a_knowledge_reviewer_who_is_not_a_handler_is_refused() -> None:
    text = WITH_DEMO_HANDLERS.replace(
        "    role: admin\n", "    role: admin\n    reviews_knowledge: true\n"
    )
    with pytest.raises(DistrictFileError) as refused:
        parse_district("district.yaml", text)
    assert "knowledge reviewer admin must be a handler" in refused.value.reason


def test_the_demo_district_marks_one_demo_account_per_role() -> None:
    assert {account.role for account in DEMO.staff if account.is_demo} == {
        account.role for account in DEMO.staff
    }
    assert sorted(DEMO.demo_logins()) == sorted(account.username for account in DEMO.staff)


def test_each_published_demo_password_is_the_one_its_hash_was_made_from() -> None:
    """Else production's start-up check would look for the wrong password."""
    for account in DEMO.staff:
        assert account.demo_password is not None
        assert verify_password(account.password_hash, account.demo_password), account.username


def test_production_seeds_the_real_accounts_of_a_file_and_none_of_its_demo_accounts() -> None:
    document = DEMO.model_dump(mode="json")
    document["staff"].append(REAL_ACCOUNT)
    district = District.model_validate(document)
    assert [a.username for a in district.staff_to_seed(demo_accounts=False)] == ["chief"]
    assert len(district.staff_to_seed(demo_accounts=True)) == len(DEMO.staff) + 1
    assert "chief" not in district.demo_logins()


YUELU = load_district(Path(__file__).resolve().parents[2] / "deploy" / "district" / "yuelu.yaml")
HANDLER_HASH = YUELU.demo_handlers.password_hash if YUELU.demo_handlers else ""
REVIEWER_HASH = next(a.password_hash for a in DEMO.staff if a.reviews_knowledge)
WITH_DEMO_HANDLERS = f"""\
district: {{code: t, name: 测试区}}
departments:
  - {{code: urban-management, name: 城管局}}
  - {{code: water-company, name: 供水公司, kind: utility, outside: true}}
categories:
  - {{code: streetlight, name: 路灯, lead: urban-management}}
staff:
  - username: admin
    name: 管理员
    role: admin
    password_hash: {REAL_ACCOUNT["password_hash"]}
demo_handlers:
  password_hash: {HANDLER_HASH}
  demo_password: demo-handler
"""


def test_demo_handlers_make_one_demo_handler_per_department_and_outside_unit() -> None:
    district = parse_district("district.yaml", WITH_DEMO_HANDLERS)
    handlers = [a for a in district.accounts if a.role is Role.HANDLER]
    assert [(a.username, a.department, a.name) for a in handlers] == [
        ("urban-management-handler", "urban-management", "城管局承办演示账号"),
        ("water-company-handler", "water-company", "供水公司承办演示账号"),
    ]
    assert district.demo_logins() == {
        "urban-management-handler": "demo-handler",
        "water-company-handler": "demo-handler",
    }
    assert [a.username for a in district.staff_to_seed(demo_accounts=False)] == ["admin"]
    assert len(district.staff_to_seed(demo_accounts=True)) == 3


def test_demo_handlers_with_reviewers_make_a_knowledge_reviewer_beside_each_handler() -> None:
    text = (
        WITH_DEMO_HANDLERS
        + f"""\
  reviewers:
    password_hash: {REVIEWER_HASH}
    demo_password: demo-reviewer
"""
    )
    district = parse_district("district.yaml", text)
    reviewers = [a for a in district.accounts if a.reviews_knowledge]
    assert [(a.username, a.department, a.role, a.name) for a in reviewers] == [
        ("urban-management-reviewer", "urban-management", Role.HANDLER, "城管局知识库审核演示账号"),
        ("water-company-reviewer", "water-company", Role.HANDLER, "供水公司知识库审核演示账号"),
    ]
    assert district.demo_logins()["water-company-reviewer"] == "demo-reviewer"
    assert [a.username for a in district.staff_to_seed(demo_accounts=False)] == ["admin"]
    listed_twice = text.replace("username: admin", "username: water-company-reviewer")
    with pytest.raises(DistrictFileError) as refused:
        parse_district("district.yaml", listed_twice)
    assert "water-company-reviewer is listed and made by demo_handlers" in refused.value.reason


def test_the_real_district_has_a_demo_handler_for_every_department_street_and_unit() -> None:
    handlers = {
        a.department: a
        for a in YUELU.accounts
        if a.role is Role.HANDLER and not a.reviews_knowledge
    }
    assert set(handlers) == {d.code for d in YUELU.departments}
    assert len(handlers) == 72
    assert all(a.username == f"{code}-handler" for code, a in handlers.items())
    reviewers = {a.department: a for a in YUELU.accounts if a.reviews_knowledge}
    assert set(reviewers) == set(handlers)
    assert all(a.username == f"{code}-reviewer" for code, a in reviewers.items())
    assert {a.role for a in YUELU.staff} == set(Role) - {Role.HANDLER}
    assert all(account.is_demo for account in YUELU.accounts)
    assert YUELU.staff_to_seed(demo_accounts=False) == []


def test_the_real_districts_published_passwords_are_the_ones_their_hashes_were_made_from() -> None:
    assert YUELU.demo_handlers is not None
    demo = YUELU.demo_handlers
    assert verify_password(demo.password_hash, demo.demo_password)
    assert demo.reviewers is not None and demo.reviewers.demo_password == "demo-reviewer"
    assert verify_password(demo.reviewers.password_hash, demo.reviewers.demo_password)
    for account in YUELU.staff:
        assert account.demo_password is not None
        assert verify_password(account.password_hash, account.demo_password), account.username


def test_a_listed_account_that_demo_handlers_would_make_too_is_refused_with_its_line() -> None:
    text = WITH_DEMO_HANDLERS.replace("username: admin", "username: water-company-handler")
    with pytest.raises(DistrictFileError) as refused:
        parse_district("district.yaml", text)
    assert refused.value.line == 8
    assert "water-company-handler is listed and made by demo_handlers" in refused.value.reason


def test_a_department_code_too_long_for_its_demo_handler_is_refused_with_its_line() -> None:
    long_code = "water-" + "x" * 54  # a valid 60-character code; 68 with -handler
    text = WITH_DEMO_HANDLERS.replace("code: water-company,", f"code: {long_code},")
    with pytest.raises(DistrictFileError) as refused:
        parse_district("district.yaml", text)
    assert refused.value.line == 4 and "longer than 64" in refused.value.reason


def test_demo_handlers_without_their_published_password_are_refused() -> None:
    """Accounts with a shared hash and no published password could not be told from real ones:
    production would seed them."""
    text = WITH_DEMO_HANDLERS.replace("  demo_password: demo-handler\n", "")
    with pytest.raises(DistrictFileError) as refused:
        parse_district("district.yaml", text)
    assert "demo_password" in refused.value.reason
