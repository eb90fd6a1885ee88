"""Demo accounts in a district file: marked by their published password, which is really theirs,
and left out of what a production district is seeded with."""

from __future__ import annotations

from common.auth import verify_password
from common.district import District, load_district

DEMO = load_district()
REAL_ACCOUNT = {
    "username": "chief",
    "name": "主任",
    "role": "admin",
    "password_hash": "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA",
}


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
