"""The submitter's rating link on callback's in-memory store: issued for an open task (only
the token's hash is kept), shown and used once to rate; an unknown, used or expired link, or a
finished task, is refused and changes nothing."""

from __future__ import annotations

import copy
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from callback.domain.rating_link import token_hash
from callback.domain.task import TaskState
from callback.repository.memory import MemoryStore
from callback.repository.store import NewTask, Unit
from callback.service import calls, rating_links
from callback.service.rating_links import IssuedLink
from common.clock import utcnow
from common.errors import ApiError
from common.events import CallbackCompleted
from common.memory import MemoryDatabase
from common.vocabulary import Satisfaction

CASE = "20261120000001"
AT = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
DAY = timedelta(hours=24)
DB = MemoryDatabase[MemoryStore]


@pytest.fixture
async def db() -> DB:
    db = MemoryDatabase(MemoryStore(), producer="callback")
    async with db.unit_of_work() as uow:
        for round in (1, 2):
            await uow.store.tasks.open(
                NewTask(CASE, round, "roads", "resolution", None, "partly_solved", "补好了", AT)
            )
    return db


async def issue(db: DB) -> IssuedLink:
    async with db.unit_of_work() as uow:
        return await rating_links.issue_rating_link(
            uow, case_id=CASE, agent="agent:li", valid_for=DAY
        )


def rating(token: str) -> Callable[[Unit], Awaitable[object]]:
    return lambda uow: rating_links.submit_rating(
        uow, token=token, satisfaction=Satisfaction.SATISFIED, solved=True, comment="谢谢"
    )


async def refused(db: DB, use_case: Callable[[Unit], Awaitable[object]], code: str) -> int:
    """The use case is refused with `code` and leaves the store and the topic as they were;
    returns the refusal's HTTP status."""
    before = copy.deepcopy(db.store)
    published = len(db.published)
    with pytest.raises(ApiError) as refusal:
        async with db.unit_of_work() as uow:
            await use_case(uow)
    assert refusal.value.code == code
    assert db.store == before
    assert len(db.published) == published
    return refusal.value.status


async def test_a_link_is_issued_for_the_latest_open_round_and_only_its_hash_kept(
    db: DB,
) -> None:
    link = await issue(db)
    assert (link.case_id, link.round) == (CASE, 2)
    assert utcnow() < link.expires_at <= utcnow() + DAY
    [kept] = db.store.rating_links.links.values()
    assert kept.token_hash == token_hash(link.token)
    assert (kept.case_id, kept.round, kept.issued_by, kept.used_at) == (CASE, 2, "agent:li", None)
    assert kept.expires_at == link.expires_at
    assert db.published == []


async def test_the_page_shows_the_round_and_how_it_was_resolved(db: DB) -> None:
    link = await issue(db)
    async with db.unit_of_work() as uow:
        page = await rating_links.rating_link_view(uow, link.token)
    assert page == {
        "case_id": CASE,
        "round": 2,
        "result": "partly_solved",
        "resolved_at": AT,
        "expires_at": link.expires_at,
        "questions": {"satisfaction": [s.value for s in Satisfaction], "solved": [True, False]},
    }


async def test_the_submitter_rates_the_links_round_once(db: DB) -> None:
    link = await issue(db)
    async with db.unit_of_work() as uow:
        done = await rating(link.token)(uow)
    assert (done.case_id, done.round, done.state) == (CASE, 2, TaskState.COMPLETED)
    row = db.store.tasks.row(CASE, 2)
    assert row.state is TaskState.COMPLETED and row.result is not None
    assert (row.result.agent, row.result.comment) == (rating_links.RATING_LINK_AGENT, "谢谢")
    assert db.store.rating_links.links[token_hash(link.token)].used_at is not None
    [completed] = db.events(CallbackCompleted)
    assert (completed.round, completed.agent) == (2, rating_links.RATING_LINK_AGENT)
    assert await refused(db, rating(link.token), "rating_link_used") == 410
    assert (
        await refused(
            db, lambda uow: rating_links.rating_link_view(uow, link.token), "rating_link_used"
        )
        == 410
    )


async def test_an_unknown_link_is_404(db: DB) -> None:
    assert await refused(db, rating("no-such-token"), "rating_link_not_found") == 404
    view = lambda uow: rating_links.rating_link_view(uow, "no-such-token")  # noqa: E731
    assert await refused(db, view, "rating_link_not_found") == 404


async def test_an_expired_link_is_gone(db: DB) -> None:
    link = await issue(db)
    key = token_hash(link.token)
    links = db.store.rating_links.links
    links[key] = replace(links[key], expires_at=utcnow() - timedelta(seconds=1))
    assert await refused(db, rating(link.token), "rating_link_expired") == 410


async def test_a_link_for_a_task_an_agent_finished_is_refused(db: DB) -> None:
    link = await issue(db)
    async with db.unit_of_work() as uow:
        await calls.record_result(
            uow,
            case_id=CASE,
            satisfaction=Satisfaction.DISSATISFIED,
            solved=False,
            comment="",
            agent="agent:li",
        )
    assert await refused(db, rating(link.token), "callback_already_recorded") == 409
    issuing = lambda uow: rating_links.issue_rating_link(  # noqa: E731
        uow, case_id=CASE, agent="agent:li", valid_for=DAY
    )
    assert await refused(db, issuing, "callback_closed") == 409


async def test_no_task_no_link(db: DB) -> None:
    issuing = lambda uow: rating_links.issue_rating_link(  # noqa: E731
        uow, case_id="NOPE", agent="agent:li", valid_for=DAY
    )
    assert await refused(db, issuing, "no_callback_task") == 404
