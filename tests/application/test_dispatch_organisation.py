"""Dispatch's organisation, staff, login and taxonomy use cases on its in-memory store: each
success, and the main refusals changing nothing and publishing nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from common.clock import utcnow
from common.events import TaxonomyChanged
from common.vocabulary import Role
from dispatch.domain.lifecycle import Route
from dispatch.domain.organisation import LoginThrottle
from dispatch.domain.taxonomy import Changes, Node
from dispatch.repository.store import Unit
from dispatch.service import logins, organisation, staff, taxonomy
from tests.support.dispatch_world import Db, district, refused

PASSWORD = "a long enough passphrase"
THROTTLE = LoginThrottle(2, lock=timedelta(minutes=15), window=timedelta(minutes=15))


async def run(db: Db, use_case: Any, *args: Any, **kwargs: Any) -> Any:
    """Run one use case in its own unit, as a route does."""
    async with db.unit_of_work() as uow:
        return await use_case(uow, *args, **kwargs)


async def test_put_department_creates_a_sub_unit_and_refuses_an_unknown_parent() -> None:
    db = district()
    made = await run(
        db,
        organisation.put_department,
        code="roads-east",
        name="东区城管",
        kind="street",
        parent="roads",
    )
    assert (made["parent"], made["outside"]) == ("roads", False)
    unknown = await refused(
        db, organisation.put_department, code="x", name="X", kind="bureau", parent="nobody"
    )
    assert (unknown.status, unknown.code) == (422, "unknown_department")


async def test_a_routing_rule_names_existing_departments_and_is_used_by_the_next_case() -> None:
    db = district()
    rule = await run(
        db, organisation.put_routing_rule, category="noise", lead="police", co_handlers=[]
    )
    assert rule["lead"] == "police"
    assert await db.store.organisation.find_route("noise") == Route("police")
    unknown = await refused(
        db, organisation.put_routing_rule, category="noise", lead="nobody", co_handlers=[]
    )
    assert unknown.code == "unknown_department"


async def test_create_staff_refuses_a_taken_username_a_weak_password_and_a_handler_alone() -> None:
    db = district()
    made = await run(
        db,
        staff.create_staff,
        username="li",
        name="李四",
        role=Role.HANDLER,
        department="roads",
        password=PASSWORD,
    )
    assert (made["username"], made["active"]) == ("li", True)
    assert "password_hash" not in made
    taken = await refused(
        db,
        staff.create_staff,
        username="li",
        name="李",
        role=Role.HANDLER,
        department="roads",
        password=PASSWORD,
    )
    assert (taken.status, taken.code) == (409, "username_taken")
    weak = await refused(
        db,
        staff.create_staff,
        username="wang",
        name="王",
        role=Role.DISPATCHER,
        department=None,
        password="short",
    )
    assert weak.code == "weak_password"
    alone = await refused(
        db,
        staff.create_staff,
        username="zhao",
        name="赵",
        role=Role.HANDLER,
        department=None,
        password=PASSWORD,
    )
    assert alone.code == "department_required"


async def test_update_staff_changes_and_deactivates_and_refuses_an_unknown_account() -> None:
    db = district()
    await run(
        db,
        staff.create_staff,
        username="li",
        name="李四",
        role=Role.HANDLER,
        department="roads",
        password=PASSWORD,
    )
    moved = await run(db, staff.update_staff, "li", changes={"department": "parks"})
    assert moved["department"] == "parks"
    off = await run(db, staff.update_staff, "li", changes={"active": False})
    assert off["active"] is False
    unknown = await refused(db, staff.update_staff, "nobody", changes={"active": False})
    assert (unknown.status, unknown.code) == (404, "staff_not_found")
    inconsistent = await refused(db, staff.update_staff, "li", changes={"department": None})
    assert inconsistent.code == "department_required"


async def test_login_succeeds_fails_and_locks_and_a_new_password_unlocks() -> None:
    db = district()
    await run(
        db,
        staff.create_staff,
        username="li",
        name="李四",
        role=Role.HANDLER,
        department="roads",
        password=PASSWORD,
    )
    ok = await run(db, logins.attempt_login, username="li", password=PASSWORD, throttle=THROTTLE)
    assert ok.principal is not None and ok.principal.department == "roads"
    for _ in range(2):
        wrong = await run(
            db, logins.attempt_login, username="li", password="wrong", throttle=THROTTLE
        )
        assert wrong.principal is None
    assert wrong.locked_until is not None and wrong.locked_until > utcnow()
    locked = await run(
        db, logins.attempt_login, username="li", password=PASSWORD, throttle=THROTTLE
    )
    assert locked.principal is None
    await run(db, staff.set_password, "li", password="another long passphrase")
    assert db.store.staff.failures == {}
    again = await run(
        db,
        logins.attempt_login,
        username="li",
        password="another long passphrase",
        throttle=THROTTLE,
    )
    assert again.principal is not None
    weak = await refused(db, staff.set_password, "li", password="short")
    assert weak.code == "weak_password"


async def test_a_knowledge_reviewer_is_made_changed_and_logs_in_as_one() -> None:
    db = district()
    made = await run(
        db,
        staff.create_staff,
        username="wang",
        name="王五",
        role=Role.HANDLER,
        department="roads",
        password=PASSWORD,
        reviews_knowledge=True,
    )
    assert made["reviews_knowledge"] is True
    ok = await run(db, logins.attempt_login, username="wang", password=PASSWORD, throttle=THROTTLE)
    assert ok.principal is not None and ok.principal.reviews_knowledge is True
    listed = await db.store.staff.list_staff(role=None, department="roads")
    assert [(s["username"], s["reviews_knowledge"]) for s in listed] == [("wang", True)]

    demoted = await run(db, staff.update_staff, "wang", changes={"reviews_knowledge": False})
    assert demoted["reviews_knowledge"] is False
    plain = await run(
        db, logins.attempt_login, username="wang", password=PASSWORD, throttle=THROTTLE
    )
    assert plain.principal is not None and plain.principal.reviews_knowledge is False


async def test_only_a_handler_may_review_knowledge() -> None:
    db = district()
    clerk = await refused(
        db,
        staff.create_staff,
        username="zhao",
        name="赵六",
        role=Role.CLERK,
        department="roads",
        password=PASSWORD,
        reviews_knowledge=True,
    )
    assert (clerk.status, clerk.code) == (422, "reviewer_not_handler")
    assert await db.store.staff.get_staff("zhao") is None
    await run(
        db,
        staff.create_staff,
        username="wang",
        name="王五",
        role=Role.HANDLER,
        department="roads",
        password=PASSWORD,
        reviews_knowledge=True,
    )
    moved_away = await refused(db, staff.update_staff, "wang", changes={"role": Role.DISPATCHER})
    assert moved_away.code == "reviewer_not_handler"
    assert (await db.store.staff.get_staff("wang") or {})["role"] == "handler"


async def test_an_unknown_username_is_refused_and_counted_like_a_known_one() -> None:
    db = district()
    out = await run(db, logins.attempt_login, username="ghost", password="x", throttle=THROTTLE)
    assert out.principal is None
    assert db.store.staff.failures["ghost"]["failures"] == 1


async def test_working_demo_logins_names_active_accounts_with_a_published_password() -> None:
    db = district()
    for username in ("demo", "kept"):
        await run(
            db,
            staff.create_staff,
            username=username,
            name="演示",
            role=Role.DISPATCHER,
            department=None,
            password=PASSWORD,
        )
    await run(db, staff.update_staff, "kept", changes={"active": False})
    published = {("demo", PASSWORD), ("kept", PASSWORD), ("ghost", PASSWORD)}
    assert await run(db, logins.working_demo_logins, published) == ["demo"]


def item(code: str, *, lead: str | None = "roads") -> Node:
    return Node(
        code=code,
        level="item",
        name="井盖缺失",
        parent="roads-cat",
        kinds=("complaint",),
        lead=lead,
    )


async def tree(db: Db) -> None:
    await run(db, taxonomy.add, Node(code="city", level="domain", name="城市管理"), actor="admin:a")
    await run(
        db,
        taxonomy.add,
        Node(code="roads-cat", level="category", name="道路", parent="city"),
        actor="admin:a",
    )


async def test_taxonomy_edits_are_logged_and_announced_with_a_new_version_each() -> None:
    db = district()
    await tree(db)
    added = await run(db, taxonomy.add, item("manhole"), actor="admin:a")
    assert (added["version"], added["lead"]) == (3, "roads")
    assert await db.store.organisation.find_route("manhole") == Route("roads")
    changed = await run(db, taxonomy.change, "manhole", Changes(name="井盖破损"), actor="admin:a")
    assert changed["name"] == "井盖破损"
    await run(db, taxonomy.retire, "manhole", actor="admin:a")
    restored = await run(db, taxonomy.restore, "manhole", actor="admin:a")
    assert restored["retired"] is False
    versions = [e.version for e in db.events(TaxonomyChanged)]
    assert versions == [1, 2, 3, 4, 5, 6]
    last = db.events(TaxonomyChanged)[-1]
    assert [leaf.code for leaf in last.leaves] == ["manhole"]
    assert [e["action"] for e in await db.store.taxonomy.edits(code="manhole", limit=10)] == [
        "restore",
        "retire",
        "change",
        "add",
    ]
    view = await taxonomy.tree(db.store.taxonomy)
    assert view["domains"][0]["categories"][0]["items"][0]["updated_by"] == "admin:a"


async def test_taxonomy_refuses_a_duplicate_an_unknown_node_and_an_unknown_lead() -> None:
    db = district()
    await tree(db)
    await run(db, taxonomy.add, item("manhole"), actor="admin:a")
    duplicate = await refused(db, taxonomy.add, item("manhole"), actor="admin:a")
    assert (duplicate.status, duplicate.code) == (409, "duplicate_code")
    missing = await refused(db, taxonomy.retire, "nothing", actor="admin:a")
    assert missing.status == 404
    unknown = await refused(db, taxonomy.add, item("grate", lead="nobody"), actor="admin:a")
    assert unknown.status == 422


async def test_a_routing_rule_set_for_a_taxonomy_item_is_logged_and_announced() -> None:
    db = district()
    await tree(db)
    await run(db, taxonomy.add, item("manhole"), actor="admin:a")

    async def route(uow: Unit) -> None:
        rule = await organisation.put_routing_rule(
            uow, category="manhole", lead="parks", co_handlers=[]
        )
        await taxonomy.routing_changed(uow, "manhole", rule, actor="admin:b")

    before = len(db.events(TaxonomyChanged))
    await run(db, route)
    assert len(db.events(TaxonomyChanged)) == before + 1
    assert db.events(TaxonomyChanged)[-1].leaves[0].lead == "parks"
    # a category that is no taxonomy item is routed without an announcement
    await run(db, organisation.put_routing_rule, category="noise", lead="police", co_handlers=[])
    assert len(db.events(TaxonomyChanged)) == before + 1
