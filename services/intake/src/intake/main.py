"""Composition root: settings -> broker -> routers -> app."""

from __future__ import annotations

from pathlib import Path

import uvicorn
from fastapi import FastAPI

from common.clock import utcnow
from common.district import District, load_district
from common.runtime import Runtime, ServiceDefinition, create_app
from intake import api, handlers, open311, repository
from intake.config import Settings

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def definition(district: District) -> ServiceDefinition:
    names = {d.code: d.name for d in district.departments}

    async def load_catalogue(runtime: Runtime) -> None:
        async with runtime.db.session() as session, session.begin():
            await repository.load_district(session, district, now=utcnow())

    return ServiceDefinition(
        name="intake",
        title="intake - 诉求登记与甄别",
        migrations=MIGRATIONS,
        consumes=handlers.CONSUMES,
        handlers=lambda runtime: handlers.handlers(names),
        routers=lambda runtime: [api.router, *open311.routers(runtime, district)],
        on_startup=load_catalogue,
        max_body_bytes=64 * 1024,
    )


def app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    return create_app(definition(load_district(settings.district_file)), settings)


def run() -> None:
    settings = Settings()
    uvicorn.run(app(settings), host=settings.http_host, port=settings.http_port, log_config=None)


if __name__ == "__main__":
    run()
