"""What dispatch takes from the district file at start, on its in-memory store: the
organisation once per version of the file (edits made since are kept), and the taxonomy's
new nodes, announced."""

from __future__ import annotations

from common.district import District
from common.events import TaxonomyChanged
from common.memory import MemoryDatabase
from dispatch.repository.memory import MemoryStore
from dispatch.service import organisation, taxonomy
from tests.support.dispatch_world import Db

FILE = District.model_validate(
    {
        "district": {"code": "demo", "name": "示范区"},
        "departments": [
            {"code": "roads", "name": "城管局"},
            {"code": "water-co", "name": "供水公司", "outside": True},
        ],
        "categories": [
            {
                "code": "pothole",
                "name": "道路坑洼",
                "lead": "roads",
                "domain": "city",
                "domain_name": "城市管理",
                "group": "streets",
                "group_name": "道路",
                "kinds": ["complaint"],
            }
        ],
        "staff": [
            {
                "username": "chief",
                "name": "管理员",
                "role": "admin",
                "password_hash": "$argon2id$x",
            },
            {
                "username": "demo-d",
                "name": "演示派单员",
                "role": "dispatcher",
                "password_hash": "$argon2id$y",
                "demo_password": "demo-dispatcher",
            },
        ],
    }
)


def empty() -> Db:
    return MemoryDatabase(MemoryStore(), producer="dispatch")


async def test_the_file_seeds_the_organisation_once_and_keeps_later_edits() -> None:
    db = empty()
    async with db.unit_of_work() as uow:
        assert await organisation.seed_organisation(uow, FILE, sha256="v1", demo_accounts=False)
    org = db.store.organisation
    assert sorted(org.departments) == ["roads", "water-co"]
    assert org.departments["water-co"]["outside"] is True
    assert org.rules["pothole"]["lead"] == "roads"
    assert sorted(db.store.staff.accounts) == ["chief"]
    async with db.unit_of_work() as uow:
        await organisation.put_department(
            uow, code="roads", name="城市管理局", kind="bureau", parent=None
        )
        assert not await organisation.seed_organisation(uow, FILE, sha256="v1", demo_accounts=True)
        assert await organisation.seed_organisation(uow, FILE, sha256="v2", demo_accounts=True)
    assert db.store.organisation.departments["roads"]["name"] == "城市管理局"
    assert sorted(db.store.staff.accounts) == ["chief", "demo-d"]
    assert db.published == []


async def test_the_taxonomy_seed_adds_what_is_new_and_announces_it_once() -> None:
    db = empty()
    async with db.unit_of_work() as uow:
        added = await taxonomy.seed(uow, FILE)
    assert added == ["city", "streets", "pothole"]
    (announced,) = db.events(TaxonomyChanged)
    assert [leaf.code for leaf in announced.leaves] == ["pothole"]
    assert announced.leaves[0].lead == "roads"
    async with db.unit_of_work() as uow:
        assert await taxonomy.seed(uow, FILE) == []
    assert len(db.events(TaxonomyChanged)) == 1
