"""The problem list (问题清单) and the imported batches published on it, on supervision's
in-memory store: adding and closing items, publishing and withdrawing a batch, and the
refusals, which change nothing."""

from __future__ import annotations

from datetime import date

from supervision.service import problems
from tests.support.supervision_memory import SUPERVISOR, database, deliver_all, refused, run
from tests.support.supervision_stories import MEETING, envelopes, may_fixture

BATCH, TITLE = MEETING


async def test_an_item_is_added_open_and_closed_only_with_its_outcome() -> None:
    db = database()
    item = await run(
        db,
        problems.add_problem,
        title="路灯长期不亮",
        responsible_unit="urban-management",
        time_limit=date(2026, 4, 30),
        linked_cases=["C-1"],
        principal=SUPERVISOR,
    )
    assert (item["item_id"], item["status"], item["created_by"]) == (1, "open", "supervisor:s1")
    assert db.store.problems.rows == [item]

    await refused(
        db, "outcome_required", problems.update_problem, item_id=1, changes={"status": "done"}
    )
    closed = await run(
        db,
        problems.update_problem,
        item_id=1,
        changes={"status": "done", "outcome": "已更换灯具"},
    )
    assert (closed["status"], closed["outcome"]) == ("done", "已更换灯具")
    assert db.store.problems.rows[0]["outcome"] == "已更换灯具"
    assert db.published == []  # the problem list announces nothing


async def test_changing_nothing_or_an_unknown_item_is_refused() -> None:
    db = database()
    await refused(db, "nothing_to_change", problems.update_problem, item_id=1, changes={})
    await refused(
        db, "problem_not_found", problems.update_problem, item_id=9, changes={"title": "t"}
    )


async def test_a_batch_is_known_published_with_its_progress_and_withdrawn() -> None:
    db = database()
    await deliver_all(db, envelopes(may_fixture()))
    db.published.clear()  # B1's dissatisfied callback: a signal, not what this is about
    known = await run(db, problems.known_batches)
    assert known == [{"batch_id": BATCH, "batch_title": TITLE, "cases": 4, "published": False}]

    progress = await run(db, problems.publish_batch, batch_id=BATCH, principal=SUPERVISOR)
    assert (progress["registered"], progress["accepted"], progress["explained"]) == (4, 2, 2)
    assert await run(db, problems.published_progress) == [progress]
    assert (await run(db, problems.known_batches))[0]["published"] is True

    await run(db, problems.withdraw_batch, batch_id=BATCH)
    assert await run(db, problems.published_progress) == []
    assert db.published == []


async def test_an_unknown_batch_cannot_be_published_nor_an_unpublished_one_withdrawn() -> None:
    db = database()
    await deliver_all(db, envelopes(may_fixture()))
    await refused(
        db, "batch_not_found", problems.publish_batch, batch_id="nope", principal=SUPERVISOR
    )
    await refused(db, "batch_not_published", problems.withdraw_batch, batch_id=BATCH)
