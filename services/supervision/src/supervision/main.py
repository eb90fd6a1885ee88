"""Composition root: settings -> broker -> routers -> app."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from common.runtime import ServiceDefinition, create_app
from common.serve import serve
from supervision import api, figures_api, handlers, measures
from supervision.config import Rules, Settings

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


DEFINITION = ServiceDefinition(
    name="supervision",
    title="supervision - 督查督办",
    migrations=MIGRATIONS,
    consumes=handlers.CONSUMES,
    handlers=lambda runtime: handlers.handlers(Rules.of(runtime.settings_as(Settings))),
    routers=lambda runtime: [api.router, figures_api.router],
    background=[measures.sample_rates],
)


def app(settings: Settings | None = None) -> FastAPI:
    return create_app(DEFINITION, settings or Settings())


def run() -> None:
    settings = Settings()
    serve(app(settings), settings)


if __name__ == "__main__":
    run()
