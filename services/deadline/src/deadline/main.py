"""Composition root: settings -> broker -> routers -> app."""

from __future__ import annotations

import asyncio
import gc
import logging
from pathlib import Path
from typing import Any

import yaml
from fastapi import FastAPI

from common import metrics
from common.runtime import Runtime, ServiceDefinition, create_app
from common.serve import serve
from deadline import api, calendar_files, handlers, measures, repository, service
from deadline.config import Settings
from deadline.domain.calendar import WorkingCalendar, official_workdays
from deadline.domain.policy import DEFAULT_DOCUMENT
from deadline.service import Clockwork

log = logging.getLogger(__name__)
#: How often parked timers are looked at (a partial index) and counted.
PARKED_SAMPLE_SECONDS = 5.0
MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"
DEPLOY = Path(__file__).resolve().parents[4] / "deploy"
CALENDARS = DEPLOY / "calendars"
SLA_FILE = DEPLOY / "district" / "sla.yaml"


def definition(settings: Settings) -> ServiceDefinition:
    bundled = official_workdays()
    clock = Clockwork(
        WorkingCalendar(bundled, hours=settings.hours()),
        dispatch_department=settings.dispatch_department,
    )
    folder = Path(settings.calendar_dir) if settings.calendar_dir else CALENDARS
    sla_file = Path(settings.sla_policy_file) if settings.sla_policy_file else SLA_FILE

    async def prepare(runtime: Runtime) -> None:
        runtime.state.update(
            clock=clock,
            bundled_calendar=bundled,
            scheduler_poll_seconds=settings.scheduler_poll_seconds,
            scheduler_batch=settings.scheduler_batch,
        )
        async with runtime.unit_of_work() as uow:
            await repository.lock_policy_table(uow.session)
            document, source = _seed_document(sla_file)
            if await service.seed_policy(uow.session, document, source=source):
                log.info("SLA policy seeded", extra={"source": source})
            loaded = await repository.loaded_schedules(uow.session)
            for path in calendar_files.schedule_files(folder):
                schedule = calendar_files.read_schedule(path)
                if schedule.year not in loaded:
                    moved = await service.load_year(
                        uow, clock, schedule, actor=f"file:{path.name}", bundled=bundled
                    )
                    log.info("calendar loaded", extra={"year": schedule.year, "timers": moved})
            await service.reload_calendar(uow.session, clock, bundled)
            runtime.state["calendar_loaded_at"] = await repository.last_calendar_change(uow.session)
        # What start-up loaded (modules, models, the calendar) lives as long as the process:
        # out of the collector's sight, a full collection during a burst of alarms walks
        # only what the burst made (about 100 ms each otherwise, twenty in a 100,000 burst).
        gc.freeze()

    async def refresh_calendar(runtime: Runtime) -> None:
        """Another replica may load a year: pick it up within the refresh interval."""
        while True:
            await asyncio.sleep(settings.calendar_refresh_seconds)
            try:
                async with runtime.db.session() as session:
                    latest = await repository.last_calendar_change(session)
                    if latest != runtime.state.get("calendar_loaded_at"):
                        await service.reload_calendar(session, clock, bundled)
                        runtime.state["calendar_loaded_at"] = latest
            except Exception:
                log.exception("calendar refresh failed; keeping the current calendar")

    return ServiceDefinition(
        name="deadline",
        title="deadline - 限时办结",
        migrations=MIGRATIONS,
        consumes=handlers.CONSUMES,
        handlers=lambda runtime: handlers.handlers(clock),
        routers=lambda runtime: [api.router],
        background=[
            *([handlers.run_scheduler] if settings.scheduler_enabled else []),
            refresh_calendar,
            sample_parked,
            measures.sample_overdue,
        ],
        on_startup=prepare,
    )


async def sample_parked(runtime: Runtime) -> None:
    """Place what another replica's year made placeable, then count what is still parked:
    civicloop_deadline_parked_timers{year} (alert CivicloopDeadlineParkedTimers), the same
    on every replica."""
    clock: Clockwork = runtime.state["clock"]
    while True:
        try:
            async with runtime.unit_of_work() as uow:
                await service.place_parked(uow, clock)
                counts = await repository.parked_counts(uow.session)
            metrics.DEADLINE_PARKED_TIMERS.clear()
            for year, count in counts.items():
                metrics.DEADLINE_PARKED_TIMERS.labels(str(year)).set(count)
        except Exception:
            log.exception("placing or counting parked timers failed")
        await asyncio.sleep(PARKED_SAMPLE_SECONDS)


def _seed_document(path: Path) -> tuple[dict[str, Any], str]:
    if path.is_file():
        document: dict[str, Any] = yaml.safe_load(path.read_text())
        return document, f"file:{path.name}"
    return DEFAULT_DOCUMENT, "built-in default"


def app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    return create_app(definition(settings), settings)


def run() -> None:
    settings = Settings()
    serve(app(settings), settings)


if __name__ == "__main__":
    run()
