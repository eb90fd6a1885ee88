"""The calendar's use cases on the in-memory store: a limit reaching a year nobody loaded
is parked; loading the year (API or file) places it and tells callback the due time; a
replica that parked a timer after another loaded the year places it when it samples."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from common import events
from common.vocabulary import Channel, RequestKind, TimerStage
from deadline.domain.schedule import YearSchedule
from deadline.service import calendars, parked
from tests.support.deadline_world import World, assigned, world

#: Monday 28 December 2026, 09:00 in Shanghai; the bundled calendar ends with 2026.
DECEMBER = datetime(2026, 12, 28, 1, 0, tzinfo=UTC)
YEAR_2027 = YearSchedule(2027, "国务院办公厅通知", {date(2027, 1, 1): "元旦"}, {})


def on_the_spot(at: datetime) -> events.CaseResolvedOnTheSpot:
    return events.CaseResolvedOnTheSpot(
        category="consult.policy",
        kind=RequestKind.CONSULTATION,
        channel=Channel.WINDOW,
        outcome="answered",
        answer="已解答",
        actor="w",
        resolved_at=at,
    )


async def parked_world() -> World:
    """C-1's resolution (five working days) and C-2's callback reach into 2027."""
    w = await world()
    await w.deliver(assigned(at=DECEMBER), case_id="C-1")
    await w.deliver(on_the_spot(datetime(2026, 12, 31, 2, 0, tzinfo=UTC)), case_id="C-2")
    return w


async def test_a_limit_reaching_an_unloaded_year_is_parked_and_callback_told_so() -> None:
    w = await parked_world()
    resolution = w.timer("resolution", "C-1")
    assert (resolution.due_at, resolution.parked_year) == (None, 2027)
    (announced,) = w.db.events(events.DeadlineSet)
    assert (announced.stage, announced.due_at) == (TimerStage.CALLBACK, None)
    assert await w.db.store.timers.parked_counts() == {2027: 4}


async def test_loading_the_year_places_parked_timers_and_announces_callbacks_time() -> None:
    w = await parked_world()
    async with w.db.unit_of_work() as uow:
        moved = await calendars.load_year(
            uow, w.clock, YEAR_2027, actor="admin-1", bundled=w.state.bundled_calendar
        )
    assert moved == 4
    resolution = w.timer("resolution", "C-1")
    assert resolution.due_at == datetime(2027, 1, 4, 9, 30, tzinfo=UTC)
    assert resolution.parked_year is None
    placed = w.db.events(events.DeadlineSet)[-1]
    assert placed.timer_id == w.timer("callback", "C-2").id
    assert placed.due_at == w.timer("callback", "C-2").due_at is not None
    assert await w.db.store.timers.parked_counts() == {}
    assert w.clock.calendar.is_workday(date(2027, 1, 4))


async def test_the_year_files_are_loaded_once_and_a_loaded_year_is_left_as_it_is(
    tmp_path: Path,
) -> None:
    w = await parked_world()
    (tmp_path / "2027.yaml").write_text(
        "year: 2027\nsource: 通知\nholidays:\n  2027-01-01: 元旦\n", encoding="utf-8"
    )
    async with w.db.unit_of_work() as uow:
        assert await calendars.load_files(
            uow, w.clock, tmp_path, bundled=w.state.bundled_calendar
        ) == {2027: 4}
        assert (
            await calendars.load_files(uow, w.clock, tmp_path, bundled=w.state.bundled_calendar)
            == {}
        )
    assert w.db.store.tables.schedules[2027].source == "通知"


async def test_a_timer_parked_after_another_replica_loaded_the_year_is_placed() -> None:
    w = await parked_world()
    async with w.db.unit_of_work() as uow:
        assert await parked.place_parked(uow, w.clock) == 0  # 2027 unknown here still
        await uow.store.calendar.save(YEAR_2027, loaded_by="other replica")
        await calendars.reload_calendar(uow, w.clock, w.state.bundled_calendar)
        assert await parked.place_parked(uow, w.clock) == 4
    assert w.timer("resolution", "C-1").due_at == datetime(2027, 1, 4, 9, 30, tzinfo=UTC)
    assert [e.due_at is None for e in w.db.events(events.DeadlineSet)] == [True, False]
