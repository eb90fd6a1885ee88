"""Composition root: settings -> the typed state, the SQL store, handlers, routes and the
background loops; start-up seeds the policy table and loads the year files."""

from __future__ import annotations

import gc
import logging
from pathlib import Path
from typing import Any

import yaml
from fastapi import FastAPI

from common.runtime import Runtime, ServiceDefinition, create_app
from common.serve import serve
from deadline import api, background, handlers, measures
from deadline.config import Settings
from deadline.domain.calendar import WorkingCalendar, official_workdays
from deadline.domain.policy import district_defaults
from deadline.repository.sql import SqlStore
from deadline.service import calendars, policies
from deadline.service.clockwork import Clockwork
from deadline.state import DeadlineState

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"
DEPLOY = Path(__file__).resolve().parents[4] / "deploy"
CALENDARS = DEPLOY / "calendars"
SLA_FILE = DEPLOY / "district" / "sla.yaml"


def definition(settings: Settings) -> ServiceDefinition:
    bundled = official_workdays()
    sla_file = Path(settings.sla_policy_file) if settings.sla_policy_file else SLA_FILE
    document, source = sla_document(sla_file)
    state = DeadlineState(
        clock=Clockwork(
            WorkingCalendar(bundled, hours=settings.hours()),
            dispatch_department=settings.dispatch_department,
            district=district_defaults(document),
        ),
        bundled_calendar=bundled,
        scheduler_poll_seconds=settings.scheduler_poll_seconds,
        scheduler_batch=settings.scheduler_batch,
    )
    folder = Path(settings.calendar_dir) if settings.calendar_dir else CALENDARS

    async def prepare(runtime: Runtime) -> None:
        async with runtime.unit_of_work() as uow:
            if await policies.seed_policy(uow, state.clock, document, source=source):
                log.info("SLA policy seeded", extra={"source": source})
            await policies.announce_latest(uow, state.clock)
            loaded = await calendars.load_files(uow, state.clock, folder, bundled=bundled)
            for year, moved in loaded.items():
                log.info("calendar loaded", extra={"year": year, "timers": moved})
            await calendars.reload_calendar(uow, state.clock, bundled)
            state.calendar_loaded_at = await uow.store.calendar.last_change()
        # What start-up loaded (modules, models, the calendar) lives as long as the process:
        # out of the collector's sight, a full collection during a burst of alarms walks
        # only what the burst made (about 100 ms each otherwise, twenty in a 100,000 burst).
        gc.freeze()

    return ServiceDefinition(
        name="deadline",
        title="deadline - 限时办结",
        migrations=MIGRATIONS,
        consumes=handlers.CONSUMES,
        handlers=lambda runtime: handlers.handlers(state.clock),
        routers=lambda runtime: api.routers(),
        background=[
            *([background.run_scheduler] if settings.scheduler_enabled else []),
            background.refresh_calendar,
            background.sample_parked,
            measures.sample_overdue,
        ],
        on_startup=prepare,
        store=SqlStore,
        state=state,
    )


def sla_document(path: Path) -> tuple[dict[str, Any], str]:
    """The district's time-limit file: the table seeded at the first start, and the values
    a table leaves out ever after; the one source of them."""
    if not path.is_file():
        raise FileNotFoundError(f"the district's SLA policy file {path} is missing")
    document: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return document, f"file:{path.name}"


def app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    return create_app(definition(settings), settings)


def run() -> None:
    settings = Settings()
    serve(app(settings), settings)


if __name__ == "__main__":
    run()
