"""Composition root: settings -> broker -> routers -> app."""

from __future__ import annotations

import logging
from pathlib import Path

import uvicorn
from fastapi import FastAPI

from common.district import district_digest
from common.runtime import Runtime, ServiceDefinition, create_app
from dispatch import api, handlers, org_api, service
from dispatch.config import Settings

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


log = logging.getLogger(__name__)


async def load_organisation(runtime: Runtime) -> None:
    """Seed the organisation from the district file the first time (or add what a new
    version of the file brings); edits made since through the API are kept."""
    district, sha256 = district_digest(runtime.settings.district_file)
    async with runtime.db.session() as session, session.begin():
        applied = await service.seed_organisation(session, district, sha256=sha256)
    log.info(
        "district file applied" if applied else "district file already applied",
        extra={"district": district.district.code, "sha256": sha256},
    )


DEFINITION = ServiceDefinition(
    name="dispatch",
    title="dispatch - 交办与办理",
    migrations=MIGRATIONS,
    consumes=handlers.CONSUMES,
    handlers=lambda runtime: handlers.handlers(runtime.settings_as(Settings).max_handling_rounds),
    routers=lambda runtime: [
        api.router,
        org_api.auth_router,
        org_api.org_router,
        org_api.public_router,
    ],
    on_startup=load_organisation,
)


def app(settings: Settings | None = None) -> FastAPI:
    return create_app(DEFINITION, settings or Settings())


def run() -> None:
    settings = Settings()
    uvicorn.run(app(settings), host=settings.http_host, port=settings.http_port, log_config=None)


if __name__ == "__main__":
    run()
