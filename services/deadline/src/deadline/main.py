"""Composition root: settings -> broker -> routers -> app."""

from __future__ import annotations

from pathlib import Path

import uvicorn
from fastapi import FastAPI

from common.runtime import Runtime, ServiceDefinition, create_app
from deadline import api, handlers
from deadline.config import Settings
from deadline.domain.calendar import WorkingCalendar, official_workdays
from deadline.domain.policy import DEFAULT_POLICY
from deadline.service import Clockwork

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def definition(settings: Settings) -> ServiceDefinition:
    clock = Clockwork(WorkingCalendar(official_workdays()), DEFAULT_POLICY)

    async def remember(runtime: Runtime) -> None:
        runtime.state.update(
            clock=clock,
            scheduler_poll_seconds=settings.scheduler_poll_seconds,
            scheduler_batch=settings.scheduler_batch,
        )

    return ServiceDefinition(
        name="deadline",
        title="deadline - 限时办结",
        migrations=MIGRATIONS,
        consumes=handlers.CONSUMES,
        handlers=lambda runtime: handlers.handlers(clock),
        routers=lambda runtime: [api.router],
        background=[handlers.run_scheduler],
        on_startup=remember,
    )


def app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    return create_app(definition(settings), settings)


def run() -> None:
    settings = Settings()
    uvicorn.run(app(settings), host=settings.http_host, port=settings.http_port, log_config=None)


if __name__ == "__main__":
    run()
