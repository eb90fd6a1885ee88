"""Composition root: settings -> broker -> routers -> app."""

from __future__ import annotations

from pathlib import Path

import uvicorn
from fastapi import FastAPI

from common.clock import utcnow
from common.district import load_district
from common.runtime import Runtime, ServiceDefinition, create_app
from dispatch import api, handlers, repository
from dispatch.config import Settings

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


async def load_organisation(runtime: Runtime) -> None:
    district = load_district(runtime.settings.district_file)
    async with runtime.db.session() as session, session.begin():
        await repository.load_district(session, district, now=utcnow())


DEFINITION = ServiceDefinition(
    name="dispatch",
    title="dispatch - 交办与办理",
    migrations=MIGRATIONS,
    consumes=handlers.CONSUMES,
    handlers=lambda runtime: handlers.handlers(),
    routers=lambda runtime: [api.router],
    on_startup=load_organisation,
)


def app(settings: Settings | None = None) -> FastAPI:
    return create_app(DEFINITION, settings or Settings())


def run() -> None:
    settings = Settings()
    uvicorn.run(app(settings), host=settings.http_host, port=settings.http_port, log_config=None)


if __name__ == "__main__":
    run()
